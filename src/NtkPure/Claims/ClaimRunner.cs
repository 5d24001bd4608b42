using System.Diagnostics;

namespace NtkPure.Claims;

/// <summary>
/// Runs claims of the deterministic kinds (identity, inequality, conditional): every instance is checked, the
/// first violation makes the claim Refuted with its instance seed as the counterexample, and a claim whose
/// hypothesis never held is Vacuous. The clock is read only to report seconds; it decides nothing.
/// </summary>
public static class ClaimRunner
{
    public static ClaimResult Run(Claim claim, ClaimRunOptions options, Action<int, int>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        int trials = options.Trials ?? (options.Long ? 10 * claim.DefaultTrials : claim.DefaultTrials);
        var tally = new Tally();
        try
        {
            if (claim.Evaluate is { } evaluate)
            {
                var o = evaluate(claim, options with { Trials = trials }, progress);
                return new ClaimResult(claim, o.Verdict, o.Instances, o.HypothesisHeld, o.WorstMargin, options.Seed, clock.Elapsed.TotalSeconds, o.Details, o.Counterexample) { Figure = o.Figure };
            }
            tally = Instances(claim, options, trials, progress, stopAtFirstViolation: true);
            if (tally.Failures > 0)
                return new ClaimResult(claim, Verdict.Refuted, tally.Instances, tally.Held, tally.Worst, options.Seed, clock.Elapsed.TotalSeconds,
                    FormattableString.Invariant($"violated at instance {tally.Instances - 1}: lhs {tally.WorstEvidence!.Lhs:G6}, rhs {tally.WorstEvidence.Rhs:G6}; {tally.WorstEvidence.Details}"), tally.FirstFailure);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return new ClaimResult(claim, Verdict.Error, tally.Instances, tally.Held, tally.Worst, options.Seed, clock.Elapsed.TotalSeconds,
                $"{ex.GetType().Name}: {ex.Message}", null);
        }
        var verdict = tally.Held == 0 ? Verdict.Vacuous : Verdict.Holds;
        return new ClaimResult(claim, verdict, tally.Instances, tally.Held, tally.Held == 0 ? double.NaN : tally.Worst, options.Seed, clock.Elapsed.TotalSeconds,
            tally.Held == 0 ? "the hypothesis held on no instance: nothing was tested" : tally.WorstEvidence!.Details, null);
    }

    /// <summary>What a run of instances found: counts, the worst evidence, and the first failing instance's seed.</summary>
    public sealed record Tally(int Instances = 0, int Held = 0, int Failures = 0, double Worst = double.PositiveInfinity, Evidence? WorstEvidence = null, ulong? FirstFailure = null);

    /// <summary>
    /// Checks instances 0 … trials−1 of a claim (seeds from the run seed and the claim id). An instance whose
    /// hypothesis failed is counted but not judged; margin &lt; 0 is a failure.
    /// </summary>
    public static Tally Instances(Claim claim, ulong runSeed, int trials, Action<int, int>? progress, bool stopAtFirstViolation) =>
        TrialCounts.Count(claim, runSeed, trials, 0, 1, progress, stopAtFirstViolation).ToTally();

    /// <summary>
    /// As <see cref="Instances(Claim, ulong, int, Action{int, int}?, bool)"/> with the run's seed, through the run's
    /// <see cref="TrialLedger"/> when it has one: a shard checks its share of the indices and records the counts;
    /// a merge takes the combined counts of the shards and checks nothing.
    /// </summary>
    public static Tally Instances(Claim claim, ClaimRunOptions options, int trials, Action<int, int>? progress, bool stopAtFirstViolation)
    {
        if (options.Ledger is not { } ledger)
            return Instances(claim, options.Seed, trials, progress, stopAtFirstViolation);
        if (ledger.Merged is { } merged)
            return merged(claim.Id, trials, stopAtFirstViolation).ToTally();
        var counts = TrialCounts.Count(claim, options.Seed, trials, ledger.Index, ledger.Count, progress, stopAtFirstViolation);
        ledger.Record?.Invoke(claim.Id, counts);
        return counts.ToTally();
    }

    /// <summary>Re-evaluates one instance from its seed: the replay of a counterexample.</summary>
    public static Evidence Replay(Claim claim, ulong instanceSeed) => claim.Check(instanceSeed);
}
