using MathNet.Numerics.Distributions;
using NtkPure.Dynamics;
using NtkPure.Kernels;
using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Claims;

/// <summary>
/// The kernel statements of the seeds as executable claims. Identities against Monte Carlo are decided at a
/// stated confidence level: every claim below that compares with sampled nets uses α = <see cref="Alpha"/>, split
/// evenly over its instances and, by Bonferroni, over the entries of each instance's kernel; a correct formula is
/// refuted with probability ≤ α. Each claim's implementation is injectable (the Make* functions) so that tests can
/// feed a broken formula and see the claim refuted.
/// </summary>
public static class KernelClaims
{
    /// <summary>The family-wise false-refutation level of each Monte Carlo claim.</summary>
    public const double Alpha = 1e-3;

    /// <summary>
    /// The accuracy the quadrature is verified to in the tests (Gauss rules to 1e-12 on polynomials, closed forms to
    /// 1e-10 and better): comparisons of two quadrature routes allow this much per constant.
    /// </summary>
    public const double QuadratureAccuracy = 1e-12;

    private static string F(FormattableString s) => FormattableString.Invariant(s);

    /// <summary>n inputs in R^d with uniform directions and norms log-uniform in [lo, hi].</summary>
    private static Mat SpreadInputs(ref Rng rng, int n, int d, double lo, double hi)
    {
        var x = new double[n * d];
        for (int i = 0; i < n; i++)
        {
            var row = x.AsSpan(i * d, d);
            rng.FillSphere(row);
            double r = lo * Math.Pow(hi / lo, rng.NextDouble());
            for (int k = 0; k < d; k++)
                row[k] *= r;
        }
        return Mat.FromRowMajor(n, d, x);
    }

    /// <summary>
    /// Runs a statistical identity over its instances: instance i gets level α/trials, the first instance whose
    /// closed form leaves its interval makes the claim Refuted (replayable from its seed at the default split).
    /// </summary>
    private static Outcome Statistical(Claim claim, ClaimRunOptions options, Action<int, int>? progress, Func<ulong, double, Evidence> check)
    {
        int trials = options.Trials ?? claim.DefaultTrials;
        double alpha = Alpha / trials;
        double worst = double.PositiveInfinity;
        string worstDetails = "";
        for (int i = 0; i < trials; i++)
        {
            ulong seed = claim.InstanceSeed(options.Seed, i);
            var e = check(seed, alpha);
            progress?.Invoke(i + 1, trials);
            if (e.Margin < worst)
            {
                worst = e.Margin;
                worstDetails = e.Details;
            }
            if (e.Margin < 0)
                return new Outcome(Verdict.Refuted, i + 1, i + 1, e.Margin,
                    F($"outside its interval at instance {i} (family level α = {Alpha}, α/{trials} per instance): lhs {e.Lhs:G6}, rhs {e.Rhs:G6}; {e.Details}"), seed);
        }
        return new Outcome(Verdict.Holds, trials, trials, worst,
            F($"every entry inside its interval (family level α = {Alpha}, Bonferroni over {trials} instances and their entries); tightest: {worstDetails}"));
    }

    /// <summary>A claim decided against Monte Carlo: each instance checked at α/trials, replayable at the default split.</summary>
    private static Claim MonteCarloClaim(string id, string source, string statement, string hypotheses, int trials, Func<ulong, double, Evidence> check) =>
        new(id, source, statement, ClaimKind.Identity, hypotheses, trials, seed => check(seed, Alpha / trials))
        {
            Evaluate = (claim, options, progress) => Statistical(claim, options, progress, check),
        };

    /// <summary>One instance of a two-layer closed form against m sampled neurons.</summary>
    private static Evidence MonteCarloInstance(Mat x, Activation act, WeightDistribution dist, KernelTerms terms, Mat closed, int m, ulong seed, double alpha, string what)
    {
        var moments = MonteCarlo.Sample(x, act, dist, m, Rng.Derive(seed, "draws"));
        int n = x.Rows;
        var worst = MonteCarlo.WorstEntry(moments, terms, act, dist, closed, alpha, n * (n + 1) / 2);
        double estimate = moments.Mean(terms)[worst.Row, worst.Col];
        return new Evidence(estimate, closed[worst.Row, worst.Col], worst.Margin, true,
            F($"{what}: n = {n}, d = {x.Cols}, m = {m}; entry [{worst.Row},{worst.Col}] estimate {estimate:G8} vs {closed[worst.Row, worst.Col]:G8}, {worst.Bound} half-width {worst.HalfWidth:G3}"));
    }

