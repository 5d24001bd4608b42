using NtkPure.Cli.Output;
using NtkPure.Experiments;

namespace NtkPure.Cli.Commands;

public static partial class FigureCommand
{
    /// <summary>The largest relative test-error gap at the largest width that counts as "closed" (the wu/nn-vs-rfm claim's reading of Figure 2).</summary>
    private const double NnVsRfmClosedGap = 0.05;

    /// <summary>
    /// wu Figure 2: the net and its random-feature model (B frozen at B₀) fitting f*(x) = σ(x₁) on S^{d−1} by GD,
    /// test error over time for m ∈ {4, 50, 1000}; one panel per width and one of the largest gap against m.
    /// </summary>
    private static Output NnVsRfmFigure(Size size, ulong seed, Action<int, int> progress)
    {
        var settings = size switch
        {
            Size.Quick => NnVsRfmSettings.Default(seed) with { Steps = [1024, 512, 64], TestPoints = 300 },
            Size.Default => NnVsRfmSettings.Default(seed),
            _ => NnVsRfmSettings.Long(seed),
        };
        var r = NnVsRfm.Run(settings, progress);
        var widths = settings.Widths;
        var panels = new List<Panel>();
        for (int w = 0; w < widths.Length; w++)
        {
            int m = widths[w];
            var rows = r.Rows.Where(x => x.Width == m && x.Time > 0).ToArray();
            double[] t = [.. rows.Select(x => x.Time)];
            panels.Add(new Panel(F($"nn-vs-rfm-m{m}.png"),
                F($"NN vs random-feature model fitting σ(x₁), m = {m}: d = {settings.D}, n = {settings.N}, {settings.TestPoints} test points, η = {r.StepSizes[w]:G3}"),
                "time t = η·k", "mean squared error", true, true,
                [
                    new("NN, test", t, [.. rows.Select(x => x.NnTest)]),
                    new("RFM, test", t, [.. rows.Select(x => x.RfmTest)]),
                    new("NN, train", t, [.. rows.Select(x => x.NnTrain)]),
                    new("RFM, train", t, [.. rows.Select(x => x.RfmTrain)]),
                ]));
        }
        double[] ms = [.. widths.Select(m => (double)m)];
        panels.Add(new Panel("nn-vs-rfm-gap.png", F($"Largest relative gap of the test errors over time (d = {settings.D}, n = {settings.N})"),
            "width m", "sup_t |NN − RFM| / max(NN, RFM)", true, true,
            [
                new("measured", ms, [.. r.Gaps]),
                new(F($"{100 * NnVsRfmClosedGap:G3}% (closed)"), [ms[0], ms[^1]], [NnVsRfmClosedGap, NnVsRfmClosedGap]),
            ]));
        bool decreasing = true;
        for (int k = 1; k < r.Gaps.Count; k++)
            decreasing &= r.Gaps[k] < r.Gaps[k - 1];
        bool holds = r.Stopped is null && decreasing && r.Gaps[^1] <= NnVsRfmClosedGap;
        var summary = new JsonObject().Add("d", settings.D).Add("n", settings.N).Add("widths", widths).Add("steps", settings.Steps)
            .Add("test_points", settings.TestPoints).Add("step_sizes", r.StepSizes).Add("largest_relative_gap", r.Gaps)
            .Add("final", widths.Select(m =>
            {
                var last = r.Rows.Last(x => x.Width == m);
                return new JsonObject().Add("width", m).Add("step", last.Step).Add("nn_test", last.NnTest).Add("rfm_test", last.RfmTest).Add("nn_train", last.NnTrain).Add("rfm_train", last.RfmTrain);
            }).ToList())
            .Add("stopped", r.Stopped)
            .Add("property", F($"the largest relative gap sup_t |NN(t) − RFM(t)|/max between the test errors decreases in m and is ≤ {NnVsRfmClosedGap} at m = {widths[^1]}"))
            .Add("holds", holds);
        return new Output(["width", "step", "time", "nn_train", "nn_test", "rfm_train", "rfm_test"],
            r.Rows.Select(x => new double[] { x.Width, x.Step, x.Time, x.NnTrain, x.NnTest, x.RfmTrain, x.RfmTest }).ToList(), panels, summary);
    }
}
