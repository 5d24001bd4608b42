using NtkPure.Claims;
using Xunit;

namespace NtkPure.Tests.Claims;

/// <summary>Shards of a run's trial loops merge into exactly the tally of one pass over all trials.</summary>
public sealed class TrialCountsTests
{
    /// <summary>
    /// A claim whose instances fail their hypothesis, tie on margins and fail at rates set by the seed's bits, so
    /// that worst-instance ties, unmet hypotheses before the first failure and shards with no failure all occur.
    /// </summary>
    private static Claim Synthetic(int failEvery, int skipEvery) => new(
        "test/synthetic", "test", "synthetic", ClaimKind.Probabilistic, "none", 100,
        seed =>
        {
            ulong u = seed % 1009;
            if (skipEvery > 0 && u % (ulong)skipEvery == 0)
                return Evidence.HypothesisFailed("skipped");
            double margin = failEvery > 0 && u % (ulong)failEvery == 1 ? -(double)(u % 3) - 1 : (u % 5) * 0.25;
            return new Evidence(u, 0, margin, true, "u = " + u);
        });

    public static TheoryData<int, int, int, bool> Cases()
    {
        var data = new TheoryData<int, int, int, bool>();
        foreach (var (fail, skip) in new[] { (0, 0), (0, 4), (7, 0), (7, 3), (40, 5), (400, 2) })
            foreach (int trials in new[] { 1, 5, 97, 300 })
                foreach (bool stop in new[] { false, true })
                    data.Add(fail * 1000 + skip, trials, fail, stop);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ShardsMergeToOnePass(int code, int trials, int failEvery, bool stop)
    {
        var claim = Synthetic(failEvery, code % 1000);
        foreach (ulong runSeed in new ulong[] { 1, 2, 3 })
        {
            var one = TrialCounts.Count(claim, runSeed, trials, 0, 1, null, stop);
            var reference = ClaimRunner.Instances(claim, runSeed, trials, null, stop);
            Assert.Equal(reference, one.ToTally());
            foreach (int n in new[] { 1, 2, 3, 4, 7, trials + 2 })
            {
                var shards = Enumerable.Range(0, n).Select(j => TrialCounts.Count(claim, runSeed, trials, j, n, null, stop)).ToList();
                if (!stop)
                    Assert.Equal(trials, shards.Sum(s => s.Instances)); // the shards partition the trials
                var merged = TrialCounts.Merge(shards);
                Assert.Equal(one.ToTally(), merged.ToTally());
                Assert.Equal(one.WorstIndex, merged.WorstIndex);
                Assert.Equal(one.FirstFailureIndex, merged.FirstFailureIndex);
            }
        }
    }

    [Fact]
    public void TheSyntheticClaimHasWhatTheMergeMustHandle()
    {
        // the cases above are only meaningful if they contain failures, unmet hypotheses and tied margins
        var claim = Synthetic(7, 3);
        var c = TrialCounts.Count(claim, 1, 300, 0, 1, null, false);
        Assert.InRange(c.Failures, 5, 295);
        Assert.InRange(c.Held, 1, 299);
        Assert.Contains(new ulong[] { 1, 2, 3 }, seed =>
        {
            var stopped = TrialCounts.Count(claim, seed, 300, 0, 1, null, true);
            return stopped.Failures == 1 && stopped.NotHeld.Length > 0; // a violation after some unmet hypotheses
        });
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 3)]
    [InlineData(2, 3)]
    [InlineData(3, 5)]
    public void AShardsCountsEqualItsIndicesCheckedOneByOne(int shard, int shards)
    {
        // the one-pass reference is itself TrialCounts.Count, so the counts are recomputed here from the checks
        var claim = Synthetic(7, 3);
        const ulong runSeed = 2;
        const int trials = 97;
        int held = 0, failures = 0, first = -1, worstAt = -1;
        double worst = double.PositiveInfinity;
        var indices = Enumerable.Range(0, trials).Where(i => i % shards == shard).ToList();
        foreach (int i in indices)
        {
            var e = claim.Check(claim.InstanceSeed(runSeed, i));
            if (!e.HypothesisHeld)
                continue;
            held++;
            if (e.Margin < worst)
                (worst, worstAt) = (e.Margin, i);
            if (e.Margin < 0)
            {
                failures++;
                if (first == -1)
                    first = i;
            }
        }
        Assert.True(failures > 1 && held < indices.Count, "the shard has several failures and unmet hypotheses");
        var reports = new List<(int Done, int Total)>();
        var c = TrialCounts.Count(claim, runSeed, trials, shard, shards, (d, t) => reports.Add((d, t)), false);
        Assert.Equal((indices.Count, held, failures, first, worstAt), (c.Instances, c.Held, c.Failures, c.FirstFailureIndex, c.WorstIndex));
        Assert.Equal(claim.InstanceSeed(runSeed, first), c.FirstFailureSeed);
        Assert.Equal(worst, c.ToTally().Worst);
        // progress counts this shard's instances against its share of the trials
        Assert.Equal(Enumerable.Range(1, indices.Count).Select(k => (k, indices.Count)), reports);
        // margin exactly 0 holds: the synthetic claim has such instances, and none of them is a failure
        Assert.Contains(indices, i => claim.Check(claim.InstanceSeed(runSeed, i)) is { HypothesisHeld: true, Margin: 0 });
    }

    [Fact]
    public void AFailureAtIndexZeroStaysTheFirst()
    {
        var claim = new Claim("test/fails", "test", "fails", ClaimKind.Inequality, "none", 10, _ => new Evidence(1, 0, -1, true, "always"));
        var c = TrialCounts.Count(claim, 5, 10, 0, 1, null, false);
        Assert.Equal((0, 10), (c.FirstFailureIndex, c.Failures));
        Assert.Equal(claim.InstanceSeed(5, 0), c.FirstFailureSeed);
    }

    [Fact]
    public void ALedgerMergeAnswersTheLoopsWithoutChecking()
    {
        var claim = Synthetic(40, 5) with { Evaluate = (c, o, p) => Statistical.Probabilistic(c, o, 0.05, p) };
        var options = new ClaimRunOptions(Seed: 4, Trials: 200, Alpha: 0.01);
        var one = ClaimRunner.Run(claim, options);
        var recorded = new List<TrialCounts>[3];
        for (int j = 0; j < 3; j++)
        {
            var mine = recorded[j] = [];
            ClaimRunner.Run(claim, options with { Ledger = new TrialLedger(j, 3) { Record = (_, c) => mine.Add(c) } });
        }
        var merged = TrialCounts.Merge([recorded[0][0], recorded[1][0], recorded[2][0]]);
        var never = claim with { Check = _ => throw new InvalidOperationException("a merge checks no instance") };
        var again = ClaimRunner.Run(never, options with { Ledger = new TrialLedger(0, 1) { Merged = (_, _, _) => merged } });
        Assert.Equal((one.Verdict, one.Instances, one.HypothesisHeld, one.WorstMargin, one.Details, one.Counterexample),
            (again.Verdict, again.Instances, again.HypothesisHeld, again.WorstMargin, again.Details, again.Counterexample));
    }
}
