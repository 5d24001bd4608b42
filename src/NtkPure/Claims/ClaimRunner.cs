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
        int held = 0, instances = 0;
        double worst = double.PositiveInfinity;
        string details = "";
        try
        {
            if (claim.Evaluate is { } evaluate)
            {
                var o = evaluate(claim, options with { Trials = trials }, progress);
                return new ClaimResult(claim, o.Verdict, o.Instances, o.HypothesisHeld, o.WorstMargin, options.Seed, clock.Elapsed.TotalSeconds, o.Details, o.Counterexample) { Figure = o.Figure };
            }
            for (int i = 0; i < trials; i++)
            {
                ulong s = claim.InstanceSeed(options.Seed, i);
                var e = claim.Check(s);
                instances++;
                progress?.Invoke(i + 1, trials);
                if (!e.HypothesisHeld)
                    continue;
                held++;
                if (e.Margin < worst)
                {
                    worst = e.Margin;
                    details = e.Details;
                }
                if (e.Margin < 0)
                    return new ClaimResult(claim, Verdict.Refuted, instances, held, e.Margin, options.Seed, clock.Elapsed.TotalSeconds,
                        FormattableString.Invariant($"violated at instance {i}: lhs {e.Lhs:G6}, rhs {e.Rhs:G6}; {e.Details}"), s);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return new ClaimResult(claim, Verdict.Error, instances, held, worst, options.Seed, clock.Elapsed.TotalSeconds,
                $"{ex.GetType().Name}: {ex.Message}", null);
        }
        var verdict = held == 0 ? Verdict.Vacuous : Verdict.Holds;
        return new ClaimResult(claim, verdict, instances, held, held == 0 ? double.NaN : worst, options.Seed, clock.Elapsed.TotalSeconds,
            held == 0 ? "the hypothesis held on no instance: nothing was tested" : details, null);
    }

    /// <summary>Re-evaluates one instance from its seed: the replay of a counterexample.</summary>
    public static Evidence Replay(Claim claim, ulong instanceSeed) => claim.Check(instanceSeed);
}
