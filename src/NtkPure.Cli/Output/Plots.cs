using ScottPlot;

namespace NtkPure.Cli.Output;

/// <summary>PNG figures with titled axes, a legend, log scales where rates are shown, and a caption line.</summary>
public static class Plots
{
    public sealed record Series(string Label, double[] X, double[] Y);

    /// <summary>
    /// Lines on a log₁₀ y axis (non-positive values are dropped: they have no place on a log axis), written
    /// atomically to <paramref name="path"/>.
    /// </summary>
    public static void LogY(string path, string title, string xLabel, string yLabel, string caption, IReadOnlyList<Series> series)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        int k = 0;
        foreach (var s in series)
        {
            var xs = new List<double>();
            var ys = new List<double>();
            for (int i = 0; i < s.X.Length; i++)
                if (s.Y[i] > 0 && double.IsFinite(s.Y[i]))
                {
                    xs.Add(s.X[i]);
                    ys.Add(Math.Log10(s.Y[i]));
                }
            var line = plot.Add.ScatterLine(xs.ToArray(), ys.ToArray());
            line.LegendText = s.Label;
            line.Color = palette.GetColor(k++);
            line.LineWidth = 2;
            line.MarkerSize = 0;
        }
        var ticks = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = y => "1e" + y.ToString("0", System.Globalization.CultureInfo.InvariantCulture),
        };
        plot.Axes.Left.TickGenerator = ticks;
        plot.Axes.Left.Label.Text = yLabel + " (log scale)";
        plot.Axes.Bottom.Label.Text = xLabel;
        plot.Title(title + "\n" + caption);
        plot.Axes.Title.Label.FontSize = 14;
        plot.Grid.MajorLineColor = Colors.Black.WithOpacity(0.12);
        plot.ShowLegend(Alignment.UpperRight);
        var bytes = plot.GetImageBytes(900, 560, ImageFormat.Png);
        IO.AtomicFile.WriteAllBytes(path, bytes);
    }
}
