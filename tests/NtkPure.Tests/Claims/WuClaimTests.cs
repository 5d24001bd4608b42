using NtkPure.Claims;
using NtkPure.Dynamics;
using NtkPure.Experiments;
using NtkPure.Model;
using NtkPure.Numerics;
using Xunit;

namespace NtkPure.Tests.Claims;

/// <summary>
/// wu's claims: each one's verdict on the implementation (the refuted ones with a counterexample that replays),
/// and for each a broken ingredient — a flipped sign, a factor n from the wrong loss scaling, a dropped factor m, a
/// slowed flow — that the check catches. Heavy claims run with fewer trials or widths here; `ntk check` runs them
/// at full size.
/// </summary>
public class WuClaimTests
{
    public static IEnumerable<object[]> FileClaims() => CatalogVerdictTests.Of(WuClaims.All);

    [Theory]
    [MemberData(nameof(FileClaims))]
    public void EveryClaimGetsTheVerdictOfItsMathematics(string id) => CatalogVerdictTests.Check(id);

    private static readonly ClaimRunOptions Options = new(Seed: 20261124, Alpha: 0.05);

    private static ClaimResult Run(Claim claim, int? trials = null) => ClaimRunner.Run(claim, Options with { Trials = trials });

    private static void Holds(Claim claim, int? trials = null)
    {
        var r = Run(claim, trials);
        Assert.True(r.Verdict == Verdict.Holds, $"{claim.Id}: {r.Verdict} — {r.Details}");
        Assert.True(r.HypothesisHeld > 0);
        Assert.True(r.WorstMargin >= 0);
    }

    private static void Refuted(Claim claim, int? trials = null)
    {
        var r = Run(claim, trials);
        Assert.True(r.Verdict == Verdict.Refuted, $"{claim.Id}: {r.Verdict} — {r.Details}");
        Assert.NotNull(r.Counterexample);
        // the counterexample replays: the same instance violates the statement again
        Assert.True(ClaimRunner.Replay(claim, r.Counterexample!.Value).Margin < 0);
    }

    private static void Verdict_(Verdict expected, Claim claim, int? trials = null)
    {
        var r = Run(claim, trials);
        Assert.True(r.Verdict == expected, $"{claim.Id}: expected {expected}, got {r.Verdict} — {r.Details}");
    }

    private static Rhs Scaled(Objective o, double speed) => (_, theta) => (-speed) * o.Gradient(theta);

    private static Rhs MeanLossFlow(TwoLayerNet net, Dataset data) => NeuronLoopFlow.Rhs(net, data, LossKind.Mean);

    [Fact]
    public void AllWuClaimsAreInTheCatalogOnce()
    {
        foreach (var c in WuClaims.All)
            Assert.Single(Catalog.All, x => x.Id == c.Id);
        Assert.Contains(WuClaims.All, c => c.Id == "wu/nn-vs-rfm");
    }

    // ── Theorems 1–3 ──

    [Fact]
    public void Theorem1HoldsAndAFrozenFlowIsCaught()
    {
        Holds(WuClaims.Theorem1, 30);
        // a flow that never moves (a dropped update): ‖∇R(θ₀)‖ stays while √((R(θ₀) − inf R)/t) shrinks
        Refuted(WuClaims.MakeTheorem1(o => Scaled(o, 0.0)), 30);
    }

    [Fact]
    public void Theorem1IsTightOnThePseudoHuberInstancesAndRobustToAFasterFlow()
    {
        var r = Run(WuClaims.Theorem1, 30);
        Assert.True(r.WorstMargin < 0.05, $"the near-unit-speed instances should leave under 5 %: {r.Details}");
        // a faster flow reaches the slower flow's states earlier: the bound, which only uses R(θ₀) − inf R, still holds
        Assert.Equal(Verdict.Holds, Run(WuClaims.MakeTheorem1(o => Scaled(o, 1.05)), 30).Verdict);
    }

    [Fact]
    public void Theorem2HoldsWithItsHypothesisCountedAndAQuarterSpeedFlowIsCaught()
    {
        var r = Run(WuClaims.Theorem2, 40);
        Assert.Equal(Verdict.Holds, r.Verdict);
        Assert.True(r.HypothesisHeld < r.Instances, "separable logistic regression and Rosenbrock must fail the hypothesis");
        Refuted(WuClaims.MakeTheorem2(o => Scaled(o, 0.25)), 40);
    }

