using NtkPure.Numerics;
using Xunit;

namespace NtkPure.Tests.Core;

public class MinEigenTests
{
    private static Mat Spd(int n, int k, ulong seed, double shift)
    {
        var rng = new Rng(seed);
        var d = new double[n * k];
        rng.FillGaussian(d);
        return Mat.FromRowMajor(n, k, d).Gram() + shift * Mat.Identity(n);
    }

    [Theory]
    [InlineData(1, 3, 0.5)]
    [InlineData(50, 60, 0.0)]
    [InlineData(200, 150, 1e-3)]
    [InlineData(300, 400, 0.0)]
    public void AgreesWithTheFullEigendecompositionToNTimesEpsilonTimesNorm(int n, int k, double shift)
    {
        var h = Spd(n, k, (ulong)n, shift);
        var fast = MinEigen.Of(h);
        var full = SymmetricEigen.Of(h);
        double norm = Math.Max(Math.Abs(full.Min), Math.Abs(full.Max));
        Assert.Equal("cholesky-lanczos", fast.Method);
        Assert.True(Math.Abs(fast.Value - full.Min) <= 10 * n * Tolerance.Epsilon * norm, $"fast {fast.Value:R}, full {full.Min:R}");
    }

    [Fact]
    public void CholeskyFactorReconstructsTheMatrix()
    {
        var h = Spd(230, 240, 5, 0.1);
        var l = Mat.Own(230, 230, MinEigen.TryCholesky(h)!);
        Assert.True(Tolerance.ForOperations(230, h.MaxAbs() * 230).Close(l.MultiplyTransposed(l), h));
        for (int i = 0; i < 230; i++)
            for (int j = i + 1; j < 230; j++)
                Assert.Equal(0.0, l[i, j]);
    }

    [Fact]
    public void SingularOrIndefiniteMatricesFallBackAndSaySo()
    {
        var singular = Spd(40, 10, 6, 0.0); // rank 10
        var r = MinEigen.Of(singular);
        Assert.StartsWith("eigendecomposition", r.Method);
        Assert.Equal(SymmetricEigen.Of(singular).Min, r.Value);
        var indefinite = Spd(20, 20, 7, 0.0) - 5.0 * Mat.Identity(20);
        Assert.Equal(SymmetricEigen.Of(indefinite).Min, MinEigen.Of(indefinite).Value);
    }
}
