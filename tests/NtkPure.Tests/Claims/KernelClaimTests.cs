using NtkPure.Claims;
using NtkPure.Kernels;
using NtkPure.Model;
using NtkPure.Numerics;
using Xunit;

namespace NtkPure.Tests.Claims;

/// <summary>The kernel claims: their verdicts on the implementation, their findings, and refutation of broken formulas.</summary>
public class KernelClaimTests
{
    public static IEnumerable<object[]> FileClaims() => CatalogVerdictTests.Of(KernelClaims.All);

    [Theory]
    [MemberData(nameof(FileClaims))]
    public void EveryClaimGetsTheVerdictOfItsMathematics(string id) => CatalogVerdictTests.Check(id);

    private static readonly ClaimRunOptions Options = new(Seed: 20261124);

    private static void Refuted(Claim broken)
    {
        var r = ClaimRunner.Run(broken, Options);
        Assert.Equal(Verdict.Refuted, r.Verdict);
        Assert.NotNull(r.Counterexample);
        Assert.True(ClaimRunner.Replay(broken, r.Counterexample!.Value).Margin < 0, "the counterexample replays");
    }

    [Fact]
    public void TheMultilayerRecursionAsWrittenIsRefutedAndItsCorrectionHolds()
    {
        var written = ClaimRunner.Run(KernelClaims.MultilayerNtk, Options);
        Assert.Equal(Verdict.Refuted, written.Verdict);
        Assert.True(ClaimRunner.Replay(KernelClaims.MultilayerNtk, written.Counterexample!.Value).Margin < 0);
        var corrected = ClaimRunner.Run(KernelClaims.MultilayerNtkCorrected, Options);
        Assert.Equal(Verdict.Holds, corrected.Verdict);
        Assert.Equal(4, corrected.Instances);
    }

    [Fact]
    public void Lemma21IsRefutedByAnAntiparallelPairAndItsCorrectionHolds()
    {
        var written = ClaimRunner.Run(KernelClaims.Lemma21, Options);
        Assert.Equal(Verdict.Refuted, written.Verdict);
        Assert.Contains("·x_", written.Details);
        Assert.Contains("= -", written.Details); // the pair is x_j = −c·x_i
        var corrected = ClaimRunner.Run(KernelClaims.Lemma21Corrected, Options);
        Assert.Equal(Verdict.Holds, corrected.Verdict);
        Assert.True(corrected.HypothesisHeld > 100);
    }

    [Fact]
    public void TheSmallestCounterexampleToLemma21AsWrittenIsOneAntipodalPair()
    {
        // {x, −x}: θ = π, so H^∞ = diag(‖x‖², ‖x‖²)/2 and λ_min = ‖x‖²/2 > 0, although the pair is parallel (c = −1)
        var h = InfiniteWidth.Hinf(Mat.FromRows([0.6, 0.8], [-0.6, -0.8]));
        Assert.Equal(0.5, Spectral.MinEigenvalue(h), 15);
        // and antiparallel pairs can still make H^∞ singular: three antipodal pairs in a plane (no positive pair)
        // give six functions w ↦ x_i 1{wᵀx_i ≥ 0} with x_i 1{·} − x_i 1{−·} = x_i, and x, y, x+y are dependent
        double s = Math.Sqrt(0.5);
        var six = Mat.FromRows([1, 0], [-1, 0], [0, 1], [0, -1], [s, s], [-s, -s]);
        var hs = InfiniteWidth.Hinf(six);
        Assert.True(Math.Abs(Spectral.MinEigenvalue(hs)) <= Tolerance.ForOperations(216, 6).Absolute);
    }

    [Fact]
    public void AMonteCarloRunReportsItsProgressAndStopsAtItsFirstFailure()
    {
        var steps = new List<(int Done, int Total)>();
        var held = ClaimRunner.Run(KernelClaims.ReluNtkClosedForm, Options, (k, total) => steps.Add((k, total)));
        Assert.Equal(Verdict.Holds, held.Verdict);
        Assert.Equal(Enumerable.Range(1, held.Instances).Select(k => (k, held.Instances)), steps);

        // the refutation counts the instances run up to and including the failing one, whose seed it reports
        var broken = KernelClaims.MakeReluNtkClosedForm(x => 0.5 * InfiniteWidth.ReluNtk(x));
        var r = ClaimRunner.Run(broken, Options);
        Assert.Equal(Verdict.Refuted, r.Verdict);
        Assert.InRange(r.Instances, 1, held.Instances);
        Assert.Equal(r.Instances, r.HypothesisHeld);
        Assert.Equal(broken.InstanceSeed(Options.Seed, r.Instances - 1), r.Counterexample);
        var replay = ClaimRunner.Replay(broken, r.Counterexample!.Value);
        Assert.True(replay.HypothesisHeld);
        Assert.True(replay.Margin < 0);
    }

