using NtkPure.Numerics;

namespace NtkPure.Claims;

/// <summary>
/// Verdicts of the statistical kinds. Probabilistic: "holds with probability ≥ 1 − δ" becomes N independent
/// trials, k failures, and the exact Clopper–Pearson interval [L, U] for the failure probability at level α:
/// Supported when U ≤ δ, Refuted when L &gt; δ (the first failing instance is the counterexample), Inconclusive
/// otherwise, and Vacuous when the hypothesis never held or δ ≥ 1 (the statement promises nothing).
/// Asymptotic: a sweep, a log-log fit with a (1 − α) interval on the exponent, and the claimed exponent inside
/// (Consistent) or outside (Inconsistent) it — or, for one-sided O(·)/Ω(·) claims, on the allowed side.
/// </summary>
public static class Statistical
{
    private static string F(FormattableString s) => FormattableString.Invariant(s);

    /// <summary>
    /// Runs <paramref name="trials"/> instances of <see cref="Claim.Check"/> (margin &lt; 0 is a failure, an unmet
    /// hypothesis is not counted) and decides against the claimed failure probability δ.
    /// </summary>
    public static Outcome Probabilistic(Claim claim, ClaimRunOptions options, double delta, Action<int, int>? progress)
    {
        var t = ClaimRunner.Instances(claim, options, options.Trials ?? claim.DefaultTrials, progress, stopAtFirstViolation: false);
        return Decide(delta, t.Instances, t.Held, t.Failures, t.FirstFailure, options.Alpha, t.Worst, t.WorstEvidence?.Details ?? "");
    }

    /// <summary>The probabilistic decision from counts (also used to merge counts of several runs).</summary>
    public static Outcome Decide(double delta, int instances, int held, int failures, ulong? counterexample, double alpha, double worstMargin = double.NaN, string worstDetails = "")
    {
        if (!(delta < 1))
            return new Outcome(Verdict.Vacuous, instances, held, worstMargin,
                F($"the claimed failure probability δ = {delta:G4} is ≥ 1 at these sizes: the statement promises nothing; {failures}/{held} trials failed"));
        if (held == 0)
            return new Outcome(Verdict.Vacuous, instances, 0, double.NaN, "the hypothesis held on no trial: nothing was tested");
        var ci = Statistics.ClopperPearson(failures, held, alpha);
        var verdict = ci.Lower > delta ? Verdict.Refuted : ci.Upper <= delta ? Verdict.Supported : Verdict.Inconclusive;
        string details = F($"{failures}/{held} trials failed; failure probability in [{ci.Lower:G4}, {ci.Upper:G4}] at confidence {1 - alpha:G6} (Clopper–Pearson) vs claimed δ = {delta:G4}");
        if (worstDetails.Length > 0)
            details += "; worst trial: " + worstDetails;
        return new Outcome(verdict, instances, held, delta - ci.Upper, details, verdict == Verdict.Refuted ? counterexample : null);
    }

    public enum Side
    {
        /// <summary>Θ(x^p): the fitted exponent's interval must contain p.</summary>
        Equal,

        /// <summary>O(x^p): the data must not grow faster: the interval's lower end must be ≤ p.</summary>
        AtMost,

        /// <summary>Ω(x^p): the interval's upper end must be ≥ p.</summary>
        AtLeast,
    }

    /// <summary>
    /// Fits y ≈ C·x^s over a sweep and compares s with the claimed exponent; the worst margin is the distance of
    /// the claimed exponent from the interval's failing side (positive: consistent).
    /// </summary>
    public static Outcome Asymptotic(IReadOnlyList<double> x, IReadOnlyList<double> y, double exponent, Side side, double alpha, string what, Figure? figure = null)
    {
        var fit = Statistics.FitLogLog(x, y, 1 - alpha);
        double margin = side switch
        {
            Side.Equal => Math.Min(exponent - fit.SlopeLower, fit.SlopeUpper - exponent),
            Side.AtMost => exponent - fit.SlopeLower,
            _ => fit.SlopeUpper - exponent,
        };
        var verdict = margin >= 0 ? Verdict.Consistent : Verdict.Inconsistent;
        string rel = side switch
        {
            Side.Equal => "=",
            Side.AtMost => "≤",
            _ => "≥",
        };
        return new Outcome(verdict, x.Count, x.Count, margin,
            F($"{what}: fitted exponent {fit.Slope:G4} in [{fit.SlopeLower:G4}, {fit.SlopeUpper:G4}] at confidence {1 - alpha:G6} over {x.Count} points, implied constant {fit.Constant:G4}; claimed exponent {rel} {exponent:G4}"))
        {
            Figure = figure,
        };
    }
}