    public static readonly Claim ReluNtkClosedForm = MakeReluNtkClosedForm(InfiniteWidth.ReluNtk);

    /// <summary>The two-layer ReLU NTK closed form with the closed form X ↦ K (n×n) supplied.</summary>
    public static Claim MakeReluNtkClosedForm(Func<Mat, Mat> closedForm)
    {
        const int trials = 6;
        Evidence Check(ulong seed, double alpha)
        {
            var rng = new Rng(Rng.Derive(seed, "sizes"));
            int n = Instances.Between(ref rng, 2, 8), d = Instances.Between(ref rng, 1, 6);
            var x = SpreadInputs(ref rng, n, d, 0.1, 10);
            return MonteCarloInstance(x, Activation.Relu, WeightDistribution.Gaussian(), KernelTerms.ReluNtk, closedForm(x), 1 << 15, seed, alpha,
                "f = √(2/m) Σ v_j σ(w_jᵀx), v_j = ±1, w_j ~ N(0, I), both layers");
        }
        return MonteCarloClaim(
            "ntk-slides/relu-ntk-closed-form",
            "ntk-slides (seed 002), \"NTK: Some properties\", 2-layer ReLU networks: the NTK",
            "f(x; θ) = √(2/m) Σ_j v_j σ(w_jᵀx); K(x, x') = 2(xᵀx')E_{w~N(0,I)}[1{wᵀx ≥ 0}1{wᵀx' ≥ 0}] + 2E_{w~N(0,I)}[(wᵀx)₊(wᵀx')₊] = ‖x‖‖x'‖κ(⟨x, x'⟩/‖x‖‖x'‖), κ(u) = uκ₀(u) + κ₁(u), κ₀(u) = (π − arccos u)/π, κ₁(u) = (u(π − arccos u) + √(1 − u²))/π",
            "E v_j² = 1 (v_j = ±1 here); inputs non-zero, any norms",
            trials,
            Check);
    }

    public static readonly Claim GInfinity = MakeGInfinity(InfiniteWidth.Hinf);

    /// <summary>G^∞ for any ν with the closed form X ↦ G^∞ (n×n) supplied.</summary>
    public static Claim MakeGInfinity(Func<Mat, Mat> closedForm)
    {
        const int trials = 6;
        Evidence Check(ulong seed, double alpha)
        {
            var rng = new Rng(Rng.Derive(seed, "sizes"));
            int n = Instances.Between(ref rng, 2, 8), d = Instances.Between(ref rng, 1, 6);
            var x = SpreadInputs(ref rng, n, d, 1, 1); // Assumption 1: ‖x_i‖ = 1
            double nu = Math.Pow(10, 4 * rng.NextDouble() - 2); // ν from 0.01 to 100
            return MonteCarloInstance(x, Activation.Relu, WeightDistribution.Gaussian(nu), KernelTerms.Hinf, closedForm(x), 1 << 15, seed, alpha,
                F($"w ~ N(0, ν²I) with ν = {nu:G4}"));
        }
        return MonteCarloClaim(
            "ntk-slides/g-infinity",
            "ntk-slides (seed 002), \"Natural Gradient Descent\": Assumption 1 and λ₀ = λ_min(G^∞), before Theorem 3",
            "G^∞_ij = E_{w~N(0,ν²I)}[x_iᵀx_j 1{wᵀx_i ≥ 0, wᵀx_j ≥ 0}] = x_iᵀx_j (π − arccos(x_iᵀx_j))/(2π)",
            "Assumption 1: ‖x_i‖₂ = 1; any ν > 0",
            trials,
            Check);
    }

    private const string MultilayerStatement =
        "Θ^(L)(x, x') = Σ_{h=1}^{L+1} (Σ^(h−1)(x, x')·Π_{h'=h}^{L+1} Σ̇^(h')(x, x')), Σ^(0)(x, x') = xᵀx', Λ^(h) = [[Σ^(h−1)(x,x), Σ^(h−1)(x,x')], [Σ^(h−1)(x',x), Σ^(h−1)(x',x')]], Σ^(h) = c_σ E_{(u,v)~N(0,Λ^(h))}[σ(u)σ(v)], Σ̇^(h) = c_σ E_{(u,v)~N(0,Λ^(h))}[σ̇(u)σ̇(v)], c_σ = (E_{z~N(0,1)}[σ(z)²])⁻¹; the NTK of f^(h) = W^(h)g^(h−1), g^(h) = √(c_σ/d_h)σ(f^(h)), weights i.i.d. N(0, 1)";

