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
