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

    /// <summary>The gradient claim with gradient and Jacobian both scaled by s: they agree with each other.</summary>
    private static Claim ConsistentlyScaled(double s) => FoundationClaims.MakeEq1Gradient(
        (net, data, loss) =>
        {
            var g = Gradients.Of(net, data, loss);
            return g with { W = s * g.W, A = s * g.A };
        },
        (net, x) => s * Jacobian.Of(net, x));

    [Fact]
    public void GradientClaimCatchesAGradientThatAgreesWithAWrongJacobian()
    {
        // gradient and Jacobian both off by the same factor agree with each other, so only the central difference
        // of the loss can catch them
        var consistent = ConsistentlyScaled(2.0);
        Refuted(consistent);
        var r = ClaimRunner.Run(consistent, Options);
        Assert.Contains("central difference", r.Details);
    }

    [Fact]
    public void TheCentralDifferenceIsJudgedOnKinkedActivationsToo()
    {
        // a gradient that agrees with an equally wrong Jacobian is caught only by the central difference; that
        // comparison must run on ReLU-type instances whenever no pattern flips within ±h, not only on smooth ones
        var consistent = ConsistentlyScaled(1.01);
        int kinked = 0;
        for (int i = 0; i < consistent.DefaultTrials; i++)
        {
            var seed = consistent.InstanceSeed(Options.Seed, i);
            var e = ClaimRunner.Replay(consistent, seed);
            if (!e.HypothesisHeld || e.Lhs == 0 && e.Rhs == 0)
                continue;
            Assert.True(e.Margin < 0, $"instance {i} accepts the consistent error: {e.Details}");
            if (Instances.General(seed).Net.Activation.HasKink)
                kinked++;
        }
        Assert.True(kinked >= 10, $"only {kinked} kinked instances judged");
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
    public void WeylDrawsEqualityCasesAQuarterOfTheTime()
    {
        // the first inequality is an equality exactly when A = B − t·I with t > 0; the check is meant to meet that
        // sharp case on about every fourth instance, with n ≥ 2 as well as n = 1
        var pairs = new List<Mat>();
        var spy = FoundationClaims.MakeWeyl(a => { pairs.Add(a); return Spectral.MinEigenvalue(a); }, Spectral.SpectralNorm);
        var r = ClaimRunner.Run(spy, Options);
        Assert.Equal(Verdict.Holds, r.Verdict);
        Assert.Equal(2 * r.Instances, pairs.Count);
        int tight = 0, large = 0;
        for (int k = 0; k < pairs.Count; k += 2)
        {
            var d = pairs[k] - pairs[k + 1];
            int n = d.Rows;
            if (n == 1)
                continue; // every 1×1 difference is a multiple of I
            large++;
            double t = -d[0, 0];
            bool scalar = Enumerable.Range(0, n).All(i => Enumerable.Range(0, n).All(j => Math.Abs(d[i, j] - (i == j ? -t : 0)) <= 1e-12 * (1 + Math.Abs(t))));
            if (!scalar)
                continue;
            Assert.True(t > 0, $"A − B = −t·I with t = {t}: the bound is loose by 2|t| there, not an equality");
            tight++;
        }
        // the share of equality cases among the n ≥ 2 instances: p = 1/4 inside its exact 1 − 10⁻⁶ interval
        var ci = Statistics.ClopperPearson(tight, large, 1e-6);
        Assert.InRange(0.25, ci.Lower, ci.Upper);
    }

    [Fact]
    public void ClaimC1MeetsEveryStepSizeRegime()
    {
        // f = η·λ_max/(2n) below 1 (the bound applies), exactly 1 (the tight case) and above 1 (identity only)
        var fs = new List<double>();
        var spy = FoundationClaims.MakeClaimC1((k, y, u0, eta, n, t) =>
        {
            fs.Add(eta * Spectral.MaxEigenvalue(k) / (2 * n));
            return LinearDynamics.Discrete(k, y, u0, eta, n).At(t);
        });
        Assert.Equal(Verdict.Holds, ClaimRunner.Run(spy, Options).Verdict);
        Assert.Contains(fs, f => f < 1 - 1e-9);
        Assert.Contains(fs, f => Math.Abs(f - 1) <= 1e-12);
        Assert.Contains(fs, f => f > 1 + 1e-9);
    }

    [Fact]
    public void TheSuppliedComparisonsAreTheOnesUsed()
    {
        // a correct gradient against a wrong Jacobian, a correct closed form against a wrong iteration: the claim
        // compares with what it is given, so each is refuted
        Refuted(FoundationClaims.MakeEq1Gradient(Gradients.Of, (net, x) => 2.0 * Jacobian.Of(net, x)));
        Refuted(FoundationClaims.MakeClaimC1(
            (k, y, u0, eta, n, t) => LinearDynamics.Discrete(k, y, u0, eta, n).At(t),
            (phi, y, omega0, eta, n, t) => LinearDynamics.ParameterGd(phi, y, omega0, eta, n, t + 1)));
    }

    [Fact]
    public void TheGradientCheckSeesAPatternFlipWithinTheStepOnEitherSide()
    {
        // one input x = (1, 0), two ReLU neurons; θ = (w₁₁, w₁₂, w₂₁, w₂₂, a₁, a₂)
        var x = Mat.FromRows([1.0, 0.0]);
        const double h = 1e-3;
        bool Changes(double w11, int c)
        {
            var net = new TwoLayerNet(Mat.FromRows([w11, 1.0], [1.0, 1.0]), Vec.Of(1.0, -1.0), Activation.Relu);
            return FoundationClaims.PatternChanges(net, x, net.Flatten().ToArray(), c, h);
        }
        Assert.True(Changes(0.5 * h, 0)); // w₁ᵀx = h/2 turns negative at −h only
        Assert.True(Changes(-0.5 * h, 0)); // −h/2 turns non-negative at +h only
        Assert.False(Changes(2 * h, 0)); // 2h stays positive on both sides
        Assert.False(Changes(0.5 * h, 2)); // moving w₂₁ (w₂ᵀx = 1) flips nothing
        Assert.False(Changes(0.5 * h, 1)); // w₁₂ multiplies x₂ = 0: w₁ᵀx does not move
        Assert.False(Changes(0.0, 1)); // w₁ᵀx = 0 exactly, unmoved: 1{0 ≥ 0} on both sides, no flip
        Assert.False(Changes(0.0, 4)); // the output weights move no pre-activation
        Assert.True(Changes(0.0, 0)); // from exactly 0, −h makes it negative
    }

    /// <summary>
    /// A check's resolution: on every instance of the claim's run (not just on one), a computation off by the
    /// relative error ρ — far above rounding, far below any bug worth the name — must be refuted. A tolerance that
    /// grew with the instance (a wrong growth factor, an operation count multiplied instead of divided) lets some
    /// instance accept it.
    /// </summary>
    private static void EveryInstanceCatches(Claim broken, int atLeast)
    {
        int judged = 0;
        for (int i = 0; i < broken.DefaultTrials; i++)
        {
            var e = ClaimRunner.Replay(broken, broken.InstanceSeed(Options.Seed, i));
            // a relative error of 0 is 0: an instance where both sides vanish (every ReLU dead, say) shows nothing
            if (!e.HypothesisHeld || e.Lhs == 0 && e.Rhs == 0)
                continue;
            judged++;
            Assert.True(e.Margin < 0, $"{broken.Id}: instance {i} accepts the error: {e.Details}");
        }
        Assert.True(judged >= atLeast, $"{broken.Id}: only {judged} instances judged");
    }

    [Fact]
    public void EveryInstanceResolvesASmallRelativeError()
    {
        const double rho = 1e-8;
        // Claim C.1 at 10⁻⁶: beyond the stable step (f > 1) its rounding allowance grows like |1 − ηλ_max/n|^t
        // times the largest entry of |u(0) − y|, while the iterate grows with u(0) − y's smaller component along the
        // top eigenvector; at f = 1.99, t = 44 that leaves a relative allowance of 3.5·10⁻⁸
        EveryInstanceCatches(FoundationClaims.MakeClaimC1((k, y, u0, eta, n, t) => (1 + 100 * rho) * LinearDynamics.Discrete(k, y, u0, eta, n).At(t)), 100);
        EveryInstanceCatches(FoundationClaims.MakeAlgorithm1((p, s) =>
        {
            var next = GradientDescent.Step(p, s);
            return next with { Net = next.Net with { W = (1 + rho) * next.Net.W } };
        }), 45);
        // the constant-kernel solution at 10⁻⁶: RK4 is run to a local tolerance of 10⁻¹⁰, and ten times its
        // estimated error is allowed
        EveryInstanceCatches(FoundationClaims.MakeConstantKernelSolution((h, y, u0, t) => (1 + 100 * rho) * LinearDynamics.Continuous(h, y, u0, 1.0).At(t)), 40);
        EveryInstanceCatches(FoundationClaims.MakeFact4((net, x) => (1 + rho) * EmpiricalNtk.FirstLayer(net, x)), 55);
        EveryInstanceCatches(FoundationClaims.MakeEq10((net, x) => (1 + rho) * EmpiricalNtk.FirstLayer(net, x)), 55);
        EveryInstanceCatches(FoundationClaims.MakeEq1Gradient((net, data, loss) =>
        {
            var g = Gradients.Of(net, data, loss);
            return g with { W = (1 + rho) * g.W, A = (1 + rho) * g.A };
        }), 45);
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
