using System.Collections.Immutable;

namespace NtkPure.Claims;

/// <summary>
/// What one loop over a claim's instances found, in a form that merges exactly: the loop's size and mode, the
/// counts, the worst instance and the first failing one with their indices, and — for a loop that stops at the
/// first violation — the indices whose hypothesis failed (so a merge can count the hypotheses held before the
/// first violation). "Worst" and "first" are decided by index exactly as one pass over 0 … trials−1 decides them:
/// the smallest margin, the lowest index among equal margins.
/// </summary>
/// <param name="WorstIndex">−1 when no instance became the worst (no held instance with a margin &lt; +∞).</param>
/// <param name="FirstFailureIndex">−1 when no instance failed.</param>
public sealed record TrialCounts(
    int Trials,
    bool StopAtFirstViolation,
    int Instances,
    int Held,
    int Failures,
    int WorstIndex,
    Evidence? WorstEvidence,
    int FirstFailureIndex,
    ulong? FirstFailureSeed,
    ImmutableArray<int> NotHeld
)
{
    /// <summary>The tally a single pass would have produced.</summary>
    public ClaimRunner.Tally ToTally() =>
        new(Instances, Held, Failures, WorstEvidence?.Margin ?? double.PositiveInfinity, WorstEvidence, FirstFailureSeed);

    /// <summary>
    /// Checks the instances i ≡ <paramref name="shard"/> (mod <paramref name="shards"/>) of 0 … trials−1 in
    /// increasing order (shard 0 of 1: all of them). An unmet hypothesis is counted but not judged; margin &lt; 0
    /// is a failure; with <paramref name="stopAtFirstViolation"/> the loop ends at its first failure.
    /// </summary>
    public static TrialCounts Count(Claim claim, ulong runSeed, int trials, int shard, int shards, Action<int, int>? progress, bool stopAtFirstViolation)
    {
        int share = shard < trials ? (trials - 1 - shard) / shards + 1 : 0;
        int instances = 0, held = 0, failures = 0, worstIndex = -1, firstIndex = -1;
        double worst = double.PositiveInfinity;
        Evidence? worstEvidence = null;
        ulong? firstSeed = null;
        var notHeld = ImmutableArray.CreateBuilder<int>();
        for (int i = shard; i < trials; i += shards)
        {
            ulong s = claim.InstanceSeed(runSeed, i);
            var e = claim.Check(s);
            instances++;
            progress?.Invoke(instances, share);
            if (!e.HypothesisHeld)
            {
                if (stopAtFirstViolation)
                    notHeld.Add(i);
                continue;
            }
            held++;
            if (e.Margin < worst)
            {
                worst = e.Margin;
                worstEvidence = e;
                worstIndex = i;
            }
            if (e.Margin < 0)
            {
                failures++;
                if (firstIndex < 0)
                {
                    firstIndex = i;
                    firstSeed = s;
                }
                if (stopAtFirstViolation)
                    break;
            }
        }
        return new TrialCounts(trials, stopAtFirstViolation, instances, held, failures, worstIndex, worstEvidence, firstIndex, firstSeed, notHeld.ToImmutable());
    }

    /// <summary>
    /// Combines the counts of shards 0 … N−1 (<paramref name="shards"/>[j] ran the indices ≡ j mod N) into the
    /// counts one pass over all indices gives. Without early stop: sums, the overall worst and first failure.
    /// With early stop: one pass ends at the lowest failing index f, so it saw f + 1 instances, exactly one
    /// failure (the worst, since every earlier held margin is ≥ 0), and the hypotheses held at indices ≤ f —
    /// every shard has seen all its indices ≤ f because it ran until its own first failure, which is ≥ f.
    /// </summary>
    public static TrialCounts Merge(IReadOnlyList<TrialCounts> shards)
    {
        ArgumentOutOfRangeException.ThrowIfZero(shards.Count);
        var first = shards[0];
        for (int j = 1; j < shards.Count; j++)
            if (shards[j].Trials != first.Trials || shards[j].StopAtFirstViolation != first.StopAtFirstViolation)
                throw new ArgumentException("the shards ran loops of different sizes or modes", nameof(shards));
        int n = shards.Count;
        int f = -1, owner = -1;
        for (int j = 0; j < n; j++)
            if (shards[j].FirstFailureIndex >= 0 && (f < 0 || shards[j].FirstFailureIndex < f))
            {
                f = shards[j].FirstFailureIndex;
                owner = j;
            }
        if (first.StopAtFirstViolation && f >= 0)
        {
            int held = 0;
            var notHeld = new List<int>();
            for (int j = 0; j < n; j++)
            {
                int seen = j > f ? 0 : (f - j) / n + 1;
                int missing = 0;
                foreach (int k in shards[j].NotHeld)
                    if (k <= f)
                    {
                        missing++;
                        notHeld.Add(k);
                    }
                held += seen - missing;
            }
            notHeld.Sort();
            var o = shards[owner];
            return new TrialCounts(first.Trials, true, f + 1, held, 1, f, o.WorstEvidence, f, o.FirstFailureSeed, [.. notHeld]);
        }
        int instances = 0, heldAll = 0, failures = 0, worstIndex = -1;
        Evidence? worstEvidence = null;
        var allNotHeld = new List<int>();
        for (int j = 0; j < n; j++)
        {
            var s = shards[j];
            instances += s.Instances;
            heldAll += s.Held;
            failures += s.Failures;
            allNotHeld.AddRange(s.NotHeld);
            if (s.WorstEvidence is { } e && (worstEvidence is null || e.Margin < worstEvidence.Margin || (e.Margin == worstEvidence.Margin && s.WorstIndex < worstIndex)))
            {
                worstEvidence = e;
                worstIndex = s.WorstIndex;
            }
        }
        allNotHeld.Sort();
        return new TrialCounts(first.Trials, first.StopAtFirstViolation, instances, heldAll, failures, worstIndex, worstEvidence,
            f, f >= 0 ? shards[owner].FirstFailureSeed : null, [.. allNotHeld]);
    }
}

/// <summary>
/// How the instance loops of a run meet their trials. A shard run checks only the indices ≡ <see cref="Index"/>
/// (mod <see cref="Count"/>) and hands each loop's counts to <see cref="Record"/>; a merge supplies, through
/// <see cref="Merged"/>, the combined counts of a loop (asked for by claim id, trials and mode, in the order the
/// evaluation runs its loops) and no instance is checked. The callbacks belong to the caller (the CLI).
/// </summary>
public sealed record TrialLedger(int Index, int Count)
{
    public Action<string, TrialCounts>? Record { get; init; }

    public Func<string, int, bool, TrialCounts>? Merged { get; init; }
}