    public static readonly Claim MultilayerNtk = MakeMultilayerNtk((act, x, layers) => MultiLayerNtk.Of(act, x, layers, SigmaDotConvention.AsWritten).Theta);

    /// <summary>
    /// The recursion as written: Σ̇^(L+1) is the formula's c_σE[σ̇σ̇] under Λ^(L+1) (the slides give no other value).
    /// The formula (activation, X, L) ↦ Θ^(L) is supplied.
    /// </summary>
    public static Claim MakeMultilayerNtk(Func<Activation, Mat, int, Mat> formula) =>
        MultilayerClaim("ntk-slides/multilayer-ntk", MultilayerStatement,
            "ReLU or erf; ‖x‖ ≤ 1 (Theorem 3.1); Σ̇^(L+1) read as the formula, since the slides define no other value", formula);

    public static readonly Claim MultilayerNtkCorrected = MakeMultilayerNtkCorrected((act, x, layers) => MultiLayerNtk.Of(act, x, layers).Theta);

    /// <summary>The recursion with Arora et al.'s convention Σ̇^(L+1) := 1; the formula is supplied.</summary>
    public static Claim MakeMultilayerNtkCorrected(Func<Activation, Mat, int, Mat> formula) =>
        MultilayerClaim("ntk-slides/multilayer-ntk.corrected",
            MultilayerStatement + " — with Σ̇^(L+1) := 1 (Arora et al. 2019, \"On exact computation…\", eq. (7)). Changed: the slides' product runs to h' = L+1 without saying that its last factor is 1; the output layer f = W^(L+1)g^(L) is linear, so ∂f/∂W^(L+1) = g^(L) carries no σ̇ and the h = L+1 term is Σ^(L) alone.",
            "ReLU or erf; ‖x‖ ≤ 1 (Theorem 3.1)", formula);

    private static Claim MultilayerClaim(string id, string statement, string hypotheses, Func<Activation, Mat, int, Mat> formula)
    {
        const int trials = 4, width = 256, nets = 32;
        Evidence Check(ulong seed, double alpha)
        {
            var rng = new Rng(Rng.Derive(seed, "sizes"));
            var act = rng.NextInt(2) == 0 ? Activation.Relu : Activation.Erf;
            int layers = Instances.Between(ref rng, 1, 2), n = Instances.Between(ref rng, 2, 4), d = Instances.Between(ref rng, 2, 4);
            var x = SpreadInputs(ref rng, n, d, 0.5, 1.0);
            var theta = formula(act, x, layers);
            var samples = DeepEmpiricalNtk.Replicates(x, act, MultiLayerNtk.CSigma(act), layers, width, nets, Rng.Derive(seed, "nets"));
            // the nets are independent, so each entry's mean over them has a Student-t interval
            int count = n * (n + 1) / 2;
            double t = StudentT.InvCDF(0, 1, nets - 1, 1 - alpha / (2.0 * count));
            var worst = (Margin: double.PositiveInfinity, Row: 0, Col: 0, Mean: 0.0, Half: 0.0);
            for (int i = 0; i < n; i++)
                for (int j = 0; j <= i; j++)
                {
                    double mean = 0, sq = 0;
                    foreach (var s in samples)
                        mean += s[i, j];
                    mean /= nets;
                    foreach (var s in samples)
                        sq += (s[i, j] - mean) * (s[i, j] - mean);
                    double half = t * Math.Sqrt(sq / (nets - 1) / nets);
                    double margin = half - Math.Abs(mean - theta[i, j]);
                    if (double.IsNaN(margin))
                        margin = double.NegativeInfinity;
                    if (margin < worst.Margin)
                        worst = (margin, i, j, mean, half);
                }
            return new Evidence(worst.Mean, theta[worst.Row, worst.Col], worst.Margin, true,
                F($"{act.Name}, L = {layers}, n = {n}, d = {d}: entry [{worst.Row},{worst.Col}] mean of {nets} nets of width {width} {worst.Mean:G6} vs Θ^(L) {theta[worst.Row, worst.Col]:G6}, t half-width {worst.Half:G3}"));
        }
        return MonteCarloClaim(id, "ntk-slides (seed 002), Theorem 3.1 slide (Arora et al. 2019): Θ^(L), Σ^(h), Λ^(h), Σ̇^(h)", statement, hypotheses, trials, Check);
    }

