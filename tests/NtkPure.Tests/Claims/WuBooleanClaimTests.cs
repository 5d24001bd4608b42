using Xunit;
using NtkPure.Boolean;
using NtkPure.Claims;
using NtkPure.Experiments;
using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Tests.Claims;

/// <summary>The verdicts of wu's hardness section, and each check failing when the quantity under test is broken.</summary>
public class WuBooleanClaimTests
{
    public static IEnumerable<object[]> FileClaims() => CatalogVerdictTests.Of(WuBooleanClaims.All);

    [Theory]
    [MemberData(nameof(FileClaims))]
    public void EveryClaimGetsTheVerdictOfItsMathematics(string id) => CatalogVerdictTests.Check(id);

    private static readonly ClaimRunOptions Options = new(Seed: 20261124);

    private static ClaimResult Run(Claim c, int? trials = null) => ClaimRunner.Run(c, Options with { Trials = trials });

    private static void Refuted(Claim broken, int? trials = null)
    {
        var r = Run(broken, trials);
        Assert.Equal(Verdict.Refuted, r.Verdict);
        Assert.NotNull(r.Counterexample);
        Assert.True(ClaimRunner.Replay(broken, r.Counterexample!.Value).Margin < 0);
    }

    [Fact]
    public void EveryClaimIsInTheCatalog()
    {
        foreach (var id in new[] { "wu/step-from-relu", "wu/halfspace-intersection", "wu/halfspace-intersection.corrected", "wu/parity-orthonormal",
                     "wu/parity-as-relu-network", "wu/cosine-class-size", "wu/theorem-7", "wu/theorem-7.corrected", "wu/theorem-8",
                     "wu/theorem-8.step-0.15", "wu/parity-sgd" })
            Assert.NotNull(Catalog.Find(id));
    }

    // σ_step

    [Fact]
    public void StepFromReluHoldsAndCatchesAWrongRamp()
    {
        var r = Run(WuBooleanClaims.StepFromRelu);
        Assert.Equal(Verdict.Holds, r.Verdict);
        // ReLU(2z) − ReLU(2z − 2) is 2 for z ≥ 1; ReLU(z) − ReLU(z − 1) is z on [½, 1)
        Refuted(WuBooleanClaims.MakeStepFromRelu(() => Networks.Relu([[2.0, 0.0], [2.0, -2.0]], [1.0, -1.0])));
        Refuted(WuBooleanClaims.MakeStepFromRelu(() => Networks.Relu([[1.0, 0.0], [1.0, -1.0]], [1.0, -1.0])));
    }

    // halfspaces

    [Fact]
    public void TheSeedsPathNormBoundIsRefutedWhileTheSignIdentityHolds()
    {
        var r = Run(WuBooleanClaims.HalfspaceIntersectionAsWritten);
        Assert.Equal(Verdict.Refuted, r.Verdict);
        Assert.Contains("points of {−1,1}", r.Details);
        var replay = ClaimRunner.Replay(WuBooleanClaims.HalfspaceIntersectionAsWritten, r.Counterexample!.Value);
        Assert.True(replay.Margin < 0);
        Assert.True(replay.Lhs > replay.Rhs, "the path norm exceeds the seed's bound");
        var corrected = Run(WuBooleanClaims.HalfspaceIntersectionCorrected);
        Assert.Equal(Verdict.Holds, corrected.Verdict);
    }

    [Fact]
    public void HalfspaceClaimCatchesABiasOffByOneAndAWrongConstant()
    {
        static TwoLayerNet Shifted(IReadOnlyList<Halfspace> hs) =>
            HalfspaceIntersection.Network([hs[0] with { B = hs[0].B + 1 }, .. hs.Skip(1)]);
        Refuted(WuBooleanClaims.MakeHalfspaceIntersection(Shifted, HalfspaceIntersection.PathNormBound));
        static TwoLayerNet WrongConstant(IReadOnlyList<Halfspace> hs)
        {
            var net = HalfspaceIntersection.Network(hs);
            var a = net.A.ToArray();
            a[^1] = (1.0 - hs.Count) / (2 * hs.Count); // −k + 1 instead of −k + ⅓: g = 0 where k − 1 halfspaces hold
            return net with { A = Vec.Of(a) };
        }
        Refuted(WuBooleanClaims.MakeHalfspaceIntersection(WrongConstant, _ => double.PositiveInfinity));
    }

    // parities

