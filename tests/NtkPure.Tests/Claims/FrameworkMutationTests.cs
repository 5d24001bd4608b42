using NtkPure.Claims;
using NtkPure.Numerics;
using Xunit;

namespace NtkPure.Tests.Claims;

/// <summary>
/// The claim framework on hand-made claims whose every instance is known in advance: the evidence algebra, the
/// runner's verdicts, counts, counterexamples and messages, the statistical decisions on exact data, and the
/// catalog's lookup.
/// </summary>
public class FrameworkMutationTests
{
    /// <summary>A claim whose instance i (by seed order) has margin margins[i]; NaN marks a failed hypothesis.</summary>
    private static Claim Scripted(string id, params double[] margins)
    {
        Claim? self = null;
        self = new Claim(id, "test", "scripted", ClaimKind.Inequality, "none", margins.Length, seed =>
        {
            for (int i = 0; i < 1000; i++)
                if (self!.InstanceSeed(7, i) == seed)
                    return double.IsNaN(margins[i % margins.Length])
                        ? Evidence.HypothesisFailed($"h{i}")
                        : new Evidence(i, 10 * i, margins[i % margins.Length], true, $"i{i}");
            throw new InvalidOperationException("unknown seed");
        });
        return self;
    }

    [Fact]
    public void EvidenceConstructorsComputeTheirMargins()
    {
        var tol = new Tolerance(0.5, 0.0);
        var eq = Evidence.Equal(1.0, 1.25, tol, "d");
        Assert.Equal(0.25, eq.Margin);
        Assert.True(eq.HypothesisHeld);
        Assert.Equal("d", eq.Details);
        var v = Evidence.Equal(Vec.Of(1.0, -3.0), Vec.Of(1.0, -2.0), tol);
        Assert.Equal(3.0, v.Lhs);
        Assert.Equal(2.0, v.Rhs);
        Assert.Equal(-0.5, v.Margin);
        Assert.Equal("max |Δ| = 1", v.Details);
        Assert.True(v.HypothesisHeld);
        Assert.Equal("mine", Evidence.Equal(Vec.Of(1.0), Vec.Of(1.0), tol, "mine").Details);
        var le = Evidence.AtMost(2.0, 3.0, 0.5, "x");
        Assert.Equal(1.5, le.Margin);
        Assert.Equal(2.0, le.Lhs);
        Assert.Equal(3.0, le.Rhs);
        Assert.True(le.HypothesisHeld);
        Assert.Equal(double.NegativeInfinity, Evidence.AtMost(double.NaN, 3.0, 0.0).Margin);
        Assert.Equal(-1.0, Evidence.AtMost(4.0, 3.0, 0.0).Margin);
        var h = Evidence.HypothesisFailed("why");
        Assert.False(h.HypothesisHeld);
        Assert.Equal(double.PositiveInfinity, h.Margin);
        Assert.True(double.IsNaN(h.Lhs) && double.IsNaN(h.Rhs));
        var all = Evidence.All(new Evidence(1, 2, 0.5, true, "a"), new Evidence(3, 4, -0.25, true, ""), new Evidence(5, 6, 2, true, "c"));
        Assert.Equal(-0.25, all.Margin);
        Assert.Equal(3.0, all.Lhs);
        Assert.True(all.HypothesisHeld);
        Assert.Equal("a; c", all.Details);
        Assert.False(Evidence.All(new Evidence(1, 2, 0.5, true, "a"), Evidence.HypothesisFailed("b")).HypothesisHeld);
    }

    [Fact]
    public void InstanceSeedsArePureAndDistinct()
    {
        var c = Scripted("t/a", 1);
        Assert.Equal(c.InstanceSeed(3, 5), c.InstanceSeed(3, 5));
        Assert.Equal(Rng.Derive(Rng.Derive(3, "t/a"), "instance/5"), c.InstanceSeed(3, 5));
        Assert.NotEqual(c.InstanceSeed(3, 5), c.InstanceSeed(3, 6));
        Assert.NotEqual(c.InstanceSeed(3, 5), c.InstanceSeed(4, 5));
        Assert.NotEqual(c.InstanceSeed(3, 5), Scripted("t/b", 1).InstanceSeed(3, 5));
    }