    public static readonly Claim FeatureMap = MakeFeatureMap(FeatureMapNtk.Kernel);

    /// <summary>Lemma 1 with the feature-map kernel (X, depth) ↦ ⟨Φ_n(x_i), Φ_n(x_j)⟩ supplied.</summary>
    public static Claim MakeFeatureMap(Func<Mat, int, Mat> featureKernel) => new(
        "ntk-slides/feature-map",
        "ntk-slides (seed 002), Lemma 1 (NTK feature map for fully-connected network)",
        "The NTK for the fully-connected network can be defined as K(x, x') = ⟨Φ_n(x), Φ_n(x')⟩, with Φ₀(x) = Ψ₀(x) = x and for k ≥ 1, Ψ_k(x) = φ₁(Ψ_{k−1}(x)), Φ_k(x) = (φ₀(Ψ_{k−1}(x)) ⊗ Φ_{k−1}(x); φ₁(Ψ_{k−1}(x)))",
        ClaimKind.Identity,
        "ReLU; the fully-connected NTK is Θ^(n) of the recursion with c_σ = 2 and Σ̇^(n+1) := 1; inputs non-zero",
        100,
        seed =>
        {
            var rng = new Rng(seed);
            int n = Instances.Between(ref rng, 2, 8), d = Instances.Between(ref rng, 1, 6), depth = Instances.Between(ref rng, 1, 5);
            var x = SpreadInputs(ref rng, n, d, 0.1, 10);
            var feature = featureKernel(x, depth);
            var theta = MultiLayerNtk.Of(Activation.Relu, x, depth).Theta;
            var g = x.Gram();
            double worst = double.PositiveInfinity;
            string details = "";
            for (int i = 0; i < n; i++)
                for (int j = 0; j <= i; j++)
                {
                    // the feature map iterates κ(u) with arccos: the rounded cosine's error ε is amplified by 1/√(1 − u²)
                    double s = Math.Sqrt(g[i, i] * g[j, j]);
                    double u = Math.Clamp(g[i, j] / s, -1, 1);
                    double conditioning = 1 + 1 / Math.Sqrt(Math.Max(1 - u * u, Tolerance.Epsilon));
                    double tol = 64.0 * depth * depth * (depth + 1) * Tolerance.Epsilon * conditioning * s;
                    double margin = tol - Math.Abs(feature[i, j] - theta[i, j]);
                    if (double.IsNaN(margin))
                        margin = double.NegativeInfinity;
                    if (margin < worst)
                    {
                        worst = margin;
                        details = F($"depth {depth}, n = {n}, d = {d}: [{i},{j}] ⟨Φ, Φ'⟩ = {feature[i, j]:G17}, Θ^({depth}) = {theta[i, j]:G17}");
                    }
                }
            return new Evidence(feature.MaxAbs(), theta.MaxAbs(), worst, true, details);
        });

    public static readonly Claim LinearModel1 = MakeLinearModel1((act, t) => HuConstants.Of(act, t), HuKernels.Lin1);

