using NtkPure.Dynamics;
using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Experiments;

/// <summary>
/// The settings of wu's Figure 2: fit the single neuron f*(x) = σ(x₁) on x ~ Unif(S^{d−1}) from n samples with
/// the two-layer net f_m(x; a, B) = Σ_j a_j σ(b_jᵀx) (a = 0, b_j ~ Unif(S^{d−1})) and with its random-feature
/// model (B frozen at B₀, a from 0), both by GD on R̂_n = (1/2n)Σ(f(x_i) − y_i)² with the same step η_m for a width
/// m, for <see cref="Steps"/>[k] steps at width <see cref="Widths"/>[k]. η_m = 1/(2λ_max(G₀)/n) with G₀ = ΦΦᵀ the
/// Gram matrix at initialisation. Test error E_x(f(x) − f*(x))² is estimated on <see cref="TestPoints"/> fresh points.
/// </summary>
public sealed record NnVsRfmSettings(int D, int N, int[] Widths, int[] Steps, int TestPoints, ulong Seed)
{
    /// <summary>The seed's sizes (d = 20, n = 50, m ∈ {4, 50, 1000}), with step counts that reach the plateaus.</summary>
    public static NnVsRfmSettings Default(ulong seed) => new(20, 50, [4, 50, 1000], [4096, 2048, 256], 1000, seed);

    /// <summary>Longer runs (the large-width net followed further) and a larger test set.</summary>
    public static NnVsRfmSettings Long(ulong seed) => new(20, 50, [4, 50, 1000], [32768, 16384, 2048], 4000, seed);
}

/// <summary>One recorded point: width m, GD step k, time t = η_m·k, and the train and test errors (mean squared, no ½) of both models.</summary>
public sealed record NnVsRfmRow(int Width, int Step, double Time, double NnTrain, double NnTest, double RfmTrain, double RfmTest);

/// <summary>
/// The table of the experiment, and per width the largest relative gap between the two test errors over the
/// recorded times, sup_t |NN(t) − RFM(t)|/max(NN(t), RFM(t)): wu's Theorem 13 says the trajectories are uniformly
/// close when m is large, so the gap should shrink as m grows.
/// </summary>
public sealed record NnVsRfmResult(NnVsRfmSettings Settings, IReadOnlyList<NnVsRfmRow> Rows, IReadOnlyList<double> Gaps, IReadOnlyList<double> StepSizes, string? Stopped);

public static class NnVsRfm
{
    /// <summary>f*(x) = σ(x₁) = max(x₁, 0).</summary>
    public static double Target(ReadOnlySpan<double> x) => Math.Max(x[0], 0.0);

    public static NnVsRfmResult Run(NnVsRfmSettings s, Action<int, int>? progress = null)
    {
        if (s.Widths.Length != s.Steps.Length)
            throw new ArgumentException("one step count per width");
        var x = Datasets.Inputs(InputDistribution.Sphere, s.N, s.D, Rng.Derive(s.Seed, "train"));
        var data = new Dataset(x, Datasets.Target(x, Target));
        var xt = Datasets.Inputs(InputDistribution.Sphere, s.TestPoints, s.D, Rng.Derive(s.Seed, "test"));
        var yt = Datasets.Target(xt, Target);
        var rows = new List<NnVsRfmRow>();
        var gaps = new List<double>();
        var etas = new List<double>();
        string? stopped = null;
        int total = s.Steps.Sum(), done = 0;
        for (int w = 0; w < s.Widths.Length; w++)
        {
            int m = s.Widths[w];
            var net0 = Initialization.Net(InitScheme.WuKernel, m, s.D, Rng.Derive(s.Seed, "init/" + m.ToString(System.Globalization.CultureInfo.InvariantCulture)), Activation.Relu, OutputScaling.None);
            var rf = new RandomFeatureTraining(new RandomFeatureModel(net0.W, Activation.Relu), data, 1.0 / s.N);
            double eta = 0.5 * s.N / rf.Eigen.Max;
            etas.Add(eta);
            var problem = new GdProblem(data, LossKind.Mean, Layers.Both, eta, eta);
            var state = GradientDescent.Start(problem, net0);
            double gap = 0;
            for (int k = 0; k <= s.Steps[w]; k++)
            {
                if (k == 0 || (k & (k - 1)) == 0 || k == s.Steps[w] || k % Math.Max(1, s.Steps[w] / 16) == 0)
                {
                    var a = rf.GdParameters(k, eta);
                    var row = new NnVsRfmRow(m, k, k * eta,
                        Mse(state.U, data.Y), Mse(state.Net.Predict(xt), yt),
                        Mse(rf.Model.Predict(a, x), data.Y), Mse(rf.Model.Predict(a, xt), yt));
                    if (!double.IsFinite(row.NnTrain) || !double.IsFinite(row.NnTest))
                    {
                        stopped = FormattableString.Invariant($"the net diverged at width {m}, step {k} (η = {eta:G4})");
                        break;
                    }
                    rows.Add(row);
                    double scale = Math.Max(row.NnTest, row.RfmTest);
                    if (scale > 0)
                        gap = Math.Max(gap, Math.Abs(row.NnTest - row.RfmTest) / scale);
                }
                if (k < s.Steps[w])
                    state = GradientDescent.Step(problem, state);
                progress?.Invoke(++done, total);
            }
            gaps.Add(gap);
        }
        return new NnVsRfmResult(s, rows, gaps, etas, stopped);
    }

    /// <summary>(1/n)Σ(u_i − y_i)².</summary>
    private static double Mse(Vec u, Vec y) => 2 * Loss.Value(LossKind.Mean, u.Span, y.Span);
}
