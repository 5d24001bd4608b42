using NtkPure.Cli.Output;
using NtkPure.Experiments;
using NtkPure.Numerics;

namespace NtkPure.Cli.Commands;

public static partial class FigureCommand
{
    /// <summary>
    /// ntk-notes Lemma 2 and eq. (6): ‖H(w) − H(w̃)‖_F at the worst case in the R-ball against 2nR, and the frequency
    /// of A_{i,r} against 2R/√(2π), over R on log-log axes.
    /// </summary>
    private static Output Lemma2Figure(Size size, ulong seed, Action<int, int> progress)
    {
        var (n, d, m, draws, count) = size switch
        {
            Size.Quick => (6, 8, 300, 5, 8),
            Size.Default => (10, 10, 1000, 10, 12),
            _ => (20, 10, 4000, 20, 16),
        };
        // R log-spaced over [10⁻³, 0.9]: Lemma 2 asks R ∈ (0, 1)
        var radii = Enumerable.Range(0, count).Select(k => 1e-3 * Math.Pow(900, k / (double)(count - 1))).ToArray();
        var rows = Lemma2Tightness.Run(n, d, m, radii, draws, seed, progress);
        const double alpha = 0.05;
        // eq. (6): each per-point count is Bin(mD, erf(R/√2)) exactly; Clopper–Pearson per point and radius, Bonferroni over all
        double perTest = alpha / (n * radii.Length);
        int outside = 0;
        foreach (var r in rows)
            foreach (int k in r.EventsPerPoint)
            {
                var ci = Statistics.ClopperPearson(k, r.TrialsPerPoint, perTest);
                if (r.EventProbability < ci.Lower || r.EventProbability > ci.Upper)
                    outside++;
            }
        bool boundHolds = rows.All(r => r.EventProbability <= r.EventBound);
        // Lemma 2 at radii where it promises something (δ = n²e^{−mR/10} < 1): the largest worst case must stay below 2nR
        var promised = rows.Where(r => r.Delta < 1).ToList();
        bool lemmaHolds = promised.All(r => r.MaxDifference < r.Bound);
        var fit = Statistics.FitLogLog(radii, rows.Select(r => r.MeanDifference).ToArray(), 1 - alpha);
        var fitTwo = Statistics.FitLogLog(radii, rows.Select(r => r.MeanTwoSided).ToArray(), 1 - alpha);
        var summary = new JsonObject().Add("n", n).Add("d", d).Add("width", m).Add("draws", draws)
            .Add("radii", radii)
            .Add("worst_case_over_bound", rows.Select(r => r.MaxDifference / r.Bound).ToArray())
            .Add("certificate_over_bound", rows.Select(r => r.MeanCertificate / r.Bound).ToArray())
            .Add("event_fraction_over_bound", rows.Select(r => r.EventFraction / r.EventBound).ToArray())
            .Add("lemma_delta", rows.Select(r => Math.Min(r.Delta, 1.0)).ToArray())
            .Add("two_sided_exponent", fitTwo.Slope).Add("two_sided_exponent_interval", new[] { fitTwo.SlopeLower, fitTwo.SlopeUpper })
            .Add("worst_case_exponent", fit.Slope).Add("worst_case_exponent_interval", new[] { fit.SlopeLower, fit.SlopeUpper })
            .Add("event_intervals_missing_erf", outside)
            .Add("property", F($"at every R with n²e^{{−mR/10}} < 1 ({promised.Count} of {rows.Count}) the worst case in the ball keeps ‖H(w) − H(w̃)‖_F < 2nR; the A_{{i,r}} counts are consistent with Pr = erf(R/√2) (Clopper–Pearson per point, Bonferroni at {1 - alpha}) and erf(R/√2) ≤ 2R/√(2π)"))
            .Add("holds", lemmaHolds && boundHolds && outside == 0);
        string sizes = F($"n = {n} on S^{d - 1}, m = {m}, {draws} draws of w̃");
        return new Output(["R", "mean_worst_case_dH", "max_worst_case_dH", "mean_two_sided_dH", "mean_certificate", "bound_2nR", "lemma_delta", "event_fraction", "erf_R_sqrt2", "bound_2R_sqrt2pi"],
            rows.Select(r => new[] { r.Radius, r.MeanDifference, r.MaxDifference, r.MeanTwoSided, r.MeanCertificate, r.Bound, Math.Min(r.Delta, 1.0), r.EventFraction, r.EventProbability, r.EventBound }).ToList(),
            [
                new Panel("lemma-2-tightness-dH.png", "Lemma 2: ‖H(w) − H(w̃)‖_F for w in the R-ball, " + sizes, "ball radius R", "‖H(w) − H(w̃)‖_F", true, true,
                [
                    new Plots.Series("worst case constructed in the ball (mean over draws)", radii, rows.Select(r => r.MeanDifference).ToArray()),
                    new Plots.Series("worst case (largest over draws)", radii, rows.Select(r => r.MaxDifference).ToArray(), LineWidth: 1),
                    new Plots.Series("flipping both ways at once (claim's construction, mean)", radii, rows.Select(r => r.MeanTwoSided).ToArray(), LineWidth: 1),
                    new Plots.Series("proof's certificate: bound for every w in the ball", radii, rows.Select(r => r.MeanCertificate).ToArray()),
                    new Plots.Series("Lemma 2's bound 2nR", radii, rows.Select(r => r.Bound).ToArray(), Color: -2, LineWidth: 3),
                ]),
                new Panel("lemma-2-tightness-events.png", "eq. (6): frequency of A_{i,r} = {|w̃_r^T x_i| < R} ÷ its bound 2R/√(2π); " + F($"n = {n}, m = {m}, {draws} draws"), "ball radius R", "probability ÷ 2R/√(2π)", true, false,
                [
                    new Plots.Series("measured fraction of A_{i,r} ÷ bound", radii, rows.Select(r => r.EventFraction / r.EventBound).ToArray()),
                    new Plots.Series("exact Pr[|z| < R] = erf(R/√2), ÷ bound", radii, rows.Select(r => r.EventProbability / r.EventBound).ToArray()),
                    new Plots.Series("stated bound 2R/√(2π) (= 1)", radii, rows.Select(_ => 1.0).ToArray(), Color: -2, LineWidth: 3),
                ]),
            ], summary);
    }
}
