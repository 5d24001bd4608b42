using NtkPure.Dynamics;
using NtkPure.Experiments;
using NtkPure.Kernels;
using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Claims;

/// <summary>
/// ntk-slides (002_5779a2d5220562bf.txt): the NTK and its kernel-regression limit, Arora et al.'s Theorems 3.1
/// and 3.2 (deep nets in the parameterisation of <see cref="DeepNet"/>), Bietti–Mairal's smoothness and Mercer
/// results for the ReLU NTK, natural gradient descent (Zhang et al. 2019), and the over-parameterisation
/// experiments (DZPS19 Figure 1; Arora et al. 2019's fine-grained dynamics and generalisation bound).
/// </summary>
public static partial class NtkSlidesClaims
{
    private static string F(FormattableString s) => FormattableString.Invariant(s);

    private const string Seed = "ntk-slides";

    /// <summary>Evidence for replaying one point of a claim that is decided by a whole sweep, not instance by instance.</summary>
    internal static Evidence SweepOnly(string what) =>
        new(double.NaN, double.NaN, double.PositiveInfinity, true, what + " is decided by its sweep (run the claim); a seed alone has nothing to replay");

    /// <summary>Two unit vectors in R^p at angle θ: x uniform on the sphere, y = cos θ·x + sin θ·v with v ⟂ x.</summary>
    internal static (double[] X, double[] Y) UnitPair(ref Rng rng, int p, double angle)
    {
        var x = new double[p];
        var v = new double[p];
        rng.FillSphere(x);
        do
        {
            rng.FillGaussian(v);
            double c = Blas.Dot(v, x);
            for (int k = 0; k < p; k++)
                v[k] -= c * x[k];
        } while (Blas.Dot(v, v) < 1e-12);
        double nv = Math.Sqrt(Blas.Dot(v, v));
        var y = new double[p];
        for (int k = 0; k < p; k++)
            y[k] = Math.Cos(angle) * x[k] + Math.Sin(angle) * v[k] / nv;
        return (x, y);
    }

    internal static double Distance(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double s = 0;
        for (int k = 0; k < x.Length; k++)
            s += (x[k] - y[k]) * (x[k] - y[k]);
        return Math.Sqrt(s);
    }

    internal static Mat Rows(params double[][] rows) => Mat.FromRows(rows);

    // ---------------------------------------------------------------------------------------------------------
    // The kernel-regression limit of the constant-kernel flow

    public static readonly Claim KernelRegressionLimit = MakeKernelRegressionLimit((k, cross, y) => KernelRegression.Fit(k, y).Predict(cross));

