using System.Globalization;
using NtkPure.Cli.IO;
using NtkPure.Cli.Output;
using NtkPure.Experiments;
using NtkPure.Model;

namespace NtkPure.Cli.Commands;

/// <summary>
/// `ntk figure NAME [--quick|--long] [--seed S] --out DIR`: reproduces an experiment of the sources. Each writes
/// NAME.csv (the table), NAME.png (or one PNG per panel) and NAME.json (sizes, seed, and the quantitative property
/// the figure shows, with whether it held).
/// </summary>
public static partial class FigureCommand
{
    public const string Usage = "ntk figure --list | ntk figure NAME [--quick | --long] [--seed S] --out DIR";

    public enum Size
    {
        Quick,
        Default,
        Long,
    }

    /// <summary>A figure's output: the table, the panels to draw, and the summary with its asserted property.</summary>
    public sealed record Output(string[] Header, IReadOnlyList<double[]> Rows, IReadOnlyList<Panel> Panels, JsonObject Summary);

    public sealed record Panel(string File, string Title, string XLabel, string YLabel, bool LogX, bool LogY, IReadOnlyList<Plots.Series> Series, double[,]? Heat = null, double HeatExtent = 0);

    private sealed record Figure(string Name, string What, Func<Size, ulong, Action<int, int>, Output> Run);

    private static readonly Figure[] Figures =
    [
        new("parity-sgd", "wu Figure 1: online SGD with the hinge loss on (−1)^{vᵀx}, test accuracy over steps for several d", ParitySgdFigure),
        new("cosine-landscape", "wu: the population and empirical risk of a cosine neuron in 2-D for several L", LandscapeFigure),
        new("dzps-figure-1", "DZPS19 Figure 1: loss, activation-pattern changes and max_r ‖w_r(k) − w_r(0)‖ over steps for several widths", DzpsFigure),
        new("mean-field-vs-ntk", "lecture7 §3: the same data and widths under 1/√m and 1/m output scaling: loss and weight movement", MeanFieldFigure),
        new("nn-vs-rfm", "wu Figure 2: the net vs its random-feature model fitting σ(x₁) by GD, test error over time for m = 4, 50, 1000", NnVsRfmFigure),
        new("hu-erf", "hu experiments: a width-256 erf net trained on the first, second and both layers vs its linear models", HuErfFigure),
        new("fine-grained", "Arora et al. via ntk-slides: ‖y − u(k)‖ vs ‖(I − ηH^∞)^k y‖, projections on H^∞'s eigenvectors and the bound, true vs random labels", FineGrainedFigure),
        new("kernel-regression-limit", "ntk-slides Theorem 3.2: a wide net trained to convergence vs NTK kernel regression at test points, error vs width", KernelRegressionLimitFigure),
        new("ntk-convergence", "ntk-slides \"Convergence of the NTK\" (Jacot et al. Fig. 1): Θ̂(x₀, x) of a deep ReLU net for two widths and 10 initialisations, at init and after training, vs Θ^(L)", NtkConvergenceFigure),
        new("lazy-training", "wu \"Lazy training\": sup_t ‖θ(t) − θ₀‖ against the width m on log-log axes, the fitted exponent (claimed −½) with its interval", LazyTrainingFigure),
        new("lemma-2-tightness", "ntk-notes Lemma 2 and eq. (6): worst-case ‖H(w) − H(w̃)‖_F in the R-ball vs 2nR and the frequency of A_{i,r} vs 2R/√(2π), over R", Lemma2Figure),
    ];

