using NtkPure.Claims;
using Xunit;

namespace NtkPure.Tests.Claims;

public class NtkNotesClaimTests
{
    public static IEnumerable<object[]> FileClaims() => CatalogVerdictTests.Of([.. NtkNotesClaims.All, .. NtkNotesProofClaims.All, .. NtkNotesKernelClaims.All]);

    [Theory]
    [MemberData(nameof(FileClaims))]
    public void EveryClaimGetsTheVerdictOfItsMathematics(string id) => CatalogVerdictTests.Check(id);

    private static readonly ClaimRunOptions Options = new(Seed: 20261124, Alpha: 0.001);

    [Fact]
    public void EventAIsRefutedOnlyOnTheClosedBoundaryAndTheCorrectionHolds()
    {
        var r = ClaimRunner.Run(NtkNotesClaims.EventAClaim, Options);
        Assert.Equal(Verdict.Refuted, r.Verdict);
        var replay = ClaimRunner.Replay(NtkNotesClaims.EventAClaim, r.Counterexample!.Value);
        Assert.Contains("R = ", replay.Details);
        Assert.Equal(Verdict.Holds, ClaimRunner.Run(NtkNotesClaims.EventACorrected, Options).Verdict);
        // a wrong condition (|w̃ᵀx| < R/2) is caught on generic instances too
        Assert.Equal(Verdict.Refuted, ClaimRunner.Run(NtkNotesClaims.MakeEventA((dot, rad) => Math.Abs(dot) < rad / 2), Options).Verdict);
    }

    [Fact]
    public void EventAMatchesItsDefinitionByExhaustingTheBall()
    {
        // independent route in d = 2: sample the circle of radius R around w̃ densely and look for a flip
        var rng = new NtkPure.Numerics.Rng(5);
        for (int t = 0; t < 300; t++)
        {
            double[] w = [rng.NextGaussian(), rng.NextGaussian()], x = new double[2];
            rng.FillSphere(x);
            double radius = rng.NextDouble();
            bool sign = w[0] * x[0] + w[1] * x[1] >= 0, flips = false;
            for (int k = 0; k < 20000 && !flips; k++)
            {
                double phi = 2 * Math.PI * k / 20000;
                double ux = w[0] + radius * Math.Cos(phi), uy = w[1] + radius * Math.Sin(phi);
                flips = (ux * x[0] + uy * x[1] >= 0) != sign;
            }
            double margin = Math.Abs(Math.Abs(w[0] * x[0] + w[1] * x[1]) - radius);
            if (margin > 1e-6) // a grid of 20000 points resolves the boundary to R·(2π/20000)²/2 ≈ 5e-8·R
                Assert.Equal(flips, NtkNotesClaims.EventA(w, x, radius));
        }
    }

    [Fact]
    public void Eq6IsSupportedAndATooSmallBoundIsRefuted()
    {
        Assert.Equal(Verdict.Supported, ClaimRunner.Run(NtkNotesClaims.Eq6Anticoncentration, Options).Verdict);
        Assert.Equal(Verdict.Refuted, ClaimRunner.Run(NtkNotesClaims.MakeEq6(r => r / Math.Sqrt(2 * Math.PI)), Options).Verdict);
        // every R is its own test, and the claim is as strong as its weakest R: a bound wrong at one radius only
        var held = ClaimRunner.Run(NtkNotesClaims.Eq6Anticoncentration, Options);
        Assert.Equal(held.Instances, held.HypothesisHeld);
        double largest = NtkNotesClaims.Eq6TestedRadii.Max();
        var oneWrong = ClaimRunner.Run(NtkNotesClaims.MakeEq6(r => r == largest ? r / Math.Sqrt(2 * Math.PI) : 2 * r / Math.Sqrt(2 * Math.PI)), Options);
        Assert.Equal(Verdict.Refuted, oneWrong.Verdict);
        Assert.Equal(held.Instances, oneWrong.Instances);
    }

