using NtkPure.Numerics;

namespace NtkPure.Claims;

/// <summary>
/// Verdict helpers for sweeps whose statement fixes no exponent, only a direction ("the error → 0 as m → ∞",
/// "the ratio → ∞ as x → y"), and for compound claims.
/// </summary>
internal static class Trends
{
    private static string F(FormattableString s) => FormattableString.Invariant(s);

    /// <summary>
    /// y ≈ C·x^s with s &lt; 0 shown: Consistent when the (1 − α) interval of the fitted exponent lies below 0
    /// (the worst margin is −upper end); Inconsistent otherwise — the sweep does not show the claimed decay.
    /// <paramref name="expected"/>, when given, is reported against the interval (the rate the proof predicts).
    /// </summary>
    public static Outcome Decreasing(IReadOnlyList<double> x, IReadOnlyList<double> y, double alpha, string what, Figure? figure = null, double? expected = null)
    {
        var fit = Statistics.FitLogLog(x, y, 1 - alpha);
        var verdict = fit.SlopeUpper < 0 ? Verdict.Consistent : Verdict.Inconsistent;
        string rate = expected is { } e ? F($"; the expected exponent {e:G3} is {(fit.SlopeInside(e) ? "inside" : "outside")} the interval") : "";
        return new Outcome(verdict, x.Count, x.Count, -fit.SlopeUpper,
            F($"{what}: fitted exponent {fit.Slope:G4} in [{fit.SlopeLower:G4}, {fit.SlopeUpper:G4}] at confidence {1 - alpha:G6} over {x.Count} points, implied constant {fit.Constant:G4}; claimed: exponent < 0{rate}"))
        {
            Figure = figure,
        };
    }

    /// <summary>The verdict of a compound claim: the worst part decides; counts add up and details are joined.</summary>
    public static Outcome Worst(params Outcome[] parts)
    {
        var worst = parts.OrderBy(o => NtkNotesClaims.Rank(o.Verdict)).ThenBy(o => o.WorstMargin).First();
        return worst with
        {
            Instances = parts.Sum(o => o.Instances),
            HypothesisHeld = parts.Sum(o => o.HypothesisHeld),
            Details = string.Join(" | ", parts.Select(o => F($"{o.Verdict}: {o.Details}"))),
            Figure = parts.Select(o => o.Figure).FirstOrDefault(f => f is not null),
        };
    }

    /// <summary>A figure from (label, x, y) series.</summary>
    public static Figure Plot(string title, string xLabel, string yLabel, bool logX, bool logY, params (string Label, IReadOnlyList<double> X, IReadOnlyList<double> Y)[] series) =>
        new(title, xLabel, yLabel, logX, logY, series.Select(s => new FigureSeries(s.Label, s.X.ToArray(), s.Y.ToArray())).ToList());

    /// <summary>The mean of y over the rows of each distinct key, keys in ascending order.</summary>
    public static (double[] Keys, double[] Means) MeanBy<T>(IEnumerable<T> rows, Func<T, double> key, Func<T, double> value)
    {
        var groups = rows.GroupBy(key).OrderBy(g => g.Key).ToList();
        return (groups.Select(g => g.Key).ToArray(), groups.Select(g => g.Average(value)).ToArray());
    }
}