    public static int Run(IEnumerable<string> argv, TextWriter stdout, TextWriter stderr, CancellationToken cancel)
    {
        var args = new Args(argv, "--list", "--quick", "--long");
        if (args.Flag("--list"))
        {
            args.RejectUnused();
            foreach (var f in Figures)
                stdout.WriteLine($"{f.Name,-20} {f.What}");
            return 0;
        }
        bool quick = args.Flag("--quick"), isLong = args.Flag("--long");
        ulong seed = args.Seed();
        var outDir = args.Required("--out");
        args.RejectUnused(allowedPositional: 1);
        if (args.Positional.Count == 0)
            throw new UsageException("name a figure (see ntk figure --list)");
        if (quick && isLong)
            throw new UsageException("give --quick or --long, not both");
        var name = args.Positional[0];
        var figure = Figures.FirstOrDefault(f => f.Name == name) ?? throw new UsageException($"unknown figure '{name}' (see ntk figure --list)");
        var size = quick ? Size.Quick : isLong ? Size.Long : Size.Default;
        var progress = new Progress(stderr, name);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var output = RunResumable(name, size, seed, outDir, stderr, cancel, p => figure.Run(size, seed, p), progress.Report);
        progress.Done();
        Directory.CreateDirectory(outDir);
        Csv.WriteFile(Path.Combine(outDir, name + ".csv"), output.Header, output.Rows);
        foreach (var p in output.Panels)
        {
            string caption = FormattableString.Invariant($"ntk figure {name}, seed {seed}, {size.ToString().ToLowerInvariant()} size");
            if (p.Heat is { } heat)
                Plots.Heatmap(Path.Combine(outDir, p.File), p.Title, p.XLabel, p.YLabel, caption, heat, (-p.HeatExtent, p.HeatExtent, -p.HeatExtent, p.HeatExtent));
            else
                Plots.Xy(Path.Combine(outDir, p.File), p.Title, p.XLabel, p.YLabel, caption, p.LogX, p.LogY, p.Series, markers: p.Series.All(s => s.X.Length <= 12));
        }
        var summary = new JsonObject().Add("figure", name).Add("seed", seed).Add("size", size.ToString().ToLowerInvariant());
        foreach (var kv in output.Summary)
            summary.Add(kv.Key, kv.Value);
        AtomicFile.WriteAllText(Path.Combine(outDir, name + ".json"), summary.ToJson());
        stdout.WriteLine(FormattableString.Invariant($"{name}: wrote {name}.csv, {output.Panels.Count} PNG and {name}.json to {outDir} ({clock.Elapsed.TotalSeconds:F1} s, seed {seed})"));
        return 0;
    }

    private static string F(FormattableString s) => FormattableString.Invariant(s);

    /// <summary>Progress of unit <paramref name="i"/> of <paramref name="units"/> as a share of the whole run.</summary>
    private static Action<int, int> Share(Action<int, int> progress, int i, int units) =>
        (done, total) => progress(i * 1000 + (total > 0 ? (int)(1000L * Math.Min(done, total) / total) : 0), units * 1000);

    private static Output ParitySgdFigure(Size size, ulong seed, Action<int, int> progress)
    {
        var spec = size switch
        {
            Size.Quick => ParitySgdSpec.Quick(seed),
            Size.Default => ParitySgdSpec.Default(seed),
            _ => ParitySgdSpec.Long(seed),
        };
        // each dimension is a unit with its own random streams; they run in parallel as the experiment does
        var units = new IReadOnlyList<ParitySgdRow>[spec.Dimensions.Count];
        Parallel.For(0, units.Length, i => units[i] = Unit(F($"d={spec.Dimensions[i]}"), () => ParitySgd.Run(spec with { Dimensions = [spec.Dimensions[i]] }, progress)));
        var rows = units.SelectMany(u => u).ToList();
        var series = spec.Dimensions.Select(d =>
        {
            var r = rows.Where(x => x.D == d).OrderBy(x => x.Step).ToList();
            return new Plots.Series(F($"d = {d}"), r.Select(x => (double)x.Step).ToArray(), r.Select(x => x.TestAccuracy).ToArray());
        }).ToList();
        var final = spec.Dimensions.ToDictionary(d => d, d => rows.Where(x => x.D == d).MaxBy(x => x.Step)!.TestAccuracy);
        int small = spec.Dimensions.Min(), large = spec.Dimensions.Max();
        bool shows = final[small] >= 0.9 && final[large] <= 0.6;
        var summary = new JsonObject()
            .Add("width", spec.Width).Add("batch", spec.Batch).Add("learning_rate", spec.LearningRate).Add("steps", spec.Steps)
            .Add("final_accuracy", spec.Dimensions.Select(d => new JsonObject().Add("d", d).Add("accuracy", final[d])).ToList())
            .Add("property", F($"smallest d learned (accuracy ≥ 0.9) and largest d at chance (≤ 0.6) after {spec.Steps} steps"))
            .Add("holds", shows);
        return new Output(["d", "step", "test_accuracy", "test_loss", "batch_loss"],
            rows.Select(r => new[] { r.D, r.Step, r.TestAccuracy, r.TestLoss, r.BatchLoss }).ToList(),
            [new Panel("parity-sgd.png", "Online SGD on parities (hinge loss)", "SGD step", "test accuracy", false, false, series)], summary);
    }