    /// <summary>hu's first linear model with the constants (φ, Tr[Σ²]/d) ↦ (ζ, ν, …) and the kernel (X, constants) ↦ Θ^lin1 supplied.</summary>
    public static Claim MakeLinearModel1(Func<Activation, double, HuConstants> constants, Func<Mat, HuConstants, Mat> lin1) => new(
        "hu/linear-model-1",
        "hu (seed 004), §3 \"Linear model\" (ψ₁, ζ, ν) and \"Proof sketch\" (Θ^lin1)",
        "f^lin1(x; β) = βᵀψ₁(x), ψ₁(x) := (1/√d)(ζx; ν) with ζ = E[φ'(g)] and ν = E[gφ'(g)]·√(Tr[Σ²]/d); Θ^lin1 := ψ₁ψ₁ᵀ = (ζ²XXᵀ + ν²11ᵀ)/d",
        ClaimKind.Identity,
        "g ~ N(0, 1); data with covariance Σ, Tr[Σ] = d; φ with φ'(0) = 1 where kinked",
        60,
        seed =>
        {
            var rng = new Rng(seed);
            var acts = new[] { Activation.Relu, Activation.LeakyRelu(rng.NextDouble() - 0.5), Activation.Erf, Activation.Identity, Activation.Tanh, Activation.Softplus };
            var act = acts[rng.NextInt(acts.Length)];
            int n = Instances.Between(ref rng, 2, 10), d = Instances.Between(ref rng, 1, 8);
            var sigma = RandomCovariance(ref rng, d);
            var x = Datasets.Inputs(InputDistribution.Gaussian, n, d, Rng.Derive(seed, "X"), sigma);
            double trace = HuKernels.TraceSigmaSquaredOverD(sigma);
            var c = constants(act, trace);
            // the second route: Stein's lemma moves every derivative onto the Gaussian, so ζ = E[gφ(g)] and
            // E[gφ'(g)] = E[(g² − 1)φ(g)] use φ alone; closed forms where they exist
            var m = GaussianExpectations.Moments(act);
            double zeta = m.MeanGValue, nu = m.MeanHermiteValue * Math.Sqrt(trace);
            var parts = new List<Evidence>
            {
                Evidence.Equal(c.Zeta, zeta, new Tolerance(QuadratureAccuracy, 0), F($"{act.Name}: ζ = {c.Zeta:G15} vs E[gφ(g)] = {zeta:G15}")),
                Evidence.Equal(c.Nu, nu, new Tolerance(QuadratureAccuracy * (1 + Math.Sqrt(trace)), 0), F($"ν = {c.Nu:G15} vs E[(g²−1)φ(g)]·√(Tr Σ²/d) = {nu:G15}")),
            };
            if (GaussianExpectations.HasClosedForm(act))
            {
                var closed = HuConstants.ClosedForm(act, trace);
                parts.Add(Evidence.Equal(c.Zeta, closed.Zeta, new Tolerance(QuadratureAccuracy, 0), F($"ζ closed form {closed.Zeta:G15}")));
                parts.Add(Evidence.Equal(c.Nu, closed.Nu, new Tolerance(QuadratureAccuracy * (1 + Math.Sqrt(trace)), 0), F($"ν closed form {closed.Nu:G15}")));
            }
            // Θ^lin1 against ψ₁ψ₁ᵀ from explicit features built with the second route's constants
            var psi = new double[n * (d + 1)];
            for (int i = 0; i < n; i++)
            {
                for (int k = 0; k < d; k++)
                    psi[i * (d + 1) + k] = zeta * x[i, k] / Math.Sqrt(d);
                psi[i * (d + 1) + d] = nu / Math.Sqrt(d);
            }
            var features = Mat.FromRowMajor(n, d + 1, psi).Gram();
            var kernel = lin1(x, c);
            double scale = features.MaxAbs();
            var tol = new Tolerance(Tolerance.ForOperations(d + 1, scale).Absolute + 4 * QuadratureAccuracy * (1 + scale), 0);
            parts.Add(Evidence.Equal(Vec.Of(kernel.ToArray()), Vec.Of(features.ToArray()), tol, F($"Θ^lin1 vs ψ₁ψ₁ᵀ, n = {n}, d = {d}, Tr[Σ²]/d = {trace:G4}")));
            return Evidence.All([.. parts]);
        });

    /// <summary>A random SPD covariance with Tr Σ = d (hu's assumption): A·Aᵀ + I/10, rescaled.</summary>
    private static Mat RandomCovariance(ref Rng rng, int d)
    {
        var a = Instances.Gaussian(ref rng, d, d);
        var s = a.Gram() + 0.1 * Mat.Identity(d);
        double trace = 0;
        for (int k = 0; k < d; k++)
            trace += s[k, k];
        return (d / trace) * s;
    }

    public static readonly Claim BothLayers = MakeBothLayers((w, x, act) => HuKernels.Theta1(w, x, act) + HuKernels.Theta2(w, x, act),
        (x, c) => HuKernels.Lin1(x, c) + HuKernels.Lin2(x, c));

