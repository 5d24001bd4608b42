using System.Diagnostics;
using System.Globalization;
using NtkPure.Cli.IO;
using NtkPure.Cli.Output;
using NtkPure.Dynamics;
using NtkPure.Model;

namespace NtkPure.Cli.Commands;

/// <summary>
/// `ntk train`: trains a two-layer net by GD, gradient flow, the linear model or the linearised net, and writes
/// trajectory.npz, trajectory.csv, summary.json and loss.png to the output folder.
/// </summary>
public static class TrainCommand
{
    public const string Usage =
        "ntk train [--data FILE.npz|FILE.csv | --synthetic sphere|gaussian|cube|cube01 --n N --d D [--labels gaussian|sign]]\n"
        + "          [--init FILE.npz | --width M --init-scheme dzps|wu-kernel|symmetric|balanced]\n"
        + "          [--scaling ntk|mean-field|none] [--input-scale] [--activation relu|leaky-relu[:A]|erf|softplus|tanh|identity]\n"
        + "          [--train first|second|both] [--method gd|flow|linear|linearized|all] [--eta η] [--eta2 η₂] [--steps T]\n"
        + "          [--time T --dt h [--flow-tol TOL]] [--loss sum|mean] [--lambda-min] [--seed S] --out DIR";

    /// <summary>Exit code of a run that stopped early because the loss diverged (outputs are still written).</summary>
    public const int Diverged = 3;