    [Fact]
    public void AllHeldIsHoldsWithTheWorstMarginAndItsDetails()
    {
        var c = Scripted("t/holds", 3, 0.5, 2, double.NaN);
        var seen = new List<(int, int)>();
        var r = ClaimRunner.Run(c, new ClaimRunOptions(Seed: 7), (i, n) => seen.Add((i, n)));
        Assert.Equal(Verdict.Holds, r.Verdict);
        Assert.Equal(4, r.Instances);
        Assert.Equal(3, r.HypothesisHeld);
        Assert.Equal(0.5, r.WorstMargin);
        Assert.Equal("i1", r.Details);
        Assert.Null(r.Counterexample);
        Assert.Equal(7UL, r.Seed);
        Assert.True(r.Seconds >= 0);
        Assert.Equal([(1, 4), (2, 4), (3, 4), (4, 4)], seen);
        // a margin of exactly 0 holds (with no room)
        Assert.Equal(Verdict.Holds, ClaimRunner.Run(Scripted("t/zero", 0.0, 1), new ClaimRunOptions(Seed: 7)).Verdict);
    }

    [Fact]
    public void TheFirstViolationRefutesAndIsTheCounterexample()
    {
        var c = Scripted("t/refuted", 1, double.NaN, -0.5, -2);
        var r = ClaimRunner.Run(c, new ClaimRunOptions(Seed: 7));
        Assert.Equal(Verdict.Refuted, r.Verdict);
        Assert.Equal(3, r.Instances); // stops at the first violation
        Assert.Equal(2, r.HypothesisHeld);
        Assert.Equal(-0.5, r.WorstMargin);
        Assert.Equal(c.InstanceSeed(7, 2), r.Counterexample);
        Assert.Equal("violated at instance 2: lhs 2, rhs 20; i2", r.Details);
        Assert.Equal(-0.5, ClaimRunner.Replay(c, r.Counterexample!.Value).Margin);
        // without stopping, every failure is counted and the first is kept
        var t = ClaimRunner.Instances(c, 7, 4, null, stopAtFirstViolation: false);
        Assert.Equal(4, t.Instances);
        Assert.Equal(3, t.Held);
        Assert.Equal(2, t.Failures);
        Assert.Equal(-2, t.Worst);
        Assert.Equal(c.InstanceSeed(7, 2), t.FirstFailure);
        Assert.Equal("i3", t.WorstEvidence!.Details);
    }

    [Fact]
    public void NoHypothesisIsVacuousAndAThrowIsAnError()
    {
        var vacuous = ClaimRunner.Run(Scripted("t/vacuous", double.NaN, double.NaN), new ClaimRunOptions(Seed: 7));
        Assert.Equal(Verdict.Vacuous, vacuous.Verdict);
        Assert.Equal(2, vacuous.Instances);
        Assert.Equal(0, vacuous.HypothesisHeld);
        Assert.True(double.IsNaN(vacuous.WorstMargin));
        Assert.Equal("the hypothesis held on no instance: nothing was tested", vacuous.Details);
        var throws = new Claim("t/throws", "test", "s", ClaimKind.Identity, "none", 3, _ => throw new InvalidOperationException("boom"));
        var e = ClaimRunner.Run(throws, new ClaimRunOptions());
        Assert.Equal(Verdict.Error, e.Verdict);
        Assert.Equal("InvalidOperationException: boom", e.Details);
        Assert.Null(e.Counterexample);
    }