    /// <summary>hu's both-layer statement with the NTK (W, X, φ) ↦ K and the linear kernel (X, constants) ↦ K supplied.</summary>
    public static Claim MakeBothLayers(Func<Mat, Mat, Activation, Mat> bothLayerNtk, Func<Mat, HuConstants, Mat> linearKernel) => new(
        "hu/both-layers",
        "hu (seed 004), \"Training both layers\"",
        "NTK for training both layers is simply the sum of the first-layer NTK and the second-layer NTK; corresponding linear model should have its kernel being the sum of the kernels for linear models",
        ClaimKind.Identity,
        "f(x) = (1/√m)vᵀφ(Wx/√d) with the symmetric initialisation (v_r = ±1); Θ₁, Θ₂ and Θ^lin1, Θ^lin2 = ψ₂ψ₂ᵀ as defined in the seed",
        60,
        seed =>
        {
            var rng = new Rng(seed);
            var acts = new[] { Activation.Relu, Activation.LeakyRelu(0.1), Activation.Erf, Activation.Tanh, Activation.Softplus };
            var act = acts[rng.NextInt(acts.Length)];
            int n = Instances.Between(ref rng, 2, 8), d = Instances.Between(ref rng, 1, 6), m = 2 * Instances.Between(ref rng, 1, 20);
            var x = Datasets.Inputs(InputDistribution.Gaussian, n, d, Rng.Derive(seed, "X"));
            var net = Initialization.Net(InitScheme.Symmetric, m, d, Rng.Derive(seed, "net"), act, OutputScaling.Ntk, inputScaled: true);
            var j = Jacobian.Of(net, x); // both layers: W and v
            var viaJacobian = j.Gram();
            var ntk = bothLayerNtk(net.W, x, act);
            var tolNtk = Tolerance.ForOperations(4 * j.Cols, j.MaxAbs() * j.MaxAbs() * j.Cols);
            var empirical = Evidence.Equal(Vec.Of(ntk.ToArray()), Vec.Of(viaJacobian.ToArray()), tolNtk, F($"{act.Name}: J·Jᵀ over (W, v) vs Θ₁ + Θ₂, n = {n}, d = {d}, m = {m}"));
            // the linear model for both layers has the stacked features (ψ₁(x); ψ₂(x))
            var c = HuConstants.Of(act, 1.0);
            var psi1 = HuKernels.Psi1(x, c);
            var psi2 = HuKernels.Psi2(x, c);
            var stacked = new double[n * (psi1.Cols + psi2.Cols)];
            for (int i = 0; i < n; i++)
            {
                psi1.Row(i).CopyTo(stacked.AsSpan(i * (psi1.Cols + psi2.Cols)));
                psi2.Row(i).CopyTo(stacked.AsSpan(i * (psi1.Cols + psi2.Cols) + psi1.Cols));
            }
            var features = Mat.FromRowMajor(n, psi1.Cols + psi2.Cols, stacked).Gram();
            var lin = linearKernel(x, c);
            var tolLin = Tolerance.ForOperations(2 * (d + 2), 1 + features.MaxAbs());
            var linear = Evidence.Equal(Vec.Of(lin.ToArray()), Vec.Of(features.ToArray()), tolLin, "Θ^lin1 + Θ^lin2 vs the Gram of (ψ₁; ψ₂)");
            return Evidence.All(empirical, linear);
        });

    public static readonly Claim Lemma21 = MakeLemma21(InfiniteWidth.Hinf);

    /// <summary>lecture7 Lemma 2.1 with the catalog's parenthetical, H^∞ supplied (X ↦ n×n).</summary>
    public static Claim MakeLemma21(Func<Mat, Mat> hinf) => Lemma21Claim(
        "lecture7/lemma-2.1",
        "if x_i ∦ x_j, i ≠ j, then λ_min(H^∞) = λ₀ > 0 (and = 0 with a parallel pair)",
        "parallel: x_j = c·x_i for some c ≠ 0 (so antiparallel pairs are parallel, as in the hypothesis of DZPS Theorem 3.1); H^∞_ij = E_w[σ'(wᵀx_i)σ'(wᵀx_j)x_iᵀx_j], w ~ N(0, I)",
        corrected: false, hinf);

    public static readonly Claim Lemma21Corrected = MakeLemma21Corrected(InfiniteWidth.Hinf);