    [Fact]
    public void Eq8HoldsAtItsTightChoiceAndFailsForALargerStep()
    {
        Assert.Equal(Verdict.Holds, ClaimRunner.Run(NtkNotesClaims.Eq8StepSize, Options).Verdict);
        Assert.Equal(Verdict.Refuted, ClaimRunner.Run(NtkNotesClaims.MakeEq8((l, n) => (l / (2.0 * n * n), l / (64.0 * n))), Options).Verdict);
        Assert.Equal(Verdict.Refuted, ClaimRunner.Run(NtkNotesClaims.MakeEq8((l, n) => (l / (4.0 * n * n), l / (32.0 * n))), Options).Verdict);
    }
}

public class NtkNotesProofClaimTests
{
    private static readonly ClaimRunOptions Options = new(Seed: 20261124, Alpha: 0.001);

    private static ClaimResult Run(Claim c) => ClaimRunner.Run(c, Options);

    [Fact]
    public void Lemma8HoldsInBothFormsAndASmallerRadiusIsCaught()
    {
        Assert.Equal(Verdict.Holds, Run(NtkNotesProofClaims.Lemma8).Verdict);
        Assert.Equal(Verdict.Holds, Run(NtkNotesProofClaims.Lemma8AsPrinted).Verdict);
        var broken = NtkNotesProofClaims.MakeLemma8((n, m, l, r0) => 0.05 * Math.Sqrt(n) * r0 / (Math.Sqrt(m) * l), "test/lemma-8", "D/80");
        Assert.Equal(Verdict.Refuted, Run(broken).Verdict);
    }

    [Fact]
    public void Claim9HoldsWhereItsHypothesisHoldsAndCatchesADoubledC4()
    {
        var r = Run(NtkNotesProofClaims.Claim9);
        Assert.Equal(Verdict.Holds, r.Verdict);
        Assert.InRange(r.HypothesisHeld, 1, r.Instances - 1); // tested on some runs, and not assumed on the others
        Assert.Equal(Verdict.Refuted, Run(NtkNotesProofClaims.MakeClaim9(c4Factor: 2)).Verdict);
    }

    [Fact]
    public void Claim14HoldsAndATighterBoundIsCaught()
    {
        Assert.Equal(Verdict.Holds, Run(NtkNotesProofClaims.Claim14).Verdict);
        Assert.Equal(Verdict.Refuted, Run(NtkNotesProofClaims.MakeClaim14(factor: 1e-3)).Verdict);
    }

    [Fact]
    public void Claims11To13AreSupportedAndAStrongerClaim11IsRefuted()
    {
        Assert.Equal(Verdict.Supported, Run(NtkNotesProofClaims.Claim11).Verdict);
        Assert.Equal(Verdict.Supported, Run(NtkNotesProofClaims.Claim12).Verdict);
        Assert.Equal(Verdict.Supported, Run(NtkNotesProofClaims.Claim13).Verdict);
        // C1 ≤ −2ηλ‖y − u‖² needs λ_min(H(k)) ≥ λ, which holds for about half of the initialisations
        Assert.Equal(Verdict.Refuted, Run(NtkNotesProofClaims.MakeClaim11(factor: 2)).Verdict);
    }

    [Fact]
    public void Theorem7IsVacuousAtFeasibleWidthsAndSaysWhichWidthItNeeds()
    {
        var r = Run(NtkNotesProofClaims.Theorem7);
        Assert.Equal(Verdict.Vacuous, r.Verdict);
        Assert.Contains("required width", r.Details);
        Assert.Contains("used m = 8192", r.Details);
    }

    [Fact]
    public void Lemma1DecaysAtTheSquareRootRateAndABiasedKernelIsInconsistent()
    {
        var r = Run(NtkNotesKernelClaims.Lemma1);
        Assert.Equal(Verdict.Consistent, r.Verdict);
        Assert.True(r.HypothesisHeld > 0);
        Assert.NotNull(r.Figure);
        Assert.Equal(Verdict.Inconsistent, Run(NtkNotesKernelClaims.MakeLemma1((w, x) => 1.1 * NtkPure.Kernels.EmpiricalNtk.Definition3(w, x))).Verdict);
    }