    [Fact]
    public void ParitiesAreOrthonormalAndABrokenParityIsCaught()
    {
        Assert.Equal(Verdict.Holds, Run(WuBooleanClaims.ParityOrthonormal).Verdict);
        // a parity that ignores the last coordinate: f_v = f_{v ⊕ e_{d−1}}
        static ulong Drop(int d, ulong v) => d == 0 ? v : v & ((1UL << (d - 1)) - 1);
        Refuted(WuBooleanClaims.MakeParityOrthonormal(
            d => FunctionClass.Parities(d, [.. Enumerable.Range(0, 1 << d).Select(v => Drop(d, (ulong)v))]).Gram(),
            Parity.InnerProductMonteCarlo));
        Refuted(WuBooleanClaims.MakeParityOrthonormal(
            d => Parity.Gram(d),
            (d, v, w, n, seed, conf) => Parity.InnerProductMonteCarlo(d, Drop(d, v), Drop(d, w), n, seed, conf)));
    }

    [Fact]
    public void AGramMatrixOfTheWrongShapeIsRefutedNotAnError()
    {
        // the inner products of all 2^d parities with all but the last: one side has the right size, the other not;
        // the check must say so (Refuted, with the shape), not read past the last column (Error)
        static Mat LastColumnMissing(int d)
        {
            var g = Parity.Gram(d);
            return Mat.Create(g.Rows, g.Cols - 1, (i, j) => g[i, j]);
        }
        static Mat LastRowMissing(int d)
        {
            var g = Parity.Gram(d);
            return Mat.Create(g.Rows - 1, g.Cols, (i, j) => g[i, j]);
        }
        foreach (var gram in new Func<int, Mat>[] { LastColumnMissing, LastRowMissing })
        {
            var r = Run(WuBooleanClaims.MakeParityOrthonormal(gram, Parity.InnerProductMonteCarlo));
            Assert.Equal(Verdict.Refuted, r.Verdict);
            Assert.Contains("the Gram matrix is", r.Details);
        }
    }

    [Fact]
    public void ParityNetworkIsConsistentWithCdSquared()
    {
        var r = Run(WuBooleanClaims.ParityAsReluNetwork, trials: 12);
        Assert.Equal(Verdict.Consistent, r.Verdict);
        Assert.Contains("claimed at most 2", r.Details);
    }

    [Fact]
    public void ParityNetworkCatchesAChangedHatCoefficient()
    {
        // the first coefficient of hat 1, σ(2vᵀx − 1), from +1 to +1.01: wrong wherever vᵀx ≥ 1
        static TwoLayerNet Broken(int d, ulong v)
        {
            var net = TriangleWave.ParityNetwork(d, v);
            var a = net.A.ToArray();
            if (a.Length > 3)
                a[3] *= 1.01;
            return net with { A = Vec.Of(a) };
        }
        var r = Run(WuBooleanClaims.MakeParityAsReluNetwork(Broken), trials: 12);
        Assert.Equal(Verdict.Refuted, r.Verdict);
        Assert.True(WuBooleanClaims.MakeParityAsReluNetwork(Broken).Check(r.Counterexample!.Value).Margin < 0);
    }

    [Fact]
    public void ParityNetworkWhosePathNormGrowsLikeDCubedIsInconsistent()
    {
        // the same function plus a cancelling pair of neurons with ℓ₁ weight d³: the identity holds, the norm does not scale
        static TwoLayerNet Padded(int d, ulong v)
        {
            var net = TriangleWave.ParityNetwork(d, v);
            var rows = Enumerable.Range(0, net.Width).Select(r => net.W.Row(r).ToArray()).ToList();
            var pad = new double[d + 1];
            pad[d] = (double)d * d * d;
            rows.Add(pad);
            rows.Add(pad);
            return Networks.Relu([.. rows], [.. net.A, 1.0, -1.0]);
        }
        var r = Run(WuBooleanClaims.MakeParityAsReluNetwork(Padded), trials: 6);
        Assert.Equal(Verdict.Inconsistent, r.Verdict);
    }

    // the cosine class

    [Fact]
    public void CosineClassIsConsistentAndBrokenCountsAreCaught()
    {
        Assert.Equal(Verdict.Consistent, Run(WuBooleanClaims.CosineClassSize).Verdict);
        // a count that forgot the slack variable: C(2d − 1, d) = C(2d, d)/2
        Assert.Equal(Verdict.Refuted, Run(WuBooleanClaims.MakeCosineClassSize(d => CosineClass.CountByEnumeration(d), d => (double)CosineClass.Count(d) / 2)).Verdict);
        // ℕ = {1, 2, …}: one function, whatever d
        var positive = WuBooleanClaims.MakeCosineClassSize(d => CosineClass.CountByEnumeration(d, minimumEntry: 1), _ => 1.0);
        Assert.Equal(Verdict.Inconsistent, Run(positive).Verdict);
    }