    [Fact]
    public void AMonteCarloRunTakesItsTrialCountAndReportsItsTightestInstance()
    {
        var three = ClaimRunner.Run(KernelClaims.ReluNtkClosedForm, Options with { Trials = 3 });
        Assert.Equal(3, three.Instances);
        // at the default count every instance is replayable at its level α/trials: the reported worst margin and
        // the "tightest" details are the smallest of the instances' own
        var c = KernelClaims.ReluNtkClosedForm;
        var held = ClaimRunner.Run(c, Options);
        var each = Enumerable.Range(0, held.Instances).Select(i => ClaimRunner.Replay(c, c.InstanceSeed(Options.Seed, i))).ToList();
        Assert.All(each, e => Assert.True(e.Margin > 0));
        var tightest = each.MinBy(e => e.Margin)!;
        Assert.Equal(tightest.Margin, held.WorstMargin);
        Assert.EndsWith("tightest: " + tightest.Details, held.Details);
    }

    /// <summary>The sine of the angle between the lines through a and b, and ‖b‖/‖a‖.</summary>
    private static (double Sin, double Ratio, double Dot) LineAngle(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double na = Math.Sqrt(Blas.Dot(a, a)), nb = Math.Sqrt(Blas.Dot(b, b)), along = Blas.Dot(a, b) / na;
        double off = 0;
        for (int k = 0; k < a.Length; k++)
            off += Math.Pow(b[k] - along * a[k] / na, 2);
        return (Math.Sqrt(off) / nb, nb / na, Blas.Dot(a, b));
    }

    [Fact]
    public void Lemma21DrawsEachKindOfPairItsCasesNeed()
    {
        // the instances must include exactly parallel pairs x_j = c·x_i with c = ±2^k (both signs), nearly parallel
        // ones turned by δ ∈ [10⁻³, 10⁻²] (both signs), and inputs with norms log-uniform in [0.2, 5]
        var inputs = new List<Mat>();
        var spy = KernelClaims.MakeLemma21Corrected(x => { inputs.Add(x); return InfiniteWidth.Hinf(x); });
        Assert.Equal(Verdict.Holds, ClaimRunner.Run(spy, Options).Verdict);
        var parallel = new List<(double Ratio, double Dot)>();
        var near = new List<(double Ratio, double Dot, double Sin)>();
        var norms = new List<double>();
        foreach (var x in inputs)
        {
            for (int i = 0; i < x.Rows; i++)
            {
                norms.Add(Math.Sqrt(Blas.Dot(x.Row(i), x.Row(i))));
                for (int j = 0; j < x.Rows; j++)
                {
                    if (i == j)
                        continue;
                    var (sin, ratio, dot) = LineAngle(x.Row(i), x.Row(j));
                    double k = Math.Log2(ratio);
                    bool powerOfTwo = Math.Abs(k - Math.Round(k)) <= 1e-12 && Math.Abs(k) <= 3;
                    if (sin <= 1e-15 && powerOfTwo)
                        parallel.Add((ratio, dot));
                    else if (sin >= Math.Sin(1e-3) * (1 - 1e-9) && sin <= Math.Sin(1e-2) * (1 + 1e-9) && powerOfTwo)
                        near.Add((ratio, dot, sin));
                }
            }
        }
        Assert.Contains(parallel, p => p.Dot > 0);
        Assert.Contains(parallel, p => p.Dot < 0);
        Assert.Contains(parallel, p => p.Ratio < 1);
        Assert.Contains(parallel, p => p.Ratio > 1);
        Assert.Contains(near, p => p.Dot > 0);
        Assert.Contains(near, p => p.Dot < 0);
        Assert.Contains(near, p => p.Sin < Math.Sin(3e-3));
        Assert.Contains(near, p => p.Sin > Math.Sin(3e-3));
        // most rows are drawn, not constructed: their norms lie in [0.2, 5] and spread over it
        Assert.True(norms.Count(v => v >= 0.2 && v <= 5) >= 0.8 * norms.Count);
        Assert.Contains(norms, v => v is >= 0.2 and < 0.5);
        Assert.Contains(norms, v => v is > 2 and <= 5);
    }