    public static int Run(IEnumerable<string> argv, TextWriter stdout, TextWriter stderr)
    {
        var args = new Args(argv, "--input-scale", "--lambda-min");
        ulong seed = args.Seed();
        var outDir = args.Required("--out");
        var (data, dataSource) = Inputs.Dataset(args, seed);
        var (net0, initSource) = Inputs.Net(args, data.D, seed);
        var loss = Inputs.Loss(args);
        var layers = Inputs.Layers(args);
        var methodName = args.Choice("--method", "gd", "gd", "flow", "linear", "linearized", "all");
        int steps = args.Int("--steps", 200, 0, 10_000_000);
        double? eta = args.Double("--eta", 0, exclusiveMin: true);
        double? eta2 = args.Double("--eta2", 0, exclusiveMin: true);
        double? time = args.Double("--time", 0);
        double? dt = args.Double("--dt", 0, exclusiveMin: true);
        double flowTol = args.Double("--flow-tol", 0, exclusiveMin: true) ?? 0;
        bool lambdaMin = args.Flag("--lambda-min");
        args.RejectUnused();
        if (net0.A.NormInf() == 0 && layers == Layers.First)
            stderr.WriteLine("ntk: note: a = 0 and only the first layer is trained: the gradient in W is zero, nothing will move");

        var methods = methodName == "all" ? new[] { Method.Gd, Method.Flow, Method.Linear, Method.Linearized } : [Parse(methodName)];
        if (methods.Contains(Method.Linearized))
        {
            long jac = (long)data.N * net0.ParameterCount;
            if (jac > 1L << 27)
                throw new UsageException($"the linearized method stores the n×P Jacobian ({data.N}×{net0.ParameterCount} = {jac} numbers); use a smaller --width or --n");
        }

        double loss0 = Loss.Value(loss, net0.Predict(data.X).Span, data.Y.Span);
        if (!double.IsFinite(loss0))
            throw new UsageException(FormattableString.Invariant(
                $"the initial loss is {loss0}: the data or the initial weights are too large for double precision; scale them down"));
        var spec0 = new TrainingSpec(data, net0, loss, layers, 1, 1, steps, 0, 1, flowTol, lambdaMin);
        double bound = Training.StableStepBound(spec0);
        // λ_max = 0 (all inputs zero, or a = 0 with only the first layer trained): the bound is +∞ and half of it
        // is no step at all.
        if (!double.IsFinite(bound) && eta is null)
            throw new UsageException("the NTK of the trained layers vanishes at initialisation (λ_max = 0), so there is no stable step-size bound to take a default step from: give --eta");
        // Default: half the stable bound, a step that converges from nothing without tuning.
        double eta1 = eta ?? 0.5 * bound;
        double etaSecond = eta2 ?? eta1;
        double flowTime = time ?? steps * (layers == Layers.Second ? etaSecond : eta1);
        double flowDt = dt ?? (layers == Layers.Second ? etaSecond : eta1);
        if (methods.Contains(Method.Flow) && flowTime / flowDt > 10_000_000)
            throw new UsageException($"--time/--dt asks for {flowTime / flowDt:G3} RK4 steps; at most 1e7");
        var spec = spec0 with { Eta1 = eta1, Eta2 = etaSecond, Time = flowTime, Dt = flowDt };

        Directory.CreateDirectory(outDir);
        var runs = new List<(TrainingRun Run, double Seconds)>();
        foreach (var method in methods)
        {
            var progress = new Progress(stderr, $"train {method.Name()}");
            var clock = Stopwatch.StartNew();
            TrainingRun run;
            try
            {
                run = Training.Run(spec, method, progress.Report);
            }
            catch (InvalidOperationException e) when (method == Method.Flow)
            {
                throw new UsageException(e.Message);
            }
            progress.Done();
            double seconds = clock.Elapsed.TotalSeconds;
            runs.Add((run, seconds));
            var dir = methods.Length == 1 ? outDir : Path.Combine(outDir, method.Name());
            Directory.CreateDirectory(dir);
            WriteRun(dir, run, data.Y.Length);
            var caption = Caption(seed, data, net0, spec);
            Plots.LogY(Path.Combine(dir, "loss.png"), $"Training loss — {method.Name()}", method == Method.Flow ? "time t" : "step k",
                $"loss L ({loss.Name()})", caption, [Series(run)]);
            if (run.Stopped is not null)
                stderr.WriteLine($"ntk: {method.Name()}: {run.Stopped}");
            if (run.Kernel is { } conditioning)
                KernelWarnings.Report(stderr, conditioning, $"{method.Name()}: the kernel η₁K₁ + η₂K₂ of the linear model");
        }
        if (methods.Length > 1)
            Plots.LogY(Path.Combine(outDir, "loss.png"), "Training loss — all methods", "time (η·k for discrete steps)", $"loss L ({loss.Name()})",
                Caption(seed, data, net0, spec), runs.Select(r => Series(r.Run, byTime: true)).ToList());
        var summary = Summary(seed, dataSource, initSource, data, net0, spec, bound, runs);
        AtomicFile.WriteAllText(Path.Combine(outDir, "summary.json"), summary.ToJson());
        foreach (var (run, seconds) in runs)
        {
            var last = run.Points[^1];
            stdout.WriteLine(FormattableString.Invariant(
                $"{run.Method.Name(),-10} steps {last.Step,7}  loss {run.Points[0].Loss:G6} → {last.Loss:G6}  ({seconds:F2} s){(run.Stopped is null ? "" : "  STOPPED")}"));
        }
        stdout.WriteLine(FormattableString.Invariant($"seed {seed}; n = {data.N}, d = {data.D}, m = {net0.Width}; η₁ = {eta1:G6}, η₂ = {etaSecond:G6}; stable bound {bound:G6}; wrote {outDir}"));
        return runs.Any(r => r.Run.Stopped is not null) ? Diverged : 0;
    }

    private static Method Parse(string name) =>
        name switch
        {
            "gd" => Method.Gd,
            "flow" => Method.Flow,
            "linear" => Method.Linear,
            _ => Method.Linearized,
        };

    private static Plots.Series Series(TrainingRun run, bool byTime = false) =>
        new(run.Method.Name(), run.Points.Select(p => byTime || run.Method == Method.Flow ? p.Time : p.Step).ToArray(), run.Points.Select(p => p.Loss).ToArray());

