using NtkPure.Dynamics;
using NtkPure.Kernels;
using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Experiments;

/// <summary>
/// The sizes of the NTK-convergence experiment: L hidden ReLU layers of each width, R initialisations per width,
/// G angles γ over [−π, π], n training points and GD steps of size <see cref="StepFactor"/>/λ_max(Θ^(L)(X, X)).
/// </summary>
public sealed record NtkConvergenceSpec(int HiddenLayers, IReadOnlyList<int> Widths, int Seeds, int Angles, int TrainPoints, int Steps, double StepFactor, ulong Seed);

/// <summary>
/// The experiment's tables: the angles, the limit Θ^(L)(x₀, x_γ), and per width (index w) and initialisation r the
/// empirical Θ̂(x₀, x_γ) at initialisation (<see cref="Initial"/>[w][r][k]) and after training
/// (<see cref="Trained"/>), the training loss ½‖u − y‖² before and after, the step η and the time t = η·steps.
/// </summary>
public sealed record NtkConvergenceResult(double[] Gammas, double[] Limit, double[][][] Initial, double[][][] Trained, double[][] LossBefore, double[][] LossAfter,
    double Eta, double Time);

/// <summary>
/// ntk-slides "Convergence of the NTK" (Jacot, Gabriel, Hongler 2018, Figure 1): a ReLU net with L hidden layers of
/// width m in the slides' parameterisation (<see cref="DeepNet"/>, c_σ = 2, no biases), its empirical NTK
/// Θ̂(x₀, x) = ⟨∂f(x₀)/∂θ, ∂f(x)/∂θ⟩ over all weights at x₀ = (1, 0) and x = (cos γ, sin γ), for several
/// initialisations, at initialisation and after GD on all layers for a fixed time, against the limit Θ^(L) of
/// <see cref="MultiLayerNtk"/>. Training data: n points x ~ N(0, I₂) with the target f*(x) = x₁x₂, loss ½‖u − y‖².
/// </summary>
public static class NtkConvergence
{
    public static NtkConvergenceResult Run(NtkConvergenceSpec spec, Action<int, int>? progress = null)
    {
        int g = spec.Angles, layers = spec.HiddenLayers;
        var gammas = new double[g];
        for (int k = 0; k < g; k++)
            gammas[k] = -Math.PI + 2 * Math.PI * k / (g - 1);
        // row 0 is x₀, rows 1 … G the circle
        var probe = Mat.Create(g + 1, 2, (i, c) => i == 0 ? (c == 0 ? 1.0 : 0.0) : c == 0 ? Math.Cos(gammas[i - 1]) : Math.Sin(gammas[i - 1]));
        var limitAll = MultiLayerNtk.Of(Activation.Relu, probe, layers).Theta;
        var limit = new double[g];
        for (int k = 0; k < g; k++)
            limit[k] = limitAll[0, k + 1];
        var x = Datasets.Inputs(InputDistribution.Gaussian, spec.TrainPoints, 2, Rng.Derive(spec.Seed, "train"));
        var y = Vec.Of([.. Enumerable.Range(0, x.Rows).Select(i => x[i, 0] * x[i, 1])]);
        double eta = spec.StepFactor / SymmetricEigen.Of(MultiLayerNtk.Of(Activation.Relu, x, layers).Theta).Max;
        int widths = spec.Widths.Count, runs = widths * spec.Seeds;
        var initial = new double[widths][][];
        var trained = new double[widths][][];
        var before = new double[widths][];
        var after = new double[widths][];
        for (int w = 0; w < widths; w++)
        {
            int m = spec.Widths[w];
            initial[w] = new double[spec.Seeds][];
            trained[w] = new double[spec.Seeds][];
            before[w] = new double[spec.Seeds];
            after[w] = new double[spec.Seeds];
            for (int r = 0; r < spec.Seeds; r++)
            {
                var net = DeepNet.Init(2, layers, m, Activation.Relu, 2.0, Rng.Derive(spec.Seed, FormattableString.Invariant($"m={m}/r={r}")));
                initial[w][r] = Row0(DeepEmpiricalNtk.Of(net, probe));
                var s = DeepGradientDescent.Start(net, x, 1.0);
                before[w][r] = 0.5 * (s.U - y).NormSquared();
                for (int k = 0; k < spec.Steps; k++)
                    s = DeepGradientDescent.Step(s, x, y, eta);
                after[w][r] = 0.5 * (s.U - y).NormSquared();
                trained[w][r] = Row0(DeepEmpiricalNtk.Of(s.Net, probe));
                progress?.Invoke(w * spec.Seeds + r + 1, runs);
            }
        }
        return new NtkConvergenceResult(gammas, limit, initial, trained, before, after, eta, eta * spec.Steps);
    }

    /// <summary>Θ̂(x₀, x_γ) for the G circle points from the (G+1)×(G+1) kernel on [x₀; circle].</summary>
    private static double[] Row0(Mat k)
    {
        var row = new double[k.Cols - 1];
        for (int j = 1; j < k.Cols; j++)
            row[j - 1] = k[0, j];
        return row;
    }
}