    /// <summary>The corrected form: λ_min = 0 is claimed only for a positively parallel pair.</summary>
    public static Claim MakeLemma21Corrected(Func<Mat, Mat> hinf) => Lemma21Claim(
        "lecture7/lemma-2.1.corrected",
        "if x_i ≠ c·x_j for all i ≠ j and c ≠ 0, then λ_min(H^∞) > 0; if x_j = c·x_i for some i ≠ j and c > 0, then λ_min(H^∞) = 0. Changed: \"= 0 with a parallel pair\" holds only for c > 0 — for x_j = −c·x_i the pair's block of H^∞ is diag(‖x_i‖², ‖x_j‖²)/2 (θ = π makes H^∞_ij = 0), which is positive definite.",
        "H^∞_ij = E_w[σ'(wᵀx_i)σ'(wᵀx_j)x_iᵀx_j], w ~ N(0, I); instances with an antiparallel pair test neither part",
        corrected: true, hinf);

    private static Claim Lemma21Claim(string id, string statement, string hypotheses, bool corrected, Func<Mat, Mat> hinf) => new(
        id,
        "lecture7 (seed 003), Lemma 2.1" + (corrected ? "; the \"= 0\" part from the catalog (CLAIMS.md), corrected" : "; the \"= 0 with a parallel pair\" part from the catalog (CLAIMS.md)"),
        statement,
        ClaimKind.Inequality,
        hypotheses,
        200,
        seed =>
        {
            var rng = new Rng(seed);
            int kind = rng.NextInt(4); // 0 random, 1 a nearly (anti)parallel pair, 2 a positive multiple, 3 a negative multiple
            int n = Instances.Between(ref rng, 2, 10), d = Instances.Between(ref rng, 2, 6);
            var x = SpreadInputs(ref rng, n, d, 0.2, 5).ToArray();
            int i0 = rng.NextInt(n), j0 = (i0 + 1 + rng.NextInt(n - 1)) % n;
            double c = (rng.NextSign()) * Math.Pow(2, Instances.Between(ref rng, -3, 3)); // a power of two: c·x_i is exact
            string pair;
            switch (kind)
            {
                case 1:
                {
                    // x_j = c·(x_i rotated by δ ∈ [1e-3, 1e-2] in a random plane): close to parallel, but not parallel
                    double delta = 1e-3 * Math.Pow(10, rng.NextDouble());
                    var u = new double[d];
                    rng.FillSphere(u);
                    var xi = x.AsSpan(i0 * d, d).ToArray();
                    double nx = Math.Sqrt(Blas.Dot(xi, xi)), along = Blas.Dot(u, xi) / nx;
                    for (int k = 0; k < d; k++)
                        u[k] -= along * xi[k] / nx;
                    double nu = Math.Sqrt(Blas.Dot(u, u));
                    for (int k = 0; k < d; k++)
                        x[j0 * d + k] = c * (Math.Cos(delta) * xi[k] + Math.Sin(delta) * nx * u[k] / nu);
                    pair = F($"x_{j0} = {c:G3}·(x_{i0} turned by {delta:G3})");
                    break;
                }
                case 2 or 3:
                {
                    c = kind == 2 ? Math.Abs(c) : -Math.Abs(c);
                    for (int k = 0; k < d; k++)
                        x[j0 * d + k] = c * x[i0 * d + k];
                    pair = F($"x_{j0} = {c:G3}·x_{i0}");
                    break;
                }
                default:
                    pair = "no parallel pair";
                    break;
            }
            var xm = Mat.FromRowMajor(n, d, x);
            var h = hinf(xm);
            double lambda = Spectral.MinEigenvalue(h);
            // rounding bound of the eigensolver on an n×n matrix with entries up to ‖H‖_max
            double tol = Tolerance.ForOperations(n * n * n, n * h.MaxAbs()).Absolute;
            string details = F($"n = {n}, d = {d}, {pair}: λ_min(H^∞) = {lambda:G6} (rounding bound {tol:G3})");
            if (kind <= 1)
                return new Evidence(lambda, tol, lambda - tol, true, "λ_min > 0 expected; " + details);
            if (kind == 3 && corrected)
                return Evidence.HypothesisFailed("an antiparallel pair: neither part applies; " + details);
            return new Evidence(lambda, 0, tol - Math.Abs(lambda), true, "λ_min = 0 expected (a parallel pair); " + details);
        });

    /// <summary>The claims of this file, in catalog order.</summary>
    public static IReadOnlyList<Claim> All =>
        [ReluNtkClosedForm, GInfinity, MultilayerNtk, MultilayerNtkCorrected, FeatureMap, LinearModel1, BothLayers, Lemma21, Lemma21Corrected];
}
