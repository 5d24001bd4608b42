using NtkPure.Dynamics;
using NtkPure.Kernels;
using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Experiments;

/// <summary>
/// One GD run of ntk-slides Theorem 3.2 (Arora et al. 2019, Theorem 4.1): width m, initial scale κ, the worst
/// relative deviation max_{k ≤ K} |Φ(W(k)) − ½‖(I − ηH^∞)^k y‖²| / (½‖y‖²), and the same at k = 0 alone.
/// </summary>
public sealed record FineGrainedRow(int Width, int Replicate, double Kappa, double Deviation, double DeviationAtZero);

/// <summary>
/// The fine-grained dynamics: f = (1/√m)Σ a_r ReLU(w_rᵀx), w_r(0) ~ N(0, κ²I), a_r ~ Unif{±1} fixed, GD on W for
/// Φ(W) = ½Σ(y_i − f(x_i))² with step η, against the prediction ½‖(I − ηH^∞)^k y‖² = ½Σ_i(1 − ηλ_i)^{2k}(v_iᵀy)²
/// from the spectrum of H^∞ (<see cref="KernelSpectrum.ResidualSquared"/>).
/// </summary>
/// <summary>One GD step k of a labelled run: the measured ‖y − u(k)‖ and the predicted ‖(I − ηH^∞)^k y‖.</summary>
public sealed record FineGrainedPoint(int Step, double Measured, double Predicted);

/// <summary>
/// One label vector of <see cref="FineGrainedDynamics.TrueVsRandom"/>: the labels, their projections v_iᵀy on the
/// unit eigenvectors of H^∞ (ascending λ_i), the bound √(2yᵀ(H^∞)⁻¹y/n), and the GD run's points.
/// </summary>
public sealed record FineGrainedLabelRun(string Labels, Vec Y, Vec Projections, double Bound, IReadOnlyList<FineGrainedPoint> Points);

/// <summary>The true-vs-random-labels experiment: its sizes, η, the spectrum of H^∞, and one run per label vector.</summary>
public sealed record FineGrainedLabelsResult(int N, int D, int Width, double Kappa, double Eta, Vec Eigenvalues, IReadOnlyList<FineGrainedLabelRun> Runs);

public static class FineGrainedDynamics
{
    public sealed record Setup(Dataset Data, KernelSpectrum Spectrum, double Eta, int Steps);

    /// <summary>x_i uniform on S^{d−1}, y_i ~ N(0, 1), η = c/λ_max(H^∞) and K steps so that (1 − ηλ_min)^K ≤ 1/100.</summary>
    public static Setup Prepare(int n, int d, double stepFactor, ulong seed)
    {
        var data = Datasets.Synthetic(InputDistribution.Sphere, n, d, Rng.Derive(seed, "data"));
        var spectrum = KernelSpectrum.Of(InfiniteWidth.Hinf(data.X), data.Y);
        double eta = stepFactor / spectrum.Max;
        int steps = (int)Math.Ceiling(Math.Log(100) / -Math.Log(1 - eta * spectrum.Min));
        return new Setup(data, spectrum, eta, steps);
    }

    /// <summary>
    /// Arora et al.'s Figure 1 on synthetic data: n inputs uniform on S^{d−1} labelled by sign(βᵀx) (true labels)
    /// and by independent random signs (<see cref="GeneralizationBound.Sample"/>, replicate 0, p = 0 and 1); for each,
    /// GD on W of f = (1/√m)Σ a_r ReLU(w_rᵀx) with w_r(0) ~ N(0, κ²I), a_r ~ Unif{±1} (or, with
    /// <see cref="InitScheme.Symmetric"/>, in ± pairs so that u(0) = 0, scaled by κ), the sum loss and η =
    /// c/λ_max(H^∞), for K steps, next to ‖(I − ηH^∞)^k y‖; the projections of y on H^∞'s eigenvectors; the bound
    /// √(2yᵀ(H^∞)⁻¹y/n). Both runs share the initial weights. <paramref name="progress"/> hears (steps done, 2K).
    /// </summary>
    public static FineGrainedLabelsResult TrueVsRandom(int n, int d, int width, double kappa, int steps, double stepFactor, ulong seed, Action<int, int>? progress = null, InitScheme scheme = InitScheme.Dzps)
    {
        var sample = GeneralizationBound.Sample(n, d, 0, seed);
        var spectrum = KernelSpectrum.Of(InfiniteWidth.Hinf(sample.X));
        double eta = stepFactor / spectrum.Max;
        var (w, a) = Initialization.Draw(scheme, width, d, Rng.Derive(seed, "init"));
        var net0 = new TwoLayerNet(kappa * w, a, Activation.Relu);
        var runs = new List<FineGrainedLabelRun>();
        int done = 0;
        foreach (var (name, p) in new[] { ("true", 0.0), ("random", 1.0) })
        {
            var y = sample.Labels(p);
            var labelled = spectrum with { Projections = spectrum.Eigenvectors.TransposeTimes(y) };
            var problem = GdProblem.FirstLayer(new Dataset(sample.X, y), LossKind.Sum, eta);
            var s = GradientDescent.Start(problem, net0);
            var points = new List<FineGrainedPoint>(steps + 1);
            for (int k = 0; k <= steps; k++)
            {
                if (k > 0)
                {
                    s = GradientDescent.Step(problem, s);
                    progress?.Invoke(++done, 2 * steps);
                }
                points.Add(new FineGrainedPoint(k, (y - s.U).Norm2(), Math.Sqrt(labelled.ResidualSquared(eta, k))));
            }
            runs.Add(new FineGrainedLabelRun(name, y, labelled.Projections!, Math.Sqrt(2 * labelled.QuadraticFormInverse() / n), points));
        }
        return new FineGrainedLabelsResult(n, d, width, kappa, eta, spectrum.Eigenvalues, runs);
    }

    /// <summary>
    /// R runs per width with w_r(0) ~ N(0, κ(m)²I), against the prediction k ↦ ‖(I − ηH^∞)^k y‖² (or the one
    /// supplied, so that a test can feed a wrong one).
    /// </summary>
    public static IReadOnlyList<FineGrainedRow> Run(Setup setup, IReadOnlyList<int> widths, int replicates, Func<int, double> kappa, ulong seed, Func<int, double>? prediction = null)
    {
        var predicted = prediction ?? (k => setup.Spectrum.ResidualSquared(setup.Eta, k));
        var rows = new List<FineGrainedRow>();
        var data = setup.Data;
        var problem = GdProblem.FirstLayer(data, LossKind.Sum, setup.Eta);
        double norm = 0.5 * data.Y.NormSquared();
        foreach (int m in widths)
            for (int r = 0; r < replicates; r++)
            {
                double k0 = kappa(m);
                var (w, a) = Initialization.Draw(InitScheme.Dzps, m, data.D, Rng.Derive(seed, FormattableString.Invariant($"m={m}/r={r}")));
                var s = GradientDescent.Start(problem, new TwoLayerNet(k0 * w, a, Activation.Relu));
                double worst = 0, atZero = 0;
                for (int k = 0; k <= setup.Steps; k++)
                {
                    if (k > 0)
                        s = GradientDescent.Step(problem, s);
                    double phi = Loss.Value(LossKind.Sum, s.U.Span, data.Y.Span);
                    double dev = Math.Abs(phi - 0.5 * predicted(k)) / norm;
                    worst = Math.Max(worst, dev);
                    if (k == 0)
                        atZero = dev;
                }
                rows.Add(new FineGrainedRow(m, r, k0, worst, atZero));
            }
        return rows;
    }
}