    [Fact]
    public void TrialsComeFromTheOptionsTheDefaultOrTenTimesItWhenLong()
    {
        int calls = 0;
        var c = new Claim("t/count", "test", "s", ClaimKind.Identity, "none", 3, _ =>
        {
            calls++;
            return new Evidence(0, 0, 1, true, "");
        });
        Assert.Equal(3, ClaimRunner.Run(c, new ClaimRunOptions()).Instances);
        Assert.Equal(30, ClaimRunner.Run(c, new ClaimRunOptions(Long: true)).Instances);
        Assert.Equal(5, ClaimRunner.Run(c, new ClaimRunOptions(Trials: 5, Long: true)).Instances);
        Assert.Equal(38, calls);
        // an evaluator receives the resolved trial count and its outcome is passed through
        int? given = null;
        var evaluated = c with
        {
            Evaluate = (claim, o, _) =>
            {
                given = o.Trials;
                return new Outcome(Verdict.Inconclusive, 11, 9, -0.125, "eval", 42UL) { Figure = new Figure("f", "x", "y", true, false, []) };
            },
        };
        var r = ClaimRunner.Run(evaluated, new ClaimRunOptions(Seed: 9, Long: true));
        Assert.Equal(30, given);
        Assert.Equal(Verdict.Inconclusive, r.Verdict);
        Assert.Equal(11, r.Instances);
        Assert.Equal(9, r.HypothesisHeld);
        Assert.Equal(-0.125, r.WorstMargin);
        Assert.Equal("eval", r.Details);
        Assert.Equal(42UL, r.Counterexample);
        Assert.Equal(9UL, r.Seed);
        Assert.Equal("f", r.Figure!.Title);
    }

    [Fact]
    public void ProbabilisticDecisionOnExactCounts()
    {
        // 0 failures in 100 at α = 0.1: U = 1 − 0.05^{1/100}
        double u = 1 - Math.Pow(0.05, 1.0 / 100);
        var s = Statistical.Decide(0.05, 120, 100, 0, 99UL, 0.1, 0.5, "w");
        Assert.Equal(Verdict.Supported, s.Verdict);
        Assert.Equal(120, s.Instances);
        Assert.Equal(100, s.HypothesisHeld);
        Assert.InRange(s.WorstMargin, 0.05 - u - 1e-12, 0.05 - u + 1e-12);
        Assert.Null(s.Counterexample); // only a refutation carries one
        Assert.StartsWith("0/100 trials failed; failure probability in [0, 0.02951] at confidence 0.9 (Clopper–Pearson) vs claimed δ = 0.05; worst trial: w", s.Details);
        // δ exactly at the computed U: Supported (U ≤ δ); just below it: Inconclusive
        var ci0 = Statistics.ClopperPearson(0, 100, 0.1);
        Assert.Equal(Verdict.Supported, Statistical.Decide(ci0.Upper, 100, 100, 0, null, 0.1).Verdict);
        Assert.Equal(Verdict.Inconclusive, Statistical.Decide(ci0.Upper * (1 - 1e-9), 100, 100, 0, null, 0.1).Verdict);
        // all 100 fail: L = 0.05^{1/100} > δ
        var r = Statistical.Decide(0.5, 100, 100, 100, 77UL, 0.1);
        Assert.Equal(Verdict.Refuted, r.Verdict);
        Assert.Equal(77UL, r.Counterexample);
        Assert.DoesNotContain("worst trial", r.Details);
        double l = Statistics.ClopperPearson(100, 100, 0.1).Lower;
        Assert.InRange(l, Math.Pow(0.05, 1.0 / 100) - 1e-12, Math.Pow(0.05, 1.0 / 100) + 1e-12);
        Assert.Equal(Verdict.Inconclusive, Statistical.Decide(l, 100, 100, 100, 77UL, 0.1).Verdict); // L > δ is strict
        var vac = Statistical.Decide(1.0, 10, 8, 3, null, 0.1, 0.25);
        Assert.Equal(Verdict.Vacuous, vac.Verdict);
        Assert.Equal(0.25, vac.WorstMargin);
        Assert.Equal(8, vac.HypothesisHeld);
        Assert.Equal("the claimed failure probability δ = 1 is ≥ 1 at these sizes: the statement promises nothing; 3/8 trials failed", vac.Details);
        Assert.Equal(Verdict.Vacuous, Statistical.Decide(double.NaN, 10, 8, 3, null, 0.1).Verdict);
        var none = Statistical.Decide(0.1, 10, 0, 0, null, 0.1);
        Assert.Equal(10, none.Instances);
        Assert.True(double.IsNaN(none.WorstMargin));
        Assert.Equal("the hypothesis held on no trial: nothing was tested", none.Details);
    }

