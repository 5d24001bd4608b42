using NtkPure.Dynamics;
using NtkPure.Kernels;
using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Experiments;

/// <summary>
/// One point of DZPS19's Figure 1 (ntk-slides, "2-layer NN, GD, opt first layer") for width m at GD step k, over
/// R independent initialisations: the median training loss, the 10th/50th/90th percentiles of the fraction of
/// activation patterns changed since initialisation, Σ_i Σ_r 1{sign(w_r(0)ᵀx_i) ≠ sign(w_r(k)ᵀx_i)}/(mn), and
/// the median of max_r ‖w_r(k) − w_r(0)‖₂.
/// </summary>
public sealed record DzpsFigure1Point(int Width, int Step, double LossMedian, double PatternP10, double PatternP50, double PatternP90, double MaxDistanceMedian);

/// <summary>The figure's table with the step size used and the spectrum of H^∞ it was chosen from.</summary>
public sealed record DzpsFigure1Result(IReadOnlyList<DzpsFigure1Point> Points, double Eta, double LambdaMin, double LambdaMax, int Replicates)
{
    /// <summary>The points of one width, in step order.</summary>
    public IReadOnlyList<DzpsFigure1Point> Of(int width) => Points.Where(p => p.Width == width).OrderBy(p => p.Step).ToList();
}

/// <summary>
/// DZPS19 Figure 1 on synthetic data: x_i uniform on S^{d−1}, y_i ~ N(0, 1), f = (1/√m) Σ_r a_r ReLU(w_rᵀx),
/// w_r ~ N(0, I), a_r ~ Unif{±1} fixed, GD on W for the sum loss with η = c/λ_max(H^∞) (the same in the NTK's
/// units for every width), for several widths and R initialisations each. Progress is reported in thousandths of the
/// work (a run costs about m·steps). The output scaling is a parameter so that a test can run the
/// experiment with the wrong one.
/// </summary>
public static class DzpsFigure1
{
    public static DzpsFigure1Result Run(int n, int d, IReadOnlyList<int> widths, int replicates, int steps, double stepFactor, ulong seed, OutputScaling scaling = OutputScaling.Ntk,
        Action<int, int>? progress = null)
    {
        var data = Datasets.Synthetic(InputDistribution.Sphere, n, d, Rng.Derive(seed, "data"));
        var h = InfiniteWidth.Hinf(data.X);
        var eig = SymmetricEigen.Of(h);
        double eta = stepFactor / eig.Max;
        var problem = GdProblem.FirstLayer(data, LossKind.Sum, eta);
        var points = new List<DzpsFigure1Point>();
        long done = 0, total = 0;
        foreach (int m in widths)
            total += (long)m * replicates;
        foreach (int m in widths)
        {
            var loss = new double[steps + 1, replicates];
            var pattern = new double[steps + 1, replicates];
            var distance = new double[steps + 1, replicates];
            for (int r = 0; r < replicates; r++)
            {
                var net0 = Initialization.Net(InitScheme.Dzps, m, d, Rng.Derive(seed, FormattableString.Invariant($"m={m}/r={r}")), Activation.Relu, scaling);
                var s = GradientDescent.Start(problem, net0);
                var f0 = s.Forward;
                for (int k = 0; k <= steps; k++)
                {
                    if (k > 0)
                        s = GradientDescent.Step(problem, s);
                    loss[k, r] = Loss.Value(LossKind.Sum, s.U.Span, data.Y.Span);
                    pattern[k, r] = Training.PatternChange(f0, s.Forward);
                    distance[k, r] = Training.MaxWeightMove(s.Net.W, net0.W);
                }
                done += m;
                progress?.Invoke((int)(1000 * done / total), 1000);
            }
            for (int k = 0; k <= steps; k++)
                points.Add(new DzpsFigure1Point(m, k, Quantile(Row(loss, k), 0.5), Quantile(Row(pattern, k), 0.1), Quantile(Row(pattern, k), 0.5),
                    Quantile(Row(pattern, k), 0.9), Quantile(Row(distance, k), 0.5)));
        }
        return new DzpsFigure1Result(points, eta, eig.Min, eig.Max, replicates);
    }

    private static double[] Row(double[,] a, int k)
    {
        var r = new double[a.GetLength(1)];
        for (int j = 0; j < r.Length; j++)
            r[j] = a[k, j];
        return r;
    }

    /// <summary>The q-quantile by linear interpolation between order statistics (type 7).</summary>
    public static double Quantile(double[] values, double q)
    {
        var v = (double[])values.Clone();
        Array.Sort(v);
        double pos = q * (v.Length - 1);
        int lo = (int)Math.Floor(pos), hi = Math.Min(lo + 1, v.Length - 1);
        return v[lo] + (pos - lo) * (v[hi] - v[lo]);
    }
}