    /// <summary>The t → ∞ limit with the predictor (H*, K(X_test, X), y) ↦ f*(X_test) supplied.</summary>
    public static Claim MakeKernelRegressionLimit(Func<Mat, Mat, Vec, Vec> predictor) => new(
        "ntk-slides/kernel-regression-limit",
        $"{Seed}, \"Neural Tangent Kernel\" (the constant kernel H*), the t → ∞ limit",
        "du/dt = −H*(u − y) with f(x, t) following df(x)/dt = −ker(x, X)(u − y): only the kernel (null-space) of H* remains as t → ∞, so from a zero start f*(x) = (ker(x, x_1), …, ker(x, x_n))·(H*)⁻¹y",
        ClaimKind.Identity,
        "H* positive definite (NTK Gram matrices Θ^(L) of distinct points, ReLU or erf, L ∈ {1, 2, 3}); u(0) = 0 and f(x, 0) = 0",
        30,
        seed =>
        {
            var rng = new Rng(seed);
            int n = Instances.Between(ref rng, 2, 6), d = Instances.Between(ref rng, 3, 6), p = Instances.Between(ref rng, 1, 3), layers = Instances.Between(ref rng, 1, 3);
            var act = rng.NextInt(3) == 0 ? Activation.Erf : Activation.Relu;
            var all = Datasets.Inputs(rng.NextInt(2) == 0 ? InputDistribution.Sphere : InputDistribution.Gaussian, n + p, d, seed);
            var theta = MultiLayerNtk.Of(act, all, layers).Theta;
            var h = Mat.Create(n, n, (i, j) => theta[i, j]);
            var cross = Mat.Create(p, n, (i, j) => theta[n + i, j]);
            var y = Vec.Of(Instances.Gaussian(ref rng, n, 1).ToArray());
            var eig = SymmetricEigen.Of(h);
            if (!(eig.Min > 1e-6 * eig.Max))
                return Evidence.HypothesisFailed(F($"H* is not numerically positive definite: λ = [{eig.Min:G3}, {eig.Max:G3}]"));
            double cond = eig.Max / eig.Min;
            if (cond > 1e4)
                return Evidence.HypothesisFailed(F($"cond(H*) = {cond:G3}: too stiff for a fixed-step integration of the flow"));
            // the flow of (u, f(X_test)) from zero to T with e^{−Tλ_min} = 1e-12, by RK4 with steps h and h/2
            Rhs rhs = (_, z) =>
            {
                var r = Vec.From(z.Span[..n]) - y;
                return Vec.Of([.. (-1.0 * (h * r)).ToArray(), .. (-1.0 * (cross * r)).ToArray()]);
            };
            double time = 12 * Math.Log(10) / eig.Min;
            var coarse = Ode.Fixed(rhs, Vec.Zeros(n + p), time, 0.25 / eig.Max).States[^1];
            var sol = Ode.Fixed(rhs, Vec.Zeros(n + p), time, 0.125 / eig.Max);
            var flow = Vec.From(sol.States[^1].Span[n..]);
            double integration = (Vec.From(coarse.Span[n..]) - flow).NormInf(); // RK4: the h/2 error is ≈ 1/15 of this
            var limit = predictor(h, cross, y);
            double scale = cross.MaxAbs() * Math.Sqrt(n) * y.Norm2() / eig.Min;
            double tail = scale * Math.Exp(-time * eig.Min);
            double steps = sol.Times.Count;
            double rounding = Tolerance.ForOperations(steps * (n + p) * n + cond * n * n, scale).Absolute;
            var tol = new Tolerance(integration + tail + rounding, 0);
            return Evidence.Equal(flow, limit, tol,
                F($"f(X_test, T = {time:G3}) by RK4 (h = {sol.StepSize:G3}, {steps:G3} steps) vs k(x, X)(H*)⁻¹y: max |Δ| = {(flow - limit).NormInf():G3}; n = {n}, {p} test points, {act.Name}, L = {layers}, cond(H*) = {eig.Max / eig.Min:G3}"));
        });

    // ---------------------------------------------------------------------------------------------------------
    // Theorem 3.1: the empirical NTK at initialisation converges to Θ^(L)

    private const int Theorem31Layers = 2;
    private const double Theorem31Delta = 0.1;

    /// <summary>
    /// The ε that the width condition m ≥ C·L⁶/ε⁴·log(L/δ) guarantees at width m when the constant hidden in Ω(·) is C:
    /// ε = (C·L⁶·log(L/δ)/m)^{1/4}.
    /// </summary>
    public static double Theorem31Epsilon(int layers, double delta, int width, double constant = 1.0) =>
        Math.Pow(constant * Math.Pow(layers, 6) * Math.Log(layers / delta) / width, 0.25);

    /// <summary>The width m = C·L⁶/ε⁴·log(L/δ) the theorem's condition asks for.</summary>
    public static double Theorem31Width(int layers, double delta, double epsilon, double constant = 1.0) =>
        constant * Math.Pow(layers, 6) / Math.Pow(epsilon, 4) * Math.Log(layers / delta);

    /// <summary>A pair of inputs with ‖x‖, ‖x'‖ ≤ 1: equal, nearly parallel, or unrelated.</summary>
    private static Mat Theorem31Pair(ref Rng rng, int d)
    {
        var (x, y) = UnitPair(ref rng, d, Math.PI * rng.NextDouble());
        int kind = rng.NextInt(4);
        if (kind == 0)
            y = (double[])x.Clone();
        else if (kind == 1)
            (x, y) = UnitPair(ref rng, d, 1e-3 * rng.NextDouble());
        double rx = 1 - 0.5 * rng.NextDouble() * rng.NextInt(2), ry = 1 - 0.5 * rng.NextDouble() * rng.NextInt(2);
        return Rows(x.Select(v => rx * v).ToArray(), y.Select(v => ry * v).ToArray());
    }

    public static readonly Claim Theorem31 = MakeTheorem31(DeepEmpiricalNtk.Of);

