using NtkPure.Dynamics;
using NtkPure.Kernels;
using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Experiments;

/// <summary>
/// One row of the scaling comparison: after <see cref="Step"/> GD steps, the mean training loss over replicates and
/// the movement of the particles (a_r, w_r): the root-mean-square ‖(a_r, w_r) − (a_r(0), w_r(0))‖ over neurons and
/// the largest ‖w_r − w_r(0)‖, each averaged over replicates.
/// </summary>
public sealed record MeanFieldRow(OutputScaling Scaling, int Width, int Step, double Loss, double RmsMove, double MaxMove);

/// <summary>
/// lecture7 §3: f = (1/√m)Σ a_k σ(w_kᵀx) (NTK) against f = (1/m)Σ a_k σ(w_kᵀx) (mean field), both layers trained by
/// GD on L = ½Σ(f(x_i) − y_i)² from a_k = ±1, w_k ~ N(0, I). The NTK net takes steps η = c/λ_max(K^∞) (c = 0.3 by
/// default: the mean-field kernel grows as the particles move, and a step near 2/λ_max at the start diverges later); the mean-field net takes
/// m·η, the time scale on which each particle (a_k, w_k) moves at a rate independent of m (the particle
/// gradient is (1/m)·∇_{(a,w)}[aσ(wᵀx)]), so both start with the same function-space kernel η·K^∞ and differ only
/// in how far the particles go (<c>meanFieldTimeScale: false</c> gives the mean-field net the NTK's η, for contrast). Inputs uniform on S^{d−1}, labels from a fixed ReLU teacher with 3 units.
/// </summary>
public static class MeanFieldScaling
{
    public static IReadOnlyList<MeanFieldRow> Run(int n, int d, IReadOnlyList<int> widths, int steps, int replicates, ulong seed, int every = 10, bool meanFieldTimeScale = true, double stepFactor = 0.3,
        Action<int, int>? progress = null)
    {
        var x = Datasets.Inputs(InputDistribution.Sphere, n, d, Rng.Derive(seed, "data"));
        var teacher = Initialization.Net(InitScheme.Dzps, 3, d, Rng.Derive(seed, "teacher"), Activation.Relu, OutputScaling.None);
        var data = new Dataset(x, teacher.Predict(x));
        // both layers at init: K^∞ = H^∞ + E[σσ] = (ReLU NTK)/2 in the slides' normalisation
        double eta = stepFactor / Spectral.MaxEigenvalue(0.5 * InfiniteWidth.ReluNtk(x));
        var rows = new List<MeanFieldRow>();
        long done = 0, total = 0;
        foreach (int m in widths)
            total += 2L * m * replicates;
        foreach (var scaling in new[] { OutputScaling.Ntk, OutputScaling.MeanField })
            foreach (int m in widths)
            {
                double rate = scaling == OutputScaling.MeanField && meanFieldTimeScale ? eta * m : eta;
                var problem = new GdProblem(data, LossKind.Sum, Layers.Both, rate, rate);
                int points = steps / every + 1;
                var loss = new double[points];
                var rms = new double[points];
                var max = new double[points];
                for (int r = 0; r < replicates; r++)
                {
                    var net0 = Initialization.Net(InitScheme.Dzps, m, d, Rng.Derive(seed, FormattableString.Invariant($"{scaling}/m={m}/r={r}")), Activation.Relu, scaling);
                    var s = GradientDescent.Start(problem, net0);
                    for (int k = 0; k <= steps; k++)
                    {
                        if (k > 0)
                            s = GradientDescent.Step(problem, s);
                        if (k % every != 0)
                            continue;
                        int p = k / every;
                        loss[p] += Loss.Value(LossKind.Sum, s.U.Span, data.Y.Span) / replicates;
                        rms[p] += RmsMove(s.Net, net0) / replicates;
                        max[p] += Training.MaxWeightMove(s.Net.W, net0.W) / replicates;
                    }
                    done += m;
                    progress?.Invoke((int)(1000 * done / total), 1000);
                }
                for (int p = 0; p < points; p++)
                    rows.Add(new MeanFieldRow(scaling, m, p * every, loss[p], rms[p], max[p]));
            }
        return rows;
    }

    /// <summary>√((1/m) Σ_r (‖w_r − w_r(0)‖² + (a_r − a_r(0))²)).</summary>
    public static double RmsMove(TwoLayerNet net, TwoLayerNet net0)
    {
        var w = net.W.Span;
        var w0 = net0.W.Span;
        double s = 0;
        for (int k = 0; k < w.Length; k++)
            s += (w[k] - w0[k]) * (w[k] - w0[k]);
        for (int r = 0; r < net.Width; r++)
            s += (net.A[r] - net0.A[r]) * (net.A[r] - net0.A[r]);
        return Math.Sqrt(s / net.Width);
    }
}