    [Fact]
    public void BrokenTwoLayerClosedFormsAreRefutedByMonteCarlo()
    {
        // the √(2/m) NTK without its factor 2, and with κ₁ dropped
        Refuted(KernelClaims.MakeReluNtkClosedForm(x => 0.5 * InfiniteWidth.ReluNtk(x)));
        Refuted(KernelClaims.MakeReluNtkClosedForm(x => 2.0 * InfiniteWidth.Hinf(x)));
        // G^∞ with arccos in place of π − arccos, and with a factor ν² that the indicators do not have
        Refuted(KernelClaims.MakeGInfinity(x => Mat.Create(x.Rows, x.Rows, (i, j) =>
        {
            double dot = x.Gram()[i, j];
            return dot * Math.Acos(Math.Clamp(dot, -1, 1)) / (2 * Math.PI);
        })));
        Refuted(KernelClaims.MakeGInfinity(x => 1.1 * InfiniteWidth.Hinf(x)));
    }

    [Fact]
    public void ABrokenRecursionIsRefutedByFiniteWidthNets()
    {
        // c_σ = 1 for ReLU (half the kernel at every layer), and Θ without its last term
        Refuted(KernelClaims.MakeMultilayerNtkCorrected((act, x, l) => act.Kind == ActivationKind.Relu
            ? MultiLayerNtk.Of(act, x, l).Theta.Hadamard(Mat.Create(x.Rows, x.Rows, (_, _) => Math.Pow(0.5, l)))
            : MultiLayerNtk.Of(act, x, l).Theta));
        Refuted(KernelClaims.MakeMultilayerNtkCorrected((act, x, l) =>
        {
            var k = MultiLayerNtk.Of(act, x, l);
            return k.Theta - k.Sigma[l];
        }));
    }

    [Fact]
    public void ABrokenFeatureMapIsRefuted()
    {
        // one layer short, and the κ₀ ⊗ Φ block dropped
        Refuted(KernelClaims.MakeFeatureMap((x, depth) => FeatureMapNtk.Kernel(x, Math.Max(1, depth - 1)) + (depth == 1 ? x.Gram() : Mat.Zeros(x.Rows, x.Rows))));
        Refuted(KernelClaims.MakeFeatureMap((x, depth) => MultiLayerNtk.Of(Activation.Relu, x, depth).Sigma[depth]));
    }

    [Fact]
    public void BrokenHuConstantsAndKernelsAreRefuted()
    {
        // ν without √(Tr Σ²/d); ζ in place of ζ²; the 11ᵀ term dropped
        Refuted(KernelClaims.MakeLinearModel1((act, t) => HuConstants.Of(act, 1.0), HuKernels.Lin1));
        Refuted(KernelClaims.MakeLinearModel1((act, t) => HuConstants.Of(act, t), (x, c) => HuKernels.Lin1(x, c with { Zeta = Math.Sqrt(Math.Abs(c.Zeta)) })));
        Refuted(KernelClaims.MakeLinearModel1((act, t) => HuConstants.Of(act, t), (x, c) => HuKernels.Lin1(x, c with { Nu = 0 })));
        // the both-layer NTK as the first layer's alone, and the linear kernel without its second model
        Refuted(KernelClaims.MakeBothLayers((w, x, act) => HuKernels.Theta1(w, x, act), (x, c) => HuKernels.Lin1(x, c) + HuKernels.Lin2(x, c)));
        Refuted(KernelClaims.MakeBothLayers((w, x, act) => HuKernels.Theta1(w, x, act) + HuKernels.Theta2(w, x, act), (x, c) => HuKernels.Lin1(x, c)));
    }

    [Fact]
    public void ABrokenHinfIsCaughtByTheCorrectedLemma()
    {
        // H^∞ with (π − θ) replaced by π/2: rank-deficient Gram of X when n > d, so λ_min = 0 without a parallel pair
        Refuted(KernelClaims.MakeLemma21Corrected(x => 0.25 * x.Gram()));
    }
}