    /// <summary>Theorem 3.1 with the finite-width kernel (net, X) ↦ Θ̂ supplied.</summary>
    public static Claim MakeTheorem31(Func<DeepNet, Mat, Mat> empirical) => new Claim(
        "ntk-slides/theorem-3.1",
        $"{Seed}, Theorem 3.1 (Convergence to the NTK at initialization; Arora et al. 2019)",
        "Fix ε > 0 and δ ∈ (0, 1). Suppose σ(z) = max(0, z) and min_h d_h ≥ Ω(L⁶/ε⁴·log(L/δ)). Then for any inputs x, x' with ‖x‖ ≤ 1, ‖x'‖ ≤ 1, with probability at least 1 − δ: |⟨∂f(θ, x)/∂θ, ∂f(θ, x')/∂θ⟩ − Θ^(L)(x, x')| ≤ (L + 1)ε",
        ClaimKind.Probabilistic,
        "ReLU, weights i.i.d. N(0, 1), Σ̇^(L+1) := 1; Ω(·) read with constant 1, so width m gives ε = (L⁶log(L/δ)/m)^{1/4}; L = 2, δ = 0.1, d₀ = 4, m = 256",
        100,
        seed =>
        {
            var rng = new Rng(seed);
            var pair = Theorem31Pair(ref rng, 4);
            const int m = Theorem31TrialWidth;
            var net = DeepNet.Init(4, Theorem31Layers, m, Activation.Relu, 2.0, Rng.Derive(seed, "net"));
            double emp = empirical(net, pair)[0, 1];
            double exact = MultiLayerNtk.Of(Activation.Relu, pair, Theorem31Layers).Theta[0, 1];
            double eps = Theorem31Epsilon(Theorem31Layers, Theorem31Delta, m);
            double slack = Tolerance.ForOperations((double)m * m, Theorem31Layers + 1.0).Absolute;
            return Evidence.AtMost(Math.Abs(emp - exact), (Theorem31Layers + 1) * eps, slack,
                F($"m = {m}: Θ̂ = {emp:G6}, Θ^(L) = {exact:G6}, (L+1)ε = {(Theorem31Layers + 1) * eps:G4}"));
        })
    {
        Evaluate = (claim, options, progress) =>
        {
            var prob = Statistical.Probabilistic(claim, options with { Alpha = options.Alpha / 2 }, Theorem31Delta, progress);
            // the sweep: RMS of Θ̂ − Θ^(L) at one pair over R nets per width
            var rng = new Rng(Rng.Derive(options.Seed, claim.Id + "/sweep"));
            var pair = Theorem31Pair(ref rng, 4);
            double exact = MultiLayerNtk.Of(Activation.Relu, pair, Theorem31Layers).Theta[0, 1];
            int[] widths = options.Long ? [16, 32, 64, 128, 256, 512, 1024, 2048, 4096] : [16, 32, 64, 128, 256, 512, 1024];
            int reps = options.Long ? 32 : 8;
            var rms = new double[widths.Length];
            for (int w = 0; w < widths.Length; w++)
            {
                double s = 0;
                for (int r = 0; r < reps; r++)
                {
                    var net = DeepNet.Init(4, Theorem31Layers, widths[w], Activation.Relu, 2.0, Rng.Derive(options.Seed, F($"{claim.Id}/m={widths[w]}/r={r}")));
                    double dev = empirical(net, pair)[0, 1] - exact;
                    s += dev * dev;
                }
                rms[w] = Math.Sqrt(s / reps);
            }
            var xs = widths.Select(v => (double)v).ToArray();
            var figure = Trends.Plot("Theorem 3.1: empirical NTK at initialisation vs Θ^(L)", "width m", "RMS |Θ̂(x, x') − Θ^(L)(x, x')|", true, true,
                ("measured", xs, rms), ("(L+1)ε(m), Ω-constant 1", xs, xs.Select(m => (Theorem31Layers + 1) * Theorem31Epsilon(Theorem31Layers, Theorem31Delta, (int)m)).ToArray()));
            var fit = Statistics.FitLogLog(xs, rms, 1 - options.Alpha / 2);
            var asym = Statistical.Asymptotic(xs, rms, -0.25, Statistical.Side.AtMost, options.Alpha / 2,
                F($"RMS error vs width (L = {Theorem31Layers}, {reps} nets per width; the CLT rate −1/2 is {(fit.SlopeInside(-0.5) ? "inside" : "outside")} the interval)"), figure);
            const int m0 = Theorem31TrialWidth;
            string widthNote = F($"the statement's width for ε = 0.1 at δ = {Theorem31Delta} and L = {Theorem31Layers} is m = L⁶/ε⁴·log(L/δ) = {Theorem31Width(Theorem31Layers, Theorem31Delta, 0.1):G3} (constant 1); the trials use m = {m0}, where the condition guarantees ε = {Theorem31Epsilon(Theorem31Layers, Theorem31Delta, m0):G3}");
            var both = Trends.Worst(prob, asym);
            return both with { Details = widthNote + " | " + both.Details };
        },
    };