    [Fact]
    public void Theorem3AsWrittenIsRefutedAndTheSquaredFormHolds()
    {
        var r = Run(WuClaims.Theorem3);
        Assert.Equal(Verdict.Refuted, r.Verdict);
        var replay = ClaimRunner.Replay(WuClaims.Theorem3, r.Counterexample!.Value);
        Assert.True(replay.HypothesisHeld, "the counterexample satisfies the PL condition as written");
        Assert.True(replay.Margin < 0);
        Holds(WuClaims.Theorem3Corrected, 40);
        // the least-squares instances started on the slowest eigenvector are equalities: a 1 % slower flow fails
        Refuted(WuClaims.MakeTheorem3(o => Scaled(o, 0.99), squared: true), 40);
    }

    // ── the kernel regime ──

    [Fact]
    public void Theorem10IsSupportedAndTheFlowOfTheMeanLossIsRefuted()
    {
        Verdict_(Verdict.Supported, WuClaims.Theorem10, 20);
        // the gradient flow of R̂_n runs n times slower than (0.20): e^{−mλt} is then out of reach
        Verdict_(Verdict.Refuted, WuClaims.MakeTheorem10(MeanLossFlow), 10);
    }

    [Fact]
    public void Lemma11AsWrittenIsRefutedOnTheDegenerateSphereAndTheCorrectedWidthIsSupported()
    {
        var r = Run(WuClaims.Lemma11);
        Assert.Equal(Verdict.Refuted, r.Verdict);
        Assert.Contains("S0-antipodal", r.Details);
        Assert.True(ClaimRunner.Replay(WuClaims.Lemma11, r.Counterexample!.Value).Margin < 0);
        Verdict_(Verdict.Supported, WuClaims.Lemma11Corrected);
        // a kernel twice too large asks λ_n(G) ≥ mλ_n(K): refuted even at the corrected width
        Verdict_(Verdict.Refuted, WuClaims.MakeLemma11(x => 2.0 * NtkPure.Kernels.InfiniteWidth.WuSphere(x), corrected: true));
    }

    [Fact]
    public void HoeffdingAsWrittenLacksTheFactorTwo()
    {
        Verdict_(Verdict.Refuted, WuClaims.Lemma11Hoeffding);
        Verdict_(Verdict.Supported, WuClaims.Lemma11HoeffdingCorrected);
        // the Gaussian expectation in place of the sphere's (a factor d) is caught
        Verdict_(Verdict.Refuted, WuClaims.MakeLemma11Hoeffding(x => x.Cols * NtkPure.Kernels.InfiniteWidth.WuSphere(x), corrected: true));
    }

    [Fact]
    public void TheUnionBoundControlsTheLargestEntryNotTheFrobeniusNorm()
    {
        var r = Run(WuClaims.Lemma11UnionBound);
        Assert.Equal(Verdict.Refuted, r.Verdict);
        Assert.Contains("S1-16", r.Details);
        Verdict_(Verdict.Supported, WuClaims.Lemma11UnionBoundCorrected);
        Verdict_(Verdict.Refuted, WuClaims.MakeLemma11UnionBound(x => 3.0 * NtkPure.Kernels.InfiniteWidth.WuSphere(x), corrected: true));
    }

    [Fact]
    public void WeylStepHoldsAndIsTightOnTheDegenerateSphere()
    {
        Holds(WuClaims.Lemma11Weyl);
        Refuted(WuClaims.MakeLemma11Weyl(NtkPure.Kernels.InfiniteWidth.WuSphere, a => 1.01 * Spectral.MinEigenvalue(a) + 1e-3));
    }

