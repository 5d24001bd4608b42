using NtkPure.Claims;
using NtkPure.Dynamics;
using NtkPure.Kernels;
using NtkPure.Model;
using NtkPure.Numerics;
using Xunit;

namespace NtkPure.Tests.Claims;

/// <summary>Every claim holds on the real implementation and is refuted when a formula is broken.</summary>
public class FoundationClaimTests
{
    public static IEnumerable<object[]> FileClaims() => CatalogVerdictTests.Of(FoundationClaims.All);

    [Theory]
    [MemberData(nameof(FileClaims))]
    public void EveryClaimGetsTheVerdictOfItsMathematics(string id) => CatalogVerdictTests.Check(id);

    private static readonly ClaimRunOptions Options = new(Seed: 20261124);

    private static void Refuted(Claim broken)
    {
        var r = ClaimRunner.Run(broken, Options);
        Assert.Equal(Verdict.Refuted, r.Verdict);
        Assert.NotNull(r.Counterexample);
        // the counterexample replays: the same instance violates the statement again
        Assert.True(ClaimRunner.Replay(broken, r.Counterexample!.Value).Margin < 0);
    }

    [Fact]
    public void ClaimC1CatchesADroppedFactorNAndAFlippedSign()
    {
        Refuted(FoundationClaims.MakeClaimC1((k, y, u0, eta, n, t) => LinearDynamics.Discrete(k, y, u0, eta, 1.0).At(t)));
        Refuted(FoundationClaims.MakeClaimC1((k, y, u0, eta, n, t) => LinearDynamics.Discrete(k, y, u0, -eta, n).At(t)));
        Refuted(FoundationClaims.MakeClaimC1((k, y, u0, eta, n, t) => LinearDynamics.Discrete(k, y, u0, eta, n).At(t + 1)));
    }

    [Fact]
    public void ClaimC1NormBoundIsTestedAtTheTightStepSize()
    {
        // η = 2n/‖K‖ exactly: the top direction flips sign with modulus 1, so ‖u(t) − y‖ can equal ‖u(0) − y‖;
        // the check must not be refuted by rounding there, and must be refuted by a slightly larger factor.
        Refuted(FoundationClaims.MakeClaimC1((k, y, u0, eta, n, t) => LinearDynamics.Discrete(k, y, u0, eta * 1.05, n).At(t)));
    }

    [Fact]
    public void ClaimC1NormBoundCatchesAStepSizeTheIterationAndTheClosedFormShare()
    {
        // both sides with η·1.05: the identity holds between them, so only the norm bound (on the iterates, at
        // f·1.05 > 1 with f ≤ 1) can refute
        var shared = FoundationClaims.MakeClaimC1(
            (k, y, u0, eta, n, t) => LinearDynamics.Discrete(k, y, u0, eta * 1.05, n).At(t),
            (phi, y, omega0, eta, n, t) => LinearDynamics.ParameterGd(phi, y, omega0, eta * 1.05, n, t));
        Refuted(shared);
        Assert.Contains("‖u(t) − y‖", ClaimRunner.Run(shared, Options).Details);
    }

    [Fact]
    public void Algorithm1CatchesAWrongStep()
    {
        Refuted(FoundationClaims.MakeAlgorithm1((p, s) => GradientDescent.Step(p with { Eta1 = p.Eta1 * 1.01 }, s)));
        Refuted(FoundationClaims.MakeAlgorithm1((p, s) => GradientDescent.Step(p with { Loss = LossKind.Mean }, s)));
    }

    [Fact]
    public void GradientClaimCatchesAWrongGradient()
    {
        Refuted(FoundationClaims.MakeEq1Gradient((net, data, loss) =>
        {
            var g = Gradients.Of(net, data, loss);
            return g with { W = 2.0 * g.W };
        }));
        Refuted(FoundationClaims.MakeEq1Gradient((net, data, loss) => Gradients.Of(net, data, loss == LossKind.Sum ? LossKind.Mean : LossKind.Sum)));
    }