    [Fact]
    public void Lemma1WeylStepCatchesAnUnderestimatedEigenvalue()
    {
        var held = Run(NtkNotesKernelClaims.Lemma1);
        Assert.InRange(held.HypothesisHeld, 1, held.Instances);
        var steps = new List<(int, int)>();
        var broken = NtkNotesKernelClaims.MakeLemma1(NtkPure.Kernels.EmpiricalNtk.Definition3, h => 0.5 * NtkPure.Numerics.Spectral.MinEigenvalue(h));
        var r = ClaimRunner.Run(broken, Options, (k, total) => steps.Add((k, total)));
        Assert.Equal(Verdict.Refuted, r.Verdict);
        Assert.Equal(held.Instances, r.Instances);
        Assert.Equal(held.HypothesisHeld, r.HypothesisHeld);
        Assert.True(r.WorstMargin < 0);
        Assert.NotNull(r.Figure);
        Assert.Equal(Enumerable.Range(1, steps.Count).Select(k => (k, steps.Count)), steps);
        // replayed (one draw of m = 4096 neurons from the counterexample's seed) the hypothesis is met and the
        // halved eigenvalue fails the step, while the true one passes it
        var replay = ClaimRunner.Replay(broken, r.Counterexample!.Value);
        Assert.True(replay.HypothesisHeld && replay.Margin < 0);
        Assert.True(ClaimRunner.Replay(NtkNotesKernelClaims.Lemma1, r.Counterexample!.Value).Margin >= 0);
    }

    [Fact]
    public void Lemma2IsSupportedAtTheWorstCaseAndAMuchSmallerBoundIsRefuted()
    {
        Assert.Equal(Verdict.Supported, Run(NtkNotesKernelClaims.Lemma2).Verdict);
        // the bound is loose (worst cases found reach about 1/35 of 2nR): a bound 80 times smaller is caught
        Assert.Equal(Verdict.Refuted, Run(NtkNotesKernelClaims.MakeLemma2((n, r) => 2 * n * r / 80)).Verdict);
    }

    [Fact]
    public void WorstCaseStaysInTheBallAndFlipsMoreThanARandomPoint()
    {
        var x = NtkPure.Model.Datasets.Inputs(NtkPure.Model.InputDistribution.Sphere, 4, 6, 1);
        var w0 = NtkPure.Model.Initialization.Draw(NtkPure.Model.InitScheme.Dzps, 150, 6, 2).W;
        var w = NtkNotesKernelClaims.WorstCaseInBall(w0, x, 0.3);
        Assert.True(NtkPure.Dynamics.Training.MaxWeightMove(w, w0) <= 0.3);
        long flips = NtkPure.Kernels.ActivationPattern.Of(w, x).Changes(NtkPure.Kernels.ActivationPattern.Of(w0, x));
        Assert.True(flips > 0);
    }

    [Fact]
    public void AsymptoticNtkNotesClaimsAreConsistent()
    {
        Assert.Equal(Verdict.Consistent, Run(NtkNotesKernelClaims.Claim10).Verdict);
        Assert.Equal(Verdict.Consistent, Run(NtkNotesKernelClaims.OverParameterization).Verdict);
    }

    [Fact]
    public void GradientFlowLemmasHoldAndASmallerRadiusIsCaught()
    {
        Assert.Equal(Verdict.Holds, Run(NtkNotesKernelClaims.Lemma5).Verdict);
        Assert.Equal(Verdict.Holds, Run(NtkNotesKernelClaims.Lemma5Corrected).Verdict);
        var broken = NtkNotesKernelClaims.MakeLemma5((n, m, l, r0) => 0.02 * Math.Sqrt(n) * r0 / Math.Sqrt(m * l), "test/lemma-5", "D_cts/50");
        Assert.Equal(Verdict.Refuted, Run(broken).Verdict);
        var lemma6 = Run(NtkNotesKernelClaims.Lemma6);
        Assert.Equal(Verdict.Holds, lemma6.Verdict);
        Assert.True(lemma6.HypothesisHeld > 0);
    }
}