    /// <summary>The width of the probabilistic trials (fixed, so that a trial replays from its seed alone).</summary>
    private const int Theorem31TrialWidth = 256;

    // ---------------------------------------------------------------------------------------------------------
    // Theorem 3.2: a trained wide net equals NTK kernel regression

    public static readonly Claim Theorem32 = MakeTheorem32(p => p);

    /// <summary>Theorem 3.2 with a map applied to the kernel prediction f_ntk (a test feeds a wrong one).</summary>
    public static Claim MakeTheorem32(Func<Vec, Vec> kernelPrediction) => new Claim(
        "ntk-slides/theorem-3.2",
        $"{Seed}, Theorem 3.2 (Equivalence between trained net and kernel regression; Arora et al. 2019)",
        "Suppose σ(z) = max(0, z), 1/κ = poly(1/ε, log(n/δ)) and d_1 = … = d_L = m with m ≥ poly(1/κ, L, 1/λ₀, n, log(1/δ)). Then for any x_te with ‖x_te‖ = 1, with probability at least 1 − δ over the random initialization, |f_nn(x_te) − f_ntk(x_te)| ≤ ε, where f_ntk(x_te) = ker_ntk(x_te, X)ᵀ(H*)⁻¹y and f_nn(x_te) = lim_{t→∞} f_nn(θ(t), x_te)",
        ClaimKind.Asymptotic,
        "f_nn = κ·f(θ, x) trained by GD on all layers to ‖u − y‖ ≤ 10⁻⁶‖y‖ (the limit of the flow for a near-linear model); κ = 0.3·(m/64)^{−1/4}, i.e. m = 64·(0.3/κ)⁴ = poly(1/κ); n = 4 training and 4 test points on S^{15}; L = 1 (L = 2 added with --long)",
        1,
        _ => SweepOnly("Theorem 3.2"))
    {
        Evaluate = (claim, options, progress) =>
        {
            var parts = new List<Outcome> { Theorem32Sweep(1, options.Long ? [64, 256, 1024, 4096, 16384, 65536] : [64, 256, 1024, 4096, 16384], options, kernelPrediction) };
            if (options.Long)
                parts.Add(Theorem32Sweep(2, [64, 128, 256, 512, 1024], options, kernelPrediction));
            return Trends.Worst([.. parts]);
        },
    };

    private static Outcome Theorem32Sweep(int layers, int[] widths, ClaimRunOptions options, Func<Vec, Vec> kernelPrediction)
    {
        var setup = WideNetVsKernel.Prepare(layers, 4, 16, 4, Rng.Derive(options.Seed, "ntk-slides/theorem-3.2/data"));
        setup = setup with { KernelPrediction = kernelPrediction(setup.KernelPrediction) };
        int reps = options.Long ? 4 : 3;
        var rows = WideNetVsKernel.Run(setup, widths, reps, 0.3, 64, 1e-6, 5000, Rng.Derive(options.Seed, F($"ntk-slides/theorem-3.2/L={layers}")));
        var (keys, means) = Trends.MeanBy(rows, r => r.Width, r => r.MaxError);
        int maxSteps = rows.Max(r => r.Steps);
        double worstResidual = rows.Max(r => r.FinalResidual);
        var figure = Trends.Plot(F($"Theorem 3.2: trained net vs NTK regression (L = {layers})"), "width m", "mean max_te |f_nn − f_ntk|", true, true,
            ("measured", keys, means), ("κ(m)", keys, keys.Select(m => 0.3 * Math.Pow(m / 64, -0.25)).ToArray()));
        var o = Trends.Decreasing(keys, means, options.Alpha, F($"L = {layers}: mean over {reps} nets of max over 4 test points of |f_nn − f_ntk| vs m"), figure, -0.25);
        return o with
        {
            Details = o.Details + F($"; errors {string.Join(", ", means.Select(v => v.ToString("G3", System.Globalization.CultureInfo.InvariantCulture)))} at m = {string.Join(", ", keys)}; GD took ≤ {maxSteps} steps (relative residual ≤ {worstResidual:G2}); the theorem's poly(·) widths are unspecified, so only the decay is tested"),
        };
    }
}
