using NtkPure.Cli.Output;
using NtkPure.Dynamics;
using NtkPure.Experiments;
using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Cli.Commands;

public static partial class FigureCommand
{
    /// <summary>
    /// wu, "Lazy training": sup_t ‖θ(t) − θ₀‖ against m on log-log axes with the fitted exponent and its interval
    /// (claimed −½), the largest entry max_j |a_j(t)| (claimed O(1/m)), and the paths ‖θ(t) − θ₀‖ over time.
    /// </summary>
    private static Output LazyTrainingFigure(Size size, ulong seed, Action<int, int> progress)
    {
        // n equiangular unit vectors x_i = √(n/(n−1))(e_i − 1/n) in R^n (a regular simplex, pairwise cosines −1/(n−1)):
        // the kernel matrix is well conditioned, which keeps the flow's horizon 10/λ_min short
        int n = size == Size.Quick ? 4 : 6, d = n;
        int[] widths = size switch
        {
            Size.Quick => [64, 128, 256, 512, 1024],
            Size.Default => [64, 128, 256, 512, 1024, 2048, 4096],
            _ => [64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384],
        };
        var x = Mat.Create(n, n, (i, k) => Math.Sqrt(n / (n - 1.0)) * ((i == k ? 1.0 : 0.0) - 1.0 / n));
        var data = new Dataset(x, Datasets.Labels(LabelKind.Gaussian, n, Rng.Derive(seed, "labels")));
        var test = Datasets.Inputs(InputDistribution.Sphere, 64, d, Rng.Derive(seed, "test"));
        var sweep = LazyTraining.Sweep(data, test, widths, Rng.Derive(seed, "nets"), (net, ds) => NeuronLoopFlow.Rhs(net, ds, LossKind.Sum), progress, tol: 1e-6);
        double[] m = [.. widths.Select(w => (double)w)];
        double[] move = [.. sweep.Select(p => p.R.MaxMove)], entry = [.. sweep.Select(p => p.R.MaxEntry)], gap = [.. sweep.Select(p => p.R.SupDifference)];
        const double confidence = 0.95;
        var fitMove = Statistics.FitLogLog(m, move, confidence);
        var fitEntry = Statistics.FitLogLog(m, entry, confidence);
        var fitGap = Statistics.FitLogLog(m, gap, confidence);
        var summary = new JsonObject().Add("n", n).Add("d", d).Add("widths", widths)
            .Add("sup_move", move).Add("max_entry", entry).Add("sup_net_minus_rfm", gap)
            .Add("move_exponent", fitMove.Slope).Add("move_exponent_interval", new[] { fitMove.SlopeLower, fitMove.SlopeUpper })
            .Add("entry_exponent", fitEntry.Slope).Add("entry_exponent_interval", new[] { fitEntry.SlopeLower, fitEntry.SlopeUpper })
            .Add("net_minus_rfm_exponent", fitGap.Slope).Add("net_minus_rfm_exponent_interval", new[] { fitGap.SlopeLower, fitGap.SlopeUpper })
            .Add("confidence", confidence)
            .Add("property", F($"sup_t ‖θ(t) − θ₀‖ ∝ m^s with −1/2 inside the {confidence} interval of the fitted s"))
            .Add("holds", fitMove.SlopeInside(-0.5));
        var rows = new List<double[]>();
        foreach (var (w, r) in sweep)
            for (int j = 0; j < r.Times.Count; j++)
                rows.Add([w, r.Times[j], 10 * r.Times[j] / r.Time, r.Moves[j], r.MaxMove, r.MaxEntry, r.SupDifference]);
        string sizes = F($"n = {n} (regular simplex), Gaussian labels");
        double c = move[0] * Math.Sqrt(m[0]);
        return new Output(["width", "time", "time_x_lambda_min", "move", "sup_move", "max_entry", "sup_net_minus_rfm"], rows,
            [
                new Panel("lazy-training-width.png", "Lazy training: distance from the initialisation vs width, " + sizes, "width m", "sup over t", true, true,
                [
                    new Plots.Series("m^(−1/2) through the first point", m, [.. m.Select(v => c / Math.Sqrt(v))], Color: -2, LineWidth: 4),
                    new Plots.Series(F($"‖θ(t) − θ₀‖₂: fitted m^{fitMove.Slope:F3}, 95% [{fitMove.SlopeLower:F3}, {fitMove.SlopeUpper:F3}]"), m, move, Color: 0),
                    new Plots.Series(F($"largest entry max_j |a_j(t)|: fitted m^{fitEntry.Slope:F3}"), m, entry, Color: 1),
                    new Plots.Series(F($"|f_NN − f_RFM| (64 test points): fitted m^{fitGap.Slope:F3}"), m, gap, Color: 2),
                ]),
                new Panel("lazy-training-paths.png", "Lazy training: ‖θ(t) − θ₀‖₂ along gradient flow, " + sizes, "t·λ_min(G(θ₀)) (the residual decays like e^(−tλ_min))", "‖θ(t) − θ₀‖₂", false, true,
                    sweep.Select(p => new Plots.Series(F($"m = {p.M}"), [.. p.R.Times.Select(t => 10 * t / p.R.Time)], [.. p.R.Moves])).ToList()),
            ], summary);
    }
}