    [Fact]
    public void ProbabilisticRunsEveryTrialAndCountsFailures()
    {
        var c = Scripted("t/prob", 1, -1, 1, 1);
        var o = Statistical.Probabilistic(c, new ClaimRunOptions(Seed: 7, Trials: 8, Alpha: 0.1), 0.9, null);
        // 2 failures in 8 (instances 1 and 5): U < 0.9
        Assert.Equal(Verdict.Supported, o.Verdict);
        Assert.Equal(8, o.Instances);
        Assert.StartsWith("2/8 trials failed", o.Details);
        Assert.EndsWith("worst trial: i1", o.Details);
        var refuted = Statistical.Probabilistic(Scripted("t/prob2", -1, -1, -1, -1), new ClaimRunOptions(Seed: 7, Alpha: 0.1), 0.01, null);
        Assert.Equal(Verdict.Refuted, refuted.Verdict);
        Assert.Equal(4, refuted.Instances); // the default trials
        Assert.Equal(Scripted("t/prob2", 1).InstanceSeed(7, 0), refuted.Counterexample);
    }

    [Fact]
    public void AsymptoticMarginsOnAnExactPowerLaw()
    {
        // y = 3·x^{−1/2} exactly: the fitted slope is −1/2 with a zero-width interval, so each margin is the
        // signed distance of the claimed exponent
        var x = new double[] { 1, 4, 16, 64 };
        var y = x.Select(v => 3 / Math.Sqrt(v)).ToArray();
        void Is(Verdict v, double margin, Outcome o)
        {
            Assert.Equal(v, o.Verdict);
            Assert.InRange(o.WorstMargin, margin - 1e-9, margin + 1e-9);
            Assert.Equal(4, o.Instances);
            Assert.Equal(4, o.HypothesisHeld);
        }
        Is(Verdict.Inconsistent, -0.1, Statistical.Asymptotic(x, y, -0.4, Statistical.Side.Equal, 0.05, "w"));
        Is(Verdict.Inconsistent, -0.1, Statistical.Asymptotic(x, y, -0.6, Statistical.Side.Equal, 0.05, "w"));
        Is(Verdict.Consistent, 0.1, Statistical.Asymptotic(x, y, -0.4, Statistical.Side.AtMost, 0.05, "w"));
        Is(Verdict.Inconsistent, -0.1, Statistical.Asymptotic(x, y, -0.6, Statistical.Side.AtMost, 0.05, "w"));
        Is(Verdict.Inconsistent, -0.1, Statistical.Asymptotic(x, y, -0.4, Statistical.Side.AtLeast, 0.05, "w"));
        Is(Verdict.Consistent, 0.1, Statistical.Asymptotic(x, y, -0.6, Statistical.Side.AtLeast, 0.05, "w"));
        Is(Verdict.Consistent, 0.0, Statistical.Asymptotic(x, y, -0.5, Statistical.Side.Equal, 0.05, "w"));
        // a claimed exponent exactly at the interval's end has margin exactly 0, which is consistent
        var noisy = new double[] { 1.0, 0.6, 0.27, 0.2 };
        var fit = Statistics.FitLogLog(x, noisy, 0.95);
        Assert.Equal(0.0, Statistical.Asymptotic(x, noisy, fit.SlopeLower, Statistical.Side.AtMost, 0.05, "w").WorstMargin);
        Assert.Equal(Verdict.Consistent, Statistical.Asymptotic(x, noisy, fit.SlopeLower, Statistical.Side.AtMost, 0.05, "w").Verdict);
        var fig = new Figure("t", "x", "y", true, true, []);
        var o = Statistical.Asymptotic(x, y, -0.4, Statistical.Side.AtMost, 0.05, "what", fig);
        Assert.Same(fig, o.Figure);
        Assert.StartsWith("what: fitted exponent -0.5 in [-0.5, -0.5] at confidence 0.95 over 4 points, implied constant 3; claimed exponent ≤ -0.4", o.Details);
        Assert.EndsWith("claimed exponent = -0.4", Statistical.Asymptotic(x, y, -0.4, Statistical.Side.Equal, 0.05, "w").Details);
        Assert.EndsWith("claimed exponent ≥ -0.4", Statistical.Asymptotic(x, y, -0.4, Statistical.Side.AtLeast, 0.05, "w").Details);
    }

