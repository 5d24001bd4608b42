using ScottPlot;

namespace NtkPure.Cli.Output;

/// <summary>PNG figures with titled axes, a legend, log scales where rates are shown, and a caption line.</summary>
public static class Plots
{
    public sealed record Series(string Label, double[] X, double[] Y);

    /// <summary>
    /// Lines (with markers when <paramref name="markers"/>) on linear or log₁₀ axes; non-positive values are
    /// dropped from a log axis. Written atomically to <paramref name="path"/>.
    /// </summary>
    public static void Xy(string path, string title, string xLabel, string yLabel, string caption, bool logX, bool logY, IReadOnlyList<Series> series, bool markers = false)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        int k = 0;
        foreach (var s in series)
        {
            var xs = new List<double>();
            var ys = new List<double>();
            for (int i = 0; i < s.X.Length; i++)
            {
                double x = s.X[i], y = s.Y[i];
                if (!double.IsFinite(x) || !double.IsFinite(y) || (logX && x <= 0) || (logY && y <= 0))
                    continue;
                xs.Add(logX ? Math.Log10(x) : x);
                ys.Add(logY ? Math.Log10(y) : y);
            }
            var line = plot.Add.ScatterLine(xs.ToArray(), ys.ToArray());
            line.LegendText = s.Label;
            line.Color = palette.GetColor(k++);
            line.LineWidth = 2;
            line.MarkerSize = markers ? 7 : 0;
        }
        if (logX)
            plot.Axes.Bottom.TickGenerator = LogTicks();
        if (logY)
            plot.Axes.Left.TickGenerator = LogTicks();
        plot.Axes.Left.Label.Text = yLabel + (logY ? " (log scale)" : "");
        plot.Axes.Bottom.Label.Text = xLabel + (logX ? " (log scale)" : "");
        plot.Title(title + "\n" + caption);
        plot.Axes.Title.Label.FontSize = 14;
        plot.Grid.MajorLineColor = Colors.Black.WithOpacity(0.12);
        plot.ShowLegend(Alignment.UpperRight);
        IO.AtomicFile.WriteAllBytes(path, Png(plot, 900, 560));
    }

    /// <summary>
    /// Renders under the invariant culture: ScottPlot formats tick labels with the current one, which would put
    /// "1,5" and a Unicode minus into the image on a German or French system.
    /// </summary>
    private static byte[] Png(Plot plot, int width, int height)
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.InvariantCulture;
        try
        {
            return plot.GetImageBytes(width, height, ImageFormat.Png);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }

    private static ScottPlot.TickGenerators.NumericAutomatic LogTicks() =>
        new()
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = v => "1e" + v.ToString("0", System.Globalization.CultureInfo.InvariantCulture),
        };

    /// <summary>
    /// Lines on a log₁₀ y axis (non-positive values are dropped: they have no place on a log axis), written
    /// atomically to <paramref name="path"/>.
    /// </summary>
    public static void LogY(string path, string title, string xLabel, string yLabel, string caption, IReadOnlyList<Series> series) =>
        Xy(path, title, xLabel, yLabel, caption, logX: false, logY: true, series);

    /// <summary>A heat map of z[row, col] (row 0 at the top) with a colour bar, written atomically.</summary>
    public static void Heatmap(string path, string title, string xLabel, string yLabel, string caption, double[,] z, (double Left, double Right, double Bottom, double Top)? extent = null)
    {
        var plot = new Plot();
        var hm = plot.Add.Heatmap(z);
        hm.Colormap = new ScottPlot.Colormaps.Viridis();
        if (extent is { } e)
            hm.Extent = new CoordinateRect(e.Left, e.Right, e.Bottom, e.Top);
        plot.Add.ColorBar(hm);
        plot.Axes.Left.Label.Text = yLabel;
        plot.Axes.Bottom.Label.Text = xLabel;
        plot.Title(title + "\n" + caption);
        plot.Axes.Title.Label.FontSize = 13;
        IO.AtomicFile.WriteAllBytes(path, Png(plot, 760, 640));
    }
}
