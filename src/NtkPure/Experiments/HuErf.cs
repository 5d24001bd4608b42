using NtkPure.Kernels;
using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Experiments;

/// <summary>
/// The sizes of hu's erf experiment: input dimension, training and test points, width (hu: 256), GD steps, the
/// stride of test evaluations after the first <see cref="HuDynamics.EarlySteps"/>, the step size as a fraction of
/// n/‖Θ^lin1 + Θ^lin2‖ (the same η for both layers in every run), and the seed.
/// </summary>
public sealed record HuErfConfig(int D, int N, int NTest, int Width, int Steps, int TestStride, double EtaFraction, ulong Seed)
{
    /// <summary>Small enough for a default check (erf is evaluated n·m times per step).</summary>
    public static HuErfConfig Default { get; } = new(10, 480, 320, 256, 128, 8, 0.5, 2020);

    /// <summary>Closer to hu's figure (d = 50, width 256, many more samples than dimensions).</summary>
    public static HuErfConfig Long { get; } = new(50, 4000, 1000, 256, 400, 8, 0.5, 2020);
}

/// <summary>One recorded step of one run: the trained layers and <see cref="HuPoint"/>'s quantities (test ones NaN when not evaluated).</summary>
public sealed record HuErfRow(Layers Layers, int Step, double NetLoss, double LinLoss, double Gap, double NetTestLoss, double LinTestLoss, double TestGap);

/// <summary>
/// What the figure shows, per run, relative to the linear model's total decrease ΔL = L_lin(0) − L_lin(T): the
/// early step t_e (the first step at which the linear model has made 90% of ΔL), the largest training- and
/// test-loss discrepancy |L_net − L_lin|/ΔL up to t_e, the training discrepancy at T, whether the network ends
/// below the linear model, and the prediction gaps (1/n)‖u − u^lin‖² at t_e and at T.
/// </summary>
public sealed record HuErfSummary(Layers Layers, int EarlyStep, double Decrease, double EarlyDiscrepancy, double EarlyTestDiscrepancy, double FinalDiscrepancy, bool NetBelowLinear, double EarlyGap, double FinalGap);

public sealed record HuErfResult(HuErfConfig Config, double Eta, IReadOnlyList<HuErfRow> Rows, IReadOnlyList<HuErfSummary> Summaries);

/// <summary>
/// hu's experiment: a width-256 erf network on synthetic Gaussian data (<see cref="HuSetting"/>), trained by GD on
/// the first layer, the second layer and both, each next to its linear model (f^lin1, f^lin2, and both with the
/// kernel η₁Θ^lin1 + η₂Θ^lin2). Second-layer training runs in its exact kernel form
/// (<see cref="HuDynamics.SecondLayerKernelRun"/>).
/// </summary>
public static class HuErf
{
    /// <summary>The three runs; <paramref name="progress"/> hears (steps done, 3·steps) as the runs go.</summary>
    public static HuErfResult Run(HuErfConfig cfg, HuImplementation? impl = null, Action<int, int>? progress = null)
    {
        impl ??= HuImplementation.Reference;
        var inst = HuSetting.Instance(new HuSizes(cfg.D, cfg.N, cfg.Width + (cfg.Width & 1), cfg.NTest), Activation.Erf, cfg.Seed);
        var x = inst.Train.X;
        double eta = cfg.EtaFraction * cfg.N / OperatorNorm.Of(HuKernels.Lin1(x, inst.Constants) + HuKernels.Lin2(x, inst.Constants));
        var rows = new List<HuErfRow>();
        var summaries = new List<HuErfSummary>();
        int total = 3 * cfg.Steps, done = 0;
        foreach (var layers in new[] { Layers.First, Layers.Second, Layers.Both })
        {
            int before = done;
            Action<TwoLayerNet>? observe = progress is null ? null : _ => progress(Math.Min(++done, before + cfg.Steps), total);
            var points = layers == Layers.Second
                ? HuDynamics.SecondLayerKernelRun(inst, eta, cfg.Steps, impl)
                : HuDynamics.Run(inst, layers, eta, layers == Layers.First ? 0 : eta, cfg.Steps, impl, cfg.TestStride, observe);
            done = before + cfg.Steps;
            progress?.Invoke(done, total);
            foreach (var p in points)
                rows.Add(new HuErfRow(layers, p.Step, p.NetLoss, p.LinLoss, p.Gap, p.NetTestLoss, p.LinTestLoss, p.TestGap));
            summaries.Add(Summarise(layers, points));
        }
        return new HuErfResult(cfg, eta, rows, summaries);
    }

    /// <summary>The summary of one run (see <see cref="HuErfSummary"/>).</summary>
    public static HuErfSummary Summarise(Layers layers, IReadOnlyList<HuPoint> points)
    {
        var last = points[^1];
        double decrease = points[0].LinLoss - last.LinLoss;
        int early = points.Count - 1;
        for (int t = 0; t < points.Count; t++)
            if (points[t].LinLoss - last.LinLoss <= 0.1 * decrease)
            {
                early = t;
                break;
            }
        double train = 0, test = 0, gap = 0;
        for (int t = 0; t <= early; t++)
        {
            var p = points[t];
            train = Math.Max(train, Math.Abs(p.NetLoss - p.LinLoss) / decrease);
            if (!double.IsNaN(p.NetTestLoss))
                test = Math.Max(test, Math.Abs(p.NetTestLoss - p.LinTestLoss) / decrease);
            gap = Math.Max(gap, p.Gap);
        }
        return new HuErfSummary(layers, early, decrease, train, test, Math.Abs(last.NetLoss - last.LinLoss) / decrease, last.NetLoss < last.LinLoss, gap, last.Gap);
    }
}