    private static Output LandscapeFigure(Size size, ulong seed, Action<int, int> progress)
    {
        double[] ls = size == Size.Quick ? [1, 4] : [1, 2, 4, 8];
        int grid = size == Size.Long ? 161 : size == Size.Default ? 101 : 41;
        int n = size == Size.Long ? 400 : 100;
        var rows = CosineLandscape.Grid(ls, 0.6, 0.3, n, grid, 1.5, seed);
        var panels = new List<Panel>();
        var gaps = new List<JsonObject>();
        foreach (var l in ls)
        {
            var sub = rows.Where(r => r.L == l).ToList();
            var pop = new double[grid, grid];
            var emp = new double[grid, grid];
            for (int k = 0; k < sub.Count; k++)
            {
                pop[grid - 1 - k / grid, k % grid] = sub[k].Population;
                emp[grid - 1 - k / grid, k % grid] = sub[k].Empirical;
            }
            panels.Add(new Panel(F($"cosine-landscape-L{l}-population.png"), F($"Population risk R_L(w), L = {l}, w* = (0.6, 0.3)"), "w₁", "w₂", false, false, [], pop, 1.5));
            panels.Add(new Panel(F($"cosine-landscape-L{l}-empirical.png"), F($"Empirical risk ({n} samples of N(0, I₂)), L = {l}, w* = (0.6, 0.3)"), "w₁", "w₂", false, false, [], emp, 1.5));
            gaps.Add(new JsonObject().Add("L", l).Add("max_abs_population_minus_empirical", sub.Max(r => Math.Abs(r.Population - r.Empirical))));
        }
        progress(1, 1);
        var summary = new JsonObject().Add("w_star", new[] { 0.6, 0.3 }).Add("samples", n).Add("grid", grid)
            .Add("gaps", gaps)
            .Add("property", "the empirical landscape departs further from the population one as L grows (the largest gap increases with L)")
            .Add("holds", gaps.Zip(gaps.Skip(1)).All(p => (double)p.Second[1].Value! >= (double)p.First[1].Value!));
        return new Output(["L", "w1", "w2", "population", "empirical"], rows.Select(r => new[] { r.L, r.W1, r.W2, r.Population, r.Empirical }).ToList(), panels, summary);
    }

    private static Output DzpsFigure(Size size, ulong seed, Action<int, int> progress)
    {
        int[] widths = size == Size.Quick ? [64, 256, 1024] : size == Size.Default ? [64, 256, 1024, 4096] : [64, 256, 1024, 4096, 16384];
        int steps = size == Size.Quick ? 100 : 300, reps = size == Size.Long ? 5 : 3;
        var parts = widths.Select((m, i) =>
        {
            var part = Unit(F($"m={m}"), () => DzpsFigure1.Run(size == Size.Quick ? 16 : 32, size == Size.Quick ? 8 : 16, [m], reps, steps, 1.0, seed, progress: Share(progress, i, widths.Length)));
            progress(i + 1, widths.Length);
            return part;
        }).ToList();
        var result = parts[0] with { Points = [.. parts.SelectMany(p => p.Points)] };
        Plots.Series S(int m, Func<DzpsFigure1Point, double> f) => new(F($"m = {m}"), result.Of(m).Select(p => (double)p.Step).ToArray(), result.Of(m).Select(f).ToArray());
        var finalPattern = widths.Select(m => result.Of(m)[^1].PatternP50).ToArray();
        var finalMove = widths.Select(m => result.Of(m)[^1].MaxDistanceMedian).ToArray();
        var xs = widths.Select(m => (double)m).ToArray();
        var fitMove = NtkPure.Numerics.Statistics.FitLogLog(xs, finalMove, 0.95);
        bool falls = finalPattern.Zip(finalPattern.Skip(1)).All(p => p.Second <= p.First) && finalMove.Zip(finalMove.Skip(1)).All(p => p.Second <= p.First);
        var summary = new JsonObject().Add("eta", result.Eta).Add("lambda_min", result.LambdaMin).Add("replicates", result.Replicates)
            .Add("final_median_pattern_change", finalPattern).Add("final_median_max_move", finalMove)
            .Add("max_move_exponent", fitMove.Slope).Add("max_move_exponent_interval", new[] { fitMove.SlopeLower, fitMove.SlopeUpper })
            .Add("property", "pattern changes and max_r ‖w_r(k) − w_r(0)‖ fall as m grows, the latter at a rate consistent with m^(−1/2)")
            .Add("holds", falls && fitMove.SlopeInside(-0.5));
        return new Output(["width", "step", "loss_median", "pattern_p10", "pattern_p50", "pattern_p90", "max_distance_median"],
            result.Points.Select(p => new double[] { p.Width, p.Step, p.LossMedian, p.PatternP10, p.PatternP50, p.PatternP90, p.MaxDistanceMedian }).ToList(),
            [
                new Panel("dzps-figure-1-loss.png", "(a) Training loss", "GD step k", "median loss", false, true, widths.Select(m => S(m, p => p.LossMedian)).ToList()),
                new Panel("dzps-figure-1-patterns.png", "(b) Activation patterns changed since init (median)", "GD step k", "fraction of the n·m patterns", false, true, widths.Select(m => S(m, p => p.PatternP50)).ToList()),
                new Panel("dzps-figure-1-distance.png", "(c) max_r ‖w_r(k) − w_r(0)‖ (median)", "GD step k", "distance", false, true, widths.Select(m => S(m, p => p.MaxDistanceMedian)).ToList()),
            ], summary);
    }