    // Theorem 7

    [Fact]
    public void Theorem7AsWrittenIsRefutedByAFactorOfFour()
    {
        var r = Run(WuBooleanClaims.Theorem7AsWritten);
        Assert.Equal(Verdict.Refuted, r.Verdict);
        var e = ClaimRunner.Replay(WuBooleanClaims.Theorem7AsWritten, r.Counterexample!.Value);
        Assert.InRange(e.Lhs / e.Rhs, 3.0, 4.0 + 1e-9);
    }

    [Fact]
    public void Theorem7CorrectedHoldsOnTightInstancesWithoutBeingFooledByRounding()
    {
        var claim = WuBooleanClaims.Theorem7Corrected;
        var r = Run(claim);
        Assert.Equal(Verdict.Holds, r.Verdict);
        int tight = 0;
        for (int i = 0; i < claim.DefaultTrials; i++)
        {
            var (model, cls) = WuBooleanClaims.GradientVarianceInstance(claim.InstanceSeed(Options.Seed, i));
            var rep = GradientVariance.Of(model, cls, RiskNormalisation.Half);
            if (Math.Abs(rep.Tightness - 1) < 1e-12)
                tight++;
        }
        Assert.True(tight >= 10, $"only {tight} tight instances");
    }

    [Fact]
    public void Theorem7CorrectedCatchesAWrongDivisorAndTheWrongNormalisation()
    {
        // the sample variance (divisor |F| − 1) exceeds the bound by 1/(|F| − 1) exactly where (0.7) is tight
        Refuted(WuBooleanClaims.MakeTheorem7((m, c, risk) =>
        {
            var r = GradientVariance.Of(m, c, risk);
            return c.Size < 2 ? r : r with { Variance = r.Variance * c.Size / (c.Size - 1) };
        }, corrected: true));
        Refuted(WuBooleanClaims.MakeTheorem7((m, c, _) => GradientVariance.Of(m, c, RiskNormalisation.AsWritten), corrected: true));
    }

    [Fact]
    public void Theorem7RefusesANonOrthonormalClassAsAFailedHypothesis()
    {
        // a class with a repeated member is not orthonormal: the instance proves nothing, whatever the inequality does
        var claim = WuBooleanClaims.MakeTheorem7(GradientVariance.Of, corrected: true, seed =>
        {
            var (model, cls) = WuBooleanClaims.GradientVarianceInstance(seed);
            return (model, FunctionClass.Parities(cls.Dimension, [0, 0]));
        });
        var r = Run(claim, trials: 5);
        Assert.Equal(Verdict.Vacuous, r.Verdict);
        Assert.Equal(0, r.HypothesisHeld);
    }

    // Theorem 8

    [Fact]
    public void Theorem8IsConsistentAndAFastEscapeIsNot()
    {
        var r = Run(WuBooleanClaims.Theorem8, trials: 4);
        Assert.Equal(Verdict.Consistent, r.Verdict);
        Assert.Contains("escape time", r.Details);
        // a drift that leaves θ₀ at a d-independent speed: same run, but time rescaled by 2^{d/2}
        var fast = WuBooleanClaims.MakeTheorem8((net, vs, all, time, steps) =>
        {
            var c = ParityDrift.Run(net, vs, all, time, steps);
            double s = Math.Pow(2, net.InputDim / 2.0);
            return c with { Times = [.. c.Times.Select(t => t / s)] };
        });
        Assert.Equal(Verdict.Inconsistent, Run(fast, trials: 4).Verdict);
    }

    [Fact]
    public void TheProofStep015IsRefutedAlongTheFlow()
    {
        var r = Run(WuBooleanClaims.Theorem8Step015);
        Assert.Equal(Verdict.Refuted, r.Verdict);
        Assert.Contains("Bessel step", r.Details);
        Assert.True(ClaimRunner.Replay(WuBooleanClaims.Theorem8Step015, r.Counterexample!.Value).Margin < 0);
    }

    // Figure 1

    [Fact]
    public void ParitySgdIsReproducedAndNotWhenNothingLearns()
    {
        var small = WuBooleanClaims.MakeParitySgd(o => new ParitySgdSpec([3, 14], 64, 64, 0.05, 300, 100, 2000, o.Seed));
        Assert.Equal(Verdict.Reproduced, Run(small).Verdict);
        var frozen = WuBooleanClaims.MakeParitySgd(o => new ParitySgdSpec([3, 14], 64, 64, 0.0, 300, 100, 2000, o.Seed));
        Assert.Equal(Verdict.NotReproduced, Run(frozen).Verdict);
    }
}
