using NtkPure.Cli.Output;
using NtkPure.Experiments;

namespace NtkPure.Cli.Commands;

public static partial class FigureCommand
{
    private static readonly double[] RandomLabelFractions = [0, 0.25, 0.5, 0.75, 1];

    /// <summary>
    /// ntk-slides' fine-grained analysis (Arora et al. 2019, Figure 1 on synthetic data): (a) ‖y − u(k)‖ of a wide
    /// net next to ‖(I − ηH^∞)^k y‖ for true and random labels, (b) how ‖y‖² spreads over H^∞'s eigenvectors,
    /// (c) the bound √(2yᵀ(H^∞)⁻¹y/n) against the fraction of random labels.
    /// </summary>
    private static Output FineGrainedFigure(Size size, ulong seed, Action<int, int> progress)
    {
        var (n, width, steps, reps) = size switch
        {
            Size.Quick => (100, 1024, 300, 2),
            Size.Default => (200, 4096, 1000, 3),
            _ => (400, 16384, 2000, 5),
        };
        const int d = 10;
        // u(0) = 0 exactly (what Arora et al.'s small κ approximates) with O(1) weights: their κ = O(ελ₀δ/√n)
        // slows the lazy regime down by 1/κ, and at these widths the net then lags the prediction (see README)
        const double kappa = 1;
        var r = FineGrainedDynamics.TrueVsRandom(n, d, width, kappa, steps, 1.0, seed, progress, NtkPure.Model.InitScheme.Symmetric);
        var bounds = GeneralizationBound.Run([n], RandomLabelFractions, d, reps, seed);
        double norm = Math.Sqrt(n);
        string sizes = F($"n = {n}, d = {d}, m = {width}, u(0) = 0, η = 1/λ_max");

        // (a) the curves, the deviation of each run from its prediction, and the separation of the predictions
        double[] k = [.. r.Runs[0].Points.Select(p => (double)p.Step)];
        var deviation = r.Runs.Select(run => run.Points.Max(p => Math.Abs(p.Measured - p.Predicted)) / run.Y.Norm2()).ToArray();
        int kStar = 0;
        double separation = double.NegativeInfinity;
        for (int i = 0; i < k.Length; i++)
        {
            double gap = (r.Runs[1].Points[i].Predicted - r.Runs[0].Points[i].Predicted) / norm;
            if (gap > separation)
                (separation, kStar) = (gap, i);
        }
        var curves = new List<Plots.Series>();
        foreach (var run in r.Runs)
        {
            double y = run.Y.Norm2();
            curves.Add(new(F($"{run.Labels} labels: network ‖y − u(k)‖"), k, [.. run.Points.Select(p => p.Measured / y)]));
            curves.Add(new(F($"{run.Labels} labels: ‖(I − ηH^∞)^k y‖"), k, [.. run.Points.Select(p => p.Predicted / y)]));
        }

        // (b) the cumulative share of ‖y‖² on the top-i eigenvectors (descending λ)
        var share = r.Runs.Select(run =>
        {
            var c = new double[n];
            double total = run.Projections.NormSquared(), acc = 0;
            for (int i = 0; i < n; i++)
            {
                double p = run.Projections[n - 1 - i];
                acc += p * p;
                c[i] = acc / total;
            }
            return c;
        }).ToArray();
        double[] rank = [.. Enumerable.Range(1, n).Select(i => (double)i)];
        int top = Math.Max(1, n / 10);

        // (c) the bound against the fraction of random labels
        double[] means = [.. RandomLabelFractions.Select(p => GeneralizationBound.Mean(bounds, n, p))];

        bool holds = deviation.All(v => v < separation / 2) && r.Runs[0].Bound < r.Runs[1].Bound;
        var summary = new JsonObject().Add("n", n).Add("d", d).Add("width", width).Add("initialisation", "symmetric: w_{r+m/2} = w_r ~ N(0, I), a_{r+m/2} = −a_r ~ Unif{±1}, so u(0) = 0").Add("eta", r.Eta).Add("steps", steps)
            .Add("lambda_min", r.Eigenvalues[0]).Add("lambda_max", r.Eigenvalues[n - 1])
            .Add("runs", r.Runs.Select((run, i) => new JsonObject().Add("labels", run.Labels)
                .Add("bound", run.Bound)
                .Add("max_relative_deviation", deviation[i])
                .Add("final_relative_residual", run.Points[^1].Measured / run.Y.Norm2())
                .Add("final_relative_prediction", run.Points[^1].Predicted / run.Y.Norm2())
                .Add(F($"share_of_y2_on_top_{top}_eigenvectors"), share[i][top - 1])).ToList())
            .Add("separation", separation).Add("separation_step", kStar)
            .Add("bound_vs_random_fraction", RandomLabelFractions.Select((p, i) => new JsonObject().Add("p", p).Add("mean_bound", means[i])).ToList())
            .Add("bound_replicates", reps)
            .Add("csv", "part 0: labels (0 true, 1 random), k, ‖y − u(k)‖, ‖(I − ηH^∞)^k y‖; part 1: labels, i (descending λ), λ_i, (v_iᵀy)²; part 2: replicate, p, √(2yᵀ(H^∞)⁻¹y/n), λ_min(H^∞)")
            .Add("property", "the net follows the prediction closely enough to keep true and random labels apart: for both label vectors max_k |‖y − u(k)‖ − ‖(I − ηH^∞)^k y‖|/‖y‖ < ½·max_k (‖(I − ηH^∞)^k y_random‖ − ‖(I − ηH^∞)^k y_true‖)/√n, and √(2yᵀ(H^∞)⁻¹y/n) is smaller for the true labels")
            .Add("holds", holds);

        var table = new List<double[]>();
        for (int l = 0; l < r.Runs.Count; l++)
            foreach (var p in r.Runs[l].Points)
                table.Add([0, l, p.Step, p.Measured, p.Predicted]);
        for (int l = 0; l < r.Runs.Count; l++)
            for (int i = 0; i < n; i++)
            {
                double p = r.Runs[l].Projections[n - 1 - i];
                table.Add([1, l, i + 1, r.Eigenvalues[n - 1 - i], p * p]);
            }
        foreach (var b in bounds)
            table.Add([2, b.Replicate, b.CorruptedFraction, b.Bound, b.LambdaMin]);

        return new Output(["part", "a", "b", "c", "d"], table,
            [
                new Panel("fine-grained-dynamics.png", F($"(a) Net vs H^∞ prediction: {sizes}"), "GD step k", "residual / ‖y‖", false, true, curves),
                new Panel("fine-grained-projections.png", F($"(b) Share of ‖y‖² on the top-i eigenvectors of H^∞: n = {n}, d = {d}"), "i (eigenvectors v_j by decreasing eigenvalue)", "share of ‖y‖² on v_1, …, v_i", false, false,
                    [.. r.Runs.Select((run, l) => new Plots.Series(F($"{run.Labels} labels"), rank, share[l]))]),
                new Panel("fine-grained-bound.png", F($"(c) The bound √(2 y·(H^∞)⁻¹y / n), mean over {reps} samples: n = {n}, d = {d}"), "fraction p of labels replaced by random signs", "√(2 y·(H^∞)⁻¹y / n)", false, false,
                    [new("mean bound", RandomLabelFractions, means)]),
            ], summary);
    }
}