    [Fact]
    public void GradientClaimCatchesAGradientThatAgreesWithAWrongJacobian()
    {
        // gradient and Jacobian both off by the same factor agree with each other, so only the central difference
        // of the loss can catch them
        var consistent = FoundationClaims.MakeEq1Gradient(
            (net, data, loss) =>
            {
                var g = Gradients.Of(net, data, loss);
                return g with { W = 2.0 * g.W, A = 2.0 * g.A };
            },
            (net, x) => 2.0 * Jacobian.Of(net, x));
        Refuted(consistent);
        var r = ClaimRunner.Run(consistent, Options);
        Assert.Contains("central difference", r.Details);
    }

    [Fact]
    public void KernelClaimsCatchAWrongKernel()
    {
        Refuted(FoundationClaims.MakeFact4((net, x) => 1.0 / net.Width * EmpiricalNtk.FirstLayer(net, x)));
        Refuted(FoundationClaims.MakeFact4((net, x) => EmpiricalNtk.SecondLayer(net, x)));
        Refuted(FoundationClaims.MakeEq10((net, x) => -1.0 * EmpiricalNtk.FirstLayer(net, x)));
    }

    [Fact]
    public void ConstantKernelSolutionCatchesAWrongExponent()
    {
        Refuted(FoundationClaims.MakeConstantKernelSolution((h, y, u0, t) => LinearDynamics.Continuous(h, y, u0, 1.0).At(t * 1.001)));
        Refuted(FoundationClaims.MakeConstantKernelSolution((h, y, u0, t) => LinearDynamics.Continuous(h, y, u0, 1.0).At(-t)));
    }

    [Fact]
    public void WeylCatchesAnOverestimatedMinimumEigenvalue()
    {
        // λ_min off by a factor (a lost normalisation) breaks the tight instances A = B − tI
        Refuted(FoundationClaims.MakeWeyl(a => 1.01 * Spectral.MinEigenvalue(a), Spectral.SpectralNorm));
        // the max-row-sum norm in place of ‖·‖₂ can exceed the Frobenius norm
        Refuted(FoundationClaims.MakeWeyl(Spectral.MinEigenvalue, a => Enumerable.Range(0, a.Rows).Max(i => Enumerable.Range(0, a.Cols).Sum(j => Math.Abs(a[i, j])))));
    }

    [Fact]
    public void InstanceSeedsAreAPureFunctionOfRunSeedIdAndIndex()
    {
        var c = FoundationClaims.Weyl;
        Assert.Equal(c.InstanceSeed(1, 2), c.InstanceSeed(1, 2));
        Assert.NotEqual(c.InstanceSeed(1, 2), c.InstanceSeed(1, 3));
        Assert.NotEqual(c.InstanceSeed(1, 2), FoundationClaims.ClaimC1.InstanceSeed(1, 2));
        var a = ClaimRunner.Run(c, new ClaimRunOptions(5));
        var b = ClaimRunner.Run(c, new ClaimRunOptions(5));
        Assert.Equal(a.WorstMargin, b.WorstMargin);
    }

    [Fact]
    public void AClaimWhoseHypothesisNeverHoldsIsVacuousAndAThrowingCheckIsAnError()
    {
        var vacuous = new Claim("test/vacuous", "test", "s", ClaimKind.Conditional, "never", 5, _ => Evidence.HypothesisFailed("no"));
        Assert.Equal(Verdict.Vacuous, ClaimRunner.Run(vacuous, Options).Verdict);
        var throwing = new Claim("test/throws", "test", "s", ClaimKind.Identity, "none", 5, _ => throw new InvalidOperationException("boom"));
        var r = ClaimRunner.Run(throwing, Options);
        Assert.Equal(Verdict.Error, r.Verdict);
        Assert.Contains("boom", r.Details);
    }
}