    private static Output MeanFieldFigure(Size size, ulong seed, Action<int, int> progress)
    {
        int[] widths = size == Size.Quick ? [16, 256] : [16, 128, 1024];
        int steps = size == Size.Quick ? 200 : 500;
        var rows = widths.Select((m, i) =>
        {
            var part = Unit(F($"m={m}"), () => MeanFieldScaling.Run(20, 5, [m], steps, size == Size.Long ? 3 : 1, seed, progress: Share(progress, i, widths.Length)));
            progress(i + 1, widths.Length);
            return part;
        }).SelectMany(p => p).OrderBy(r => r.Scaling == OutputScaling.Ntk ? 0 : 1).ToList(); // the experiment's order: scaling, then width
        Plots.Series S(OutputScaling sc, int m, Func<MeanFieldRow, double> f)
        {
            var r = rows.Where(x => x.Scaling == sc && x.Width == m).OrderBy(x => x.Step).ToList();
            return new(F($"{(sc == OutputScaling.Ntk ? "1/√m" : "1/m")}, m = {m}"), r.Select(x => (double)x.Step).ToArray(), r.Select(f).ToArray());
        }
        var all = new[] { OutputScaling.Ntk, OutputScaling.MeanField }.SelectMany(sc => widths.Select(m => (sc, m))).ToList();
        double Move(OutputScaling sc, int m) => rows.Where(x => x.Scaling == sc && x.Width == m).MaxBy(x => x.Step)!.RmsMove;
        bool ntkShrinks = Move(OutputScaling.Ntk, widths[^1]) < Move(OutputScaling.Ntk, widths[0]);
        bool mfStays = Move(OutputScaling.MeanField, widths[^1]) > 0.3 * Move(OutputScaling.MeanField, widths[0]);
        var summary = new JsonObject()
            .Add("final_rms_move", all.Select(p => new JsonObject().Add("scaling", p.sc.Name()).Add("width", p.m).Add("rms_move", Move(p.sc, p.m))).ToList())
            .Add("property", "under 1/√m the particles move less as m grows; under 1/m (time scaled by m) they keep moving")
            .Add("holds", ntkShrinks && mfStays);
        return new Output(["scaling", "width", "step", "loss", "rms_move", "max_move"],
            rows.Select(r => new double[] { r.Scaling == OutputScaling.Ntk ? 0 : 1, r.Width, r.Step, r.Loss, r.RmsMove, r.MaxMove }).ToList(),
            [
                new Panel("mean-field-vs-ntk-loss.png", "Training loss under the two scalings", "GD step", "loss", false, true, all.Select(p => S(p.sc, p.m, r => r.Loss)).ToList()),
                new Panel("mean-field-vs-ntk-movement.png", "Particle movement (rms ‖(a_r, w_r) − (a_r(0), w_r(0))‖)", "GD step", "rms movement", false, true, all.Select(p => S(p.sc, p.m, r => r.RmsMove)).ToList()),
            ], summary);
    }
}