    [Fact]
    public void DecreasingTrendsAndCompoundVerdicts()
    {
        var x = new double[] { 1, 2, 4, 8 };
        var dfig = new Figure("d", "x", "y", true, true, []);
        var down = Trends.Decreasing(x, x.Select(v => 2 / v).ToArray(), 0.05, "d", dfig, expected: -1);
        Assert.Same(dfig, down.Figure);
        Assert.Contains("at confidence 0.95 over 4 points", down.Details);
        Assert.Equal(Verdict.Consistent, down.Verdict);
        Assert.InRange(down.WorstMargin, 1 - 1e-9, 1 + 1e-9);
        Assert.EndsWith("claimed: exponent < 0; the expected exponent -1 is inside the interval", down.Details);
        Assert.EndsWith("is outside the interval", Trends.Decreasing(x, x.Select(v => 2 / v).ToArray(), 0.05, "d", expected: -2).Details);
        Assert.EndsWith("claimed: exponent < 0", Trends.Decreasing(x, x.Select(v => 2 / v).ToArray(), 0.05, "d").Details);
        var flat = Trends.Decreasing(x, [1.0, 1.0, 1.0, 1.0], 0.05, "f");
        Assert.Equal(Verdict.Inconsistent, flat.Verdict); // slope 0 exactly: the upper end is not < 0
        Assert.Equal(Verdict.Inconsistent, Trends.Decreasing(x, x.Select(v => v * v).ToArray(), 0.05, "u").Verdict);
        var fig = new Figure("g", "x", "y", false, false, []);
        var worst = Trends.Worst(
            new Outcome(Verdict.Consistent, 2, 2, 0.5, "a"),
            new Outcome(Verdict.Inconclusive, 3, 1, 0.7, "b") { Figure = fig },
            new Outcome(Verdict.Inconclusive, 4, 4, 0.2, "c"),
            new Outcome(Verdict.Vacuous, 1, 0, -5, "d"));
        Assert.Equal(Verdict.Inconclusive, worst.Verdict);
        Assert.Equal(0.2, worst.WorstMargin);
        Assert.Equal(10, worst.Instances);
        Assert.Equal(7, worst.HypothesisHeld);
        Assert.Equal("Consistent: a | Inconclusive: b | Inconclusive: c | Vacuous: d", worst.Details);
        Assert.Same(fig, worst.Figure);
        Assert.Null(Trends.Worst(new Outcome(Verdict.Holds, 1, 1, 1, "a"), new Outcome(Verdict.Holds, 1, 1, 2, "b")).Figure);
        // the verdict order: Error, Refuted, Inconsistent, NotReproduced, Inconclusive, Vacuous, then the rest
        Verdict[] order = [Verdict.Error, Verdict.Refuted, Verdict.Inconsistent, Verdict.NotReproduced, Verdict.Inconclusive, Verdict.Vacuous, Verdict.Holds];
        for (int i = 0; i + 1 < order.Length; i++)
            Assert.True(NtkNotesClaims.Rank(order[i]) < NtkNotesClaims.Rank(order[i + 1]));
        Assert.Equal(NtkNotesClaims.Rank(Verdict.Holds), NtkNotesClaims.Rank(Verdict.Supported));
        Assert.Equal(NtkNotesClaims.Rank(Verdict.Holds), NtkNotesClaims.Rank(Verdict.Reproduced));
    }

