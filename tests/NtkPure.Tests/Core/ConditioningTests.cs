using NtkPure.Numerics;
using Xunit;

namespace NtkPure.Tests.Core;

public sealed class ConditioningTests
{
    private const double Eps = 2.220446049250313e-16;

    [Fact]
    public void AWellConditionedPsdSpectrumHasNoWarning()
    {
        var c = Conditioning.Of([0.5, 1.0, 4.0]);
        Assert.Equal(8.0, c.Condition);
        Assert.Equal(8.0 * 3 * Eps, c.ErrorBound);
        Assert.False(c.IllConditioned);
        Assert.Empty(c.Warnings("K"));
    }

    [Fact]
    public void TheThresholdIsKappaTimesNTimesEpsilonAgainstOneInAMillion()
    {
        // n = 4: κ·4·ε crosses 1e-6 at κ = 1e-6/(4ε) ≈ 1.126e9
        double edge = 1e-6 / (4 * Eps);
        Assert.False(Conditioning.Of([1.0 / (0.99 * edge), 0.5, 0.7, 1.0]).IllConditioned);
        var ill = Conditioning.Of([1.0 / (1.01 * edge), 0.5, 0.7, 1.0]);
        Assert.True(ill.IllConditioned);
        var w = Assert.Single(ill.Warnings("K"));
        Assert.StartsWith("K is ill-conditioned: condition number κ = 1.14E+09", w);
        Assert.Contains("n = 4", w);
    }

    [Fact]
    public void ASingularKernelHasInfiniteConditionAndIsFlagged()
    {
        var c = Conditioning.Of([0.0, 1.0, 2.0]);
        Assert.True(double.IsPositiveInfinity(c.Condition));
        Assert.True(c.IllConditioned);
        Assert.Contains("κ = ∞", Assert.Single(c.Warnings("K")));
    }

    [Fact]
    public void NegativeEigenvaluesAreJudgedAgainstTheRoundingBound()
    {
        // ‖K‖₂ = 2, n = 3: the bound is 8·3·ε·2
        double bound = 8 * 3 * Eps * 2;
        var rounding = Conditioning.Of([-0.5 * bound, 1.0, 2.0]);
        Assert.Equal(bound, rounding.RoundingBound);
        Assert.Equal(1, rounding.NegativeCount);
        Assert.True(rounding.NegativesWithinRounding);
        Assert.Contains(rounding.Warnings("K"), w => w.Contains("1 negative eigenvalue(s)") && w.Contains("within the rounding bound"));
        var real = Conditioning.Of([-2.0 * bound, -1e-17, 2.0]);
        Assert.Equal(2, real.NegativeCount);
        Assert.Equal(-2.0 * bound, real.MostNegative);
        Assert.False(real.NegativesWithinRounding);
        Assert.Contains(real.Warnings("K"), w => w.Contains("BEYOND") && w.Contains("not positive semi-definite"));
    }

    [Fact]
    public void DuplicateInputsMakeHInfinitySingularAsComputed()
    {
        // two equal rows make H^∞ exactly singular: λ_min is rounding noise, and the warning says so
        var x = Mat.FromRowMajor(3, 2, [1, 0, 0.6, 0.8, 1, 0]);
        var c = Conditioning.Of(SymmetricEigen.Of(NtkPure.Kernels.InfiniteWidth.Hinf(x)));
        Assert.True(c.IllConditioned);
        Assert.True(Math.Abs(c.LambdaMin) <= c.RoundingBound, $"λ_min = {c.LambdaMin}, bound {c.RoundingBound}");
    }

    [Fact]
    public void NonFiniteEigenvaluesAndMatricesAreRefused()
    {
        Assert.Throws<NonFiniteException>(() => Conditioning.Of([1.0, double.NaN]));
        var e = Assert.Throws<NonFiniteException>(() => SymmetricEigen.Of(Mat.FromRowMajor(2, 2, [1, double.PositiveInfinity, double.PositiveInfinity, 1])));
        Assert.Contains("at [0, 1]", e.Message);
    }
}
