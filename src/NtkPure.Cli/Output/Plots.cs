using ScottPlot;

namespace NtkPure.Cli.Output;

/// <summary>
/// PNG figures with titled axes, a legend, log scales where rates are shown, and a caption line; each PNG has an SVG
/// of the same plot next to it (same name, .svg).
/// </summary>
public static class Plots
{
    /// <summary>
    /// A line. <paramref name="Label"/> "" leaves it out of the legend (e.g. one of many replicates drawn like its
    /// first); <paramref name="Color"/> ≥ 0 picks a palette colour (else the next one), −2 black;
    /// <paramref name="LineWidth"/> sets the width. (No dashes: Skia's SVG backend cannot draw them.)
    /// </summary>
    public sealed record Series(string Label, double[] X, double[] Y, int Color = -1, double LineWidth = 2);

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
            line.Color = s.Color == -2 ? Colors.Black : palette.GetColor(s.Color >= 0 ? s.Color : k++);
            line.LineWidth = (float)s.LineWidth;
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
        plot.ShowLegend(QuietestCorner(plot, series, logX, logY));
        Save(plot, path, 900, 560);
    }

    /// <summary>The corner of the auto-scaled axes with the fewest data points, where the legend hides the least.</summary>
    private static Alignment QuietestCorner(Plot plot, IReadOnlyList<Series> series, bool logX, bool logY)
    {
        plot.Axes.AutoScale();
        var limits = plot.Axes.GetLimits();
        double w = limits.Right - limits.Left, h = limits.Top - limits.Bottom;
        var corners = new[] { Alignment.UpperRight, Alignment.UpperLeft, Alignment.LowerRight, Alignment.LowerLeft };
        var counts = new int[4];
        if (!(w > 0 && h > 0))
            return Alignment.UpperRight;
        foreach (var s in series)
            for (int i = 0; i < s.X.Length; i++)
            {
                double x = s.X[i], y = s.Y[i];
                if (!double.IsFinite(x) || !double.IsFinite(y) || (logX && x <= 0) || (logY && y <= 0))
                    continue;
                double u = ((logX ? Math.Log10(x) : x) - limits.Left) / w, v = ((logY ? Math.Log10(y) : y) - limits.Bottom) / h;
                bool top = v > 0.6, bottom = v < 0.4;
                if (u > 0.45 && top) counts[0]++;
                if (u < 0.55 && top) counts[1]++;
                if (u > 0.45 && bottom) counts[2]++;
                if (u < 0.55 && bottom) counts[3]++;
            }
        int best = 0;
        for (int k = 1; k < 4; k++)
            if (counts[k] < counts[best])
                best = k;
        return corners[best];
    }

    /// <summary>
    /// The PNG at <paramref name="path"/> and the SVG next to it, each written atomically, rendered under the invariant
    /// culture: ScottPlot formats tick labels with the current one, which would put "1,5" and a Unicode minus into
    /// the image on a German or French system.
    /// </summary>
    private static void Save(Plot plot, string path, int width, int height)
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.InvariantCulture;
        try
        {
            IO.AtomicFile.WriteAllBytes(path, plot.GetImageBytes(width, height, ImageFormat.Png));
            IO.AtomicFile.WriteAllText(Path.ChangeExtension(path, ".svg"), StableIds(plot.GetSvgHtml(width, height)));
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
        Save(plot, path, 760, 640);
    }

    /// <summary>
    /// Skia numbers the SVG's clip paths (in hexadecimal) with a counter that lives as long as the process, so the same figure drawn
    /// second would get other ids; renumbering them in order of first appearance makes the file depend on the figure only.
    /// </summary>
    internal static string StableIds(string svg)
    {
        var names = new Dictionary<string, string>();
        return System.Text.RegularExpressions.Regex.Replace(svg, @"(?<=id=""|url\(#|href=""#)([A-Za-z]+)_([0-9A-Fa-f]+)\b", m =>
        {
            if (!names.TryGetValue(m.Value, out var name))
                names[m.Value] = name = m.Groups[1].Value + "_" + names.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return name;
        });
    }
}