    [Fact]
    public void PlotsAndGroupedMeans()
    {
        var p = Trends.Plot("t", "x", "y", true, false, ("a", [1.0, 2.0], [3.0, 4.0]), ("b", [5.0], [6.0]));
        Assert.Equal("t", p.Title);
        Assert.True(p.LogX);
        Assert.False(p.LogY);
        Assert.Equal(2, p.Series.Count);
        Assert.Equal("b", p.Series[1].Label);
        Assert.Equal([3.0, 4.0], p.Series[0].Y);
        var (keys, means) = Trends.MeanBy(new[] { (2.0, 1.0), (1.0, 5.0), (2.0, 3.0) }, r => r.Item1, r => r.Item2);
        Assert.Equal([1.0, 2.0], keys);
        Assert.Equal([5.0, 2.0], means);
    }

    [Fact]
    public void InstanceBuildersStayInTheirRanges()
    {
        var rng = new Rng(5);
        var seen = new HashSet<int>();
        for (int i = 0; i < 400; i++)
        {
            int v = Instances.Between(ref rng, 3, 6);
            Assert.InRange(v, 3, 6);
            seen.Add(v);
        }
        Assert.Equal(4, seen.Count); // both ends are reached
        for (ulong s = 0; s < 20; s++)
        {
            var (data, net) = Instances.NtkNotes(s, maxN: 5, maxD: 3, maxM: 9);
            Assert.InRange(data.N, 2, 5);
            Assert.InRange(data.D, 2, 3);
            Assert.InRange(net.Width, 4, 9);
            Assert.Equal(data.D, net.InputDim);
            var (gd, gn, _) = Instances.General(s);
            Assert.InRange(gd.N, 2, 10);
            Assert.InRange(gd.D, 1, 6);
            Assert.InRange(gn.Width, 2, 40);
            Assert.Equal(gd.D, gn.InputDim);
        }
        // the general setting draws both losses, both input scalings and a non-zero Gaussian second layer
        var losses = new HashSet<NtkPure.Model.LossKind>();
        var scaled = new HashSet<bool>();
        for (ulong s = 0; s < 40; s++)
        {
            var (_, net, loss) = Instances.General(s);
            losses.Add(loss);
            scaled.Add(net.InputScaled);
            Assert.True(net.A.NormInf() > 0);
        }
        Assert.Equal(2, losses.Count);
        Assert.Equal(2, scaled.Count);
        var sym = Instances.Symmetric(ref rng, 4);
        for (int i = 0; i < 4; i++)
            Assert.NotEqual(0.0, sym[i, i]);
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
                Assert.Equal(sym[i, j], sym[j, i]);
        Assert.NotEqual(0.0, sym[3, 0]);
        var g = Instances.Gaussian(ref rng, 3, 2);
        Assert.Equal(3, g.Rows);
        Assert.Equal(2, g.Cols);
        Assert.True(g.MaxAbs() > 0);
    }

    [Fact]
    public void TheCatalogFindsEveryClaimByItsUniqueId()
    {
        Assert.Equal(Catalog.All.Count, Catalog.All.Select(c => c.Id).Distinct().Count());
        foreach (var c in Catalog.All)
            Assert.Same(c, Catalog.Find(c.Id));
        Assert.Null(Catalog.Find("no/such-claim"));
        Assert.Contains(Catalog.All, c => c.Id == NtkNotesClaims.Eq8StepSize.Id);
    }
}
