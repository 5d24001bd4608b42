using NtkPure.Dynamics;
using NtkPure.Kernels;
using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Experiments;

/// <summary>
/// One trained net of ntk-slides Theorem 3.2's sweep: width m, output scale κ, the GD steps it took to fit the
/// training labels, and max over the test points of |f_nn(x_te) − f_ntk(x_te)|.
/// </summary>
public sealed record WideNetRow(int Width, int Replicate, double Kappa, int Steps, double FinalResidual, double MaxError)
{
    /// <summary>f_nn at the test points (in the order of <see cref="WideNetVsKernel.Setup.Test"/>'s rows).</summary>
    public Vec? TestPredictions { get; init; }
}

/// <summary>
/// ntk-slides Theorem 3.2 (Arora et al. 2019): a ReLU net with L hidden layers of width m in the slides'
/// parameterisation (<see cref="DeepNet"/>), output scaled by κ, trained by GD on all layers from its random
/// initialisation until ‖u − y‖ ≤ tol·‖y‖, against NTK kernel regression f_ntk(x) = Θ^(L)(x, X)(Θ^(L)(X, X))⁻¹y.
/// The step is 2/(κ²(λ_max + λ_min)) of Θ^(L)(X, X) — the optimal step of the limiting linear dynamics — and
/// κ = κ₀·(m/m₀)^{−1/4} along the sweep: the theorem asks 1/κ = poly(1/ε) and m ≥ poly(1/κ), and this path keeps
/// both the O(κ) initial output and the O(1/(κ√m)) drift of the kernel shrinking like m^{−1/4}.
/// </summary>
public static class WideNetVsKernel
{
    public sealed record Setup(int Layers, Mat X, Vec Y, Mat Test, Vec KernelPrediction, double LambdaMin, double LambdaMax);

    /// <summary>n training and p test points uniform on S^{d−1}, labels N(0, 1), and f_ntk at the test points.</summary>
    public static Setup Prepare(int layers, int n, int d, int p, ulong seed)
    {
        var x = Datasets.Inputs(InputDistribution.Sphere, n, d, Rng.Derive(seed, "train"));
        var test = Datasets.Inputs(InputDistribution.Sphere, p, d, Rng.Derive(seed, "test"));
        var y = Datasets.Labels(LabelKind.Gaussian, n, Rng.Derive(seed, "labels"));
        var all = Mat.FromRowMajor(n + p, d, [.. x.ToArray(), .. test.ToArray()]);
        var theta = MultiLayerNtk.Of(Activation.Relu, all, layers).Theta;
        var k = Mat.Create(n, n, (i, j) => theta[i, j]);
        var cross = Mat.Create(p, n, (i, j) => theta[n + i, j]);
        var eig = SymmetricEigen.Of(k);
        return new Setup(layers, x, y, test, KernelRegression.Fit(k, y).Predict(cross), eig.Min, eig.Max);
    }

    /// <summary>The sweep; <paramref name="progress"/> hears (nets trained, widths × replicates).</summary>
    public static IReadOnlyList<WideNetRow> Run(Setup setup, IReadOnlyList<int> widths, int replicates, double kappa0, int width0, double tol, int maxSteps, ulong seed, Action<int, int>? progress = null)
    {
        var rows = new List<WideNetRow>();
        int done = 0;
        foreach (int m in widths)
            for (int r = 0; r < replicates; r++)
            {
                double kappa = kappa0 * Math.Pow((double)m / width0, -0.25);
                var net = DeepNet.Init(setup.X.Cols, setup.Layers, m, Activation.Relu, 2.0, Rng.Derive(seed, FormattableString.Invariant($"m={m}/r={r}")));
                var s = DeepGradientDescent.Start(net, setup.X, kappa);
                double eta = 2.0 / (kappa * kappa * (setup.LambdaMax + setup.LambdaMin));
                double target = tol * setup.Y.Norm2();
                while ((s.U - setup.Y).Norm2() > target && s.Step < maxSteps)
                    s = DeepGradientDescent.Step(s, setup.X, setup.Y, eta);
                var fnn = kappa * s.Net.Predict(setup.Test);
                rows.Add(new WideNetRow(m, r, kappa, s.Step, (s.U - setup.Y).Norm2() / setup.Y.Norm2(), (fnn - setup.KernelPrediction).NormInf()) { TestPredictions = fnn });
                progress?.Invoke(++done, widths.Count * replicates);
            }
        return rows;
    }
}