    [Fact]
    public void Lemma12FailsOutsideLemma11sEventAndHoldsInsideIt()
    {
        var r = Run(WuClaims.Lemma12);
        Assert.Equal(Verdict.Refuted, r.Verdict);
        var replay = ClaimRunner.Replay(WuClaims.Lemma12, r.Counterexample!.Value);
        Assert.Contains("λ_n(K̂(θ₀)) = 0", replay.Details);
        var c = Run(WuClaims.Lemma12Corrected);
        Assert.Equal(Verdict.Holds, c.Verdict);
        Assert.True(c.HypothesisHeld < c.Instances, "initialisations outside Lemma 11's event are excluded, and counted");
        Refuted(WuClaims.MakeLemma12(MeanLossFlow, corrected: true));
    }

    [Fact]
    public void SmoothnessNeedsTheFactorTwo()
    {
        var r = Run(WuClaims.Smoothness);
        Assert.Equal(Verdict.Refuted, r.Verdict);
        Assert.Contains("ratio", ClaimRunner.Replay(WuClaims.Smoothness, r.Counterexample!.Value).Details);
        var c = Run(WuClaims.SmoothnessCorrected);
        Assert.Equal(Verdict.Holds, c.Verdict);
        Assert.True(c.WorstMargin < 1e-9, "the aligned instances with a = 0 are equalities");
        // the sum loss's gradient is n times the mean loss's
        Refuted(WuClaims.MakeSmoothness((net, data, _) => Gradients.Of(net, data, LossKind.Sum), 2.0));
    }

    // ── the random-feature model ──

    [Fact]
    public void Theorem13IsSupportedAndANetTrainedOnAnotherClockIsRefuted()
    {
        Verdict_(Verdict.Supported, WuClaims.Theorem13, 20);
        Verdict_(Verdict.Refuted, WuClaims.MakeTheorem13(MeanLossFlow), 10);
    }

    [Fact]
    public void SweepsAreConsistentAndCatchAWrongScaling()
    {
        int[] widths = [32, 64, 128, 256];
        Verdict_(Verdict.Consistent, WuClaims.MakeTheorem13Rate((n, d) => NeuronLoopFlow.Rhs(n, d, LossKind.Sum), widths));
        Verdict_(Verdict.Inconsistent, WuClaims.MakeTheorem13Rate(MeanLossFlow, widths));
        Verdict_(Verdict.Consistent, WuClaims.MakeLazyTraining((n, d) => NeuronLoopFlow.Rhs(n, d, LossKind.Sum), widths));
        // the distance from the origin in place of the distance from θ₀ grows like √m
        Verdict_(Verdict.Inconsistent, WuClaims.MakeLazyTraining((n, d) => NeuronLoopFlow.Rhs(n, d, LossKind.Sum), widths, (theta, _) => theta.Norm2()));
    }

    [Fact]
    public void Lemma14HoldsAndCatchesADroppedFactorMAndASignFlip()
    {
        Holds(WuClaims.Lemma14);
        Refuted(WuClaims.MakeLemma14((rf, t) => (1.0 / rf.Model.Width) * rf.RepresenterWeights(t)));
        Refuted(WuClaims.MakeLemma14((rf, t) => -1.0 * rf.RepresenterWeights(t)));
    }

    [Fact]
    public void Figure2IsReproducedAndAWrongRfmErrorIsNot()
    {
        // smaller than the seed's sizes (a lighter run of the same experiment); `ntk check` runs the seed's
        static NnVsRfmResult Light(NnVsRfmSettings s) => NnVsRfm.Run(s with { Widths = [4, 50, 400], Steps = [1024, 512, 128], TestPoints = 300 });
        var ok = ClaimRunner.Run(WuClaims.MakeNnVsRfm(Light), Options);
        Assert.True(ok.Verdict == Verdict.Reproduced, ok.Details);
        Assert.NotNull(ok.Figure);
        var broken = WuClaims.MakeNnVsRfm(s =>
        {
            var r = Light(s);
            var rows = r.Rows.Select(row => row with { RfmTest = 1.2 * row.RfmTest }).ToList();
            var gaps = r.Settings.Widths.Select(m => rows.Where(x => x.Width == m).Max(x => Math.Abs(x.NnTest - x.RfmTest) / Math.Max(x.NnTest, x.RfmTest))).ToList();
            return r with { Rows = rows, Gaps = gaps };
        });
        Assert.Equal(Verdict.NotReproduced, ClaimRunner.Run(broken, Options).Verdict);
    }
}