    private static string Caption(ulong seed, Dataset data, TwoLayerNet net, TrainingSpec spec) =>
        FormattableString.Invariant(
            $"seed {seed}, n={data.N}, d={data.D}, m={net.Width}, {net.Activation.Name}, {net.Scaling.Name()} scaling, {spec.Loss.Name()} loss, train {spec.Train.Name()}, η₁={spec.Eta1:G4}");

    private static void WriteRun(string dir, TrainingRun run, int n)
    {
        var points = run.Points;
        int t = points.Count;
        var u = new double[t * n];
        for (int k = 0; k < t; k++)
            points[k].U.Span.CopyTo(u.AsSpan(k * n, n));
        var arrays = new List<KeyValuePair<string, NdArray>>
        {
            new("u", NdArray.Matrix(t, n, u)),
            new("loss", NdArray.Vector(points.Select(p => p.Loss).ToArray())),
            new("time", NdArray.Vector(points.Select(p => p.Time).ToArray())),
        };
        if (run.Final is not null)
        {
            arrays.Add(new("W", NdArray.Matrix(run.Final.Width, run.Final.InputDim, run.Final.W.ToArray())));
            arrays.Add(new("a", NdArray.Vector(run.Final.A.ToArray())));
        }
        Npz.WriteFile(Path.Combine(dir, "trajectory.npz"), arrays);
        var header = new[] { "step", "time", "loss", "max_weight_move", "pattern_change_fraction", "lambda_min" };
        using var sw = new StringWriter(CultureInfo.InvariantCulture);
        sw.Write(string.Join(",", header) + "\n");
        foreach (var p in points)
            sw.Write(string.Join(",", p.Step.ToString(CultureInfo.InvariantCulture), R(p.Time), R(p.Loss), R(p.MaxWeightMove), R(p.PatternChangeFraction), R(p.LambdaMin)) + "\n");
        AtomicFile.WriteAllText(Path.Combine(dir, "trajectory.csv"), sw.ToString());
    }

    /// <summary>Round-trip invariant text; an undefined value is an empty cell, never "NaN".</summary>
    private static string R(double? v) => v is { } x && double.IsFinite(x) ? x.ToString("R", CultureInfo.InvariantCulture) : "";

    private static JsonObject Summary(ulong seed, string dataSource, string initSource, Dataset data, TwoLayerNet net, TrainingSpec spec, double bound, List<(TrainingRun Run, double Seconds)> runs)
    {
        var inputs = new JsonObject()
            .Add("data", dataSource)
            .Add("init", initSource)
            .Add("n", data.N)
            .Add("d", data.D)
            .Add("width", net.Width)
            .Add("activation", net.Activation.Name)
            .Add("scaling", net.Scaling.Name())
            .Add("input_scaled", net.InputScaled)
            .Add("loss", spec.Loss.Name())
            .Add("train", spec.Train.Name())
            .Add("eta1", spec.Eta1)
            .Add("eta2", spec.Eta2)
            .Add("steps", spec.Steps)
            .Add("flow_time", spec.Time)
            .Add("flow_dt", spec.Dt)
            .Add("flow_tolerance", spec.FlowTolerance)
            .Add("record_lambda_min", spec.RecordLambdaMin);
        var methods = new List<JsonObject>();
        foreach (var (run, _) in runs)
        {
            var info = new JsonObject();
            foreach (var (k, v) in run.Info)
                info.Add(k, v);
            methods.Add(new JsonObject()
                .Add("method", run.Method.Name())
                .Add("initial_loss", run.Points[0].Loss)
                .Add("final_loss", run.Points[^1].Loss)
                .Add("steps_done", run.Points[^1].Step)
                .Add("final_time", run.Points[^1].Time)
                .Add("stopped", run.Stopped)
                .Add("info", info)
                .Add("kernel", run.Kernel is { } c ? KernelWarnings.ToJson(c, c.Warnings("the kernel η₁K₁ + η₂K₂ of the linear model")) : null));
        }
        return new JsonObject()
            .Add("tool", "ntk train")
            .Add("seed", seed)
            .Add("inputs", inputs)
            .Add("stable_step_bound", bound)
            .Add("runs", methods);
    }
}
