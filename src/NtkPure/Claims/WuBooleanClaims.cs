using NtkPure.Boolean;
using NtkPure.Experiments;
using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Claims;

/// <summary>
/// wu's hardness section (seed 001, "Learning intersections of halfspaces" to "Numerical evidence") as executable
/// claims: every identity is checked on every point of the cube, every inequality on instances where it is tight,
/// every rate by a sweep with a fitted exponent. Each <c>Make*</c> takes the implementation under test, so tests can
/// feed a broken one (a hat coefficient changed, a halfspace bias off by one, a variance with the wrong divisor)
/// and watch the claim fail.
/// </summary>
public static class WuBooleanClaims
{
    private static string F(FormattableString s) => FormattableString.Invariant(s);

    /// <summary>The confidence of the slope intervals of the asymptotic claims.</summary>
    public const double FitConfidence = 0.95;

    // ---------------------------------------------------------------------------------------------------------
    // σ_step from two ReLUs

    public static readonly Claim StepFromRelu = MakeStepFromRelu(Networks.StepFromRelu);

    /// <summary>The step identity with the network on (z, 1) supplied.</summary>
    public static Claim MakeStepFromRelu(Func<TwoLayerNet> network) => new(
        "wu/step-from-relu",
        "wu, \"Hardness of learning two-layer neural networks\", proof of Theorem 5",
        "σ_step(z) = ReLU(2z) − ReLU(2z − 1) for |z| ≥ 1/2, where σ_step(t) = 1(t ≥ 0)",
        ClaimKind.Identity,
        "|z| ≥ 1/2: every sampled z satisfies it (on 0 < z < 1/2 the two sides differ)",
        100,
        seed =>
        {
            var net = network();
            var rng = new Rng(seed);
            var zs = StepPoints(ref rng);
            double worst = double.PositiveInfinity, wz = 0, wl = 0, wr = 0;
            foreach (double z in zs)
            {
                double lhs = Networks.Step(z), rhs = Networks.At(net, z);
                // 2z and 2z − 1 are exact below 2^52; the two ReLUs and their difference add a few roundings of |2z|
                double m = Tolerance.ForOperations(4, 2 * Math.Abs(z) + 1).Margin(lhs, rhs);
                if (m < worst)
                    (worst, wz, wl, wr) = (m, z, lhs, rhs);
            }
            return new Evidence(wl, wr, worst, true, F($"{zs.Length} points with |z| ≥ ½ (±½ exactly, half-integers, random, large); worst at z = {wz:R}: σ_step = {wl}, ReLU(2z) − ReLU(2z − 1) = {wr:R}"));
        });

    private static double[] StepPoints(ref Rng rng)
    {
        var zs = new List<double> { 0.5, -0.5, Math.BitIncrement(0.5), Math.BitDecrement(-0.5) };
        for (int k = -6; k <= 5; k++)
            zs.Add(k + 0.5); // the values c(x) takes on the cube
        for (int i = 0; i < 24; i++)
            zs.Add(rng.NextSign() * (0.5 + 3.5 * rng.NextDouble()));
        for (int i = 0; i < 4; i++)
            zs.Add(rng.NextSign() * Math.Pow(10, 3 + 9 * rng.NextDouble()));
        return [.. zs];
    }

    // ---------------------------------------------------------------------------------------------------------
    // Intersections of halfspaces as the sign of a two-layer ReLU network

    private const string HalfspaceSource = "wu, \"Hardness of learning two-layer neural networks\", proof of Theorem 5";

    public static readonly Claim HalfspaceIntersectionAsWritten = MakeHalfspaceIntersection(HalfspaceIntersection.Network, HalfspaceIntersection.SeedPathNormBound);

    public static readonly Claim HalfspaceIntersectionCorrected = MakeHalfspaceIntersection(HalfspaceIntersection.Network, HalfspaceIntersection.PathNormBound, corrected: true);

    /// <summary>
    /// The halfspace claim with the network g and the path-norm bound supplied; <paramref name="corrected"/> names
    /// it <c>wu/halfspace-intersection.corrected</c> with the corrected bound's statement.
    /// </summary>
    public static Claim MakeHalfspaceIntersection(Func<IReadOnlyList<Halfspace>, TwoLayerNet> network, Func<IReadOnlyList<Halfspace>, double> bound, bool corrected = false) => new(
        corrected ? "wu/halfspace-intersection.corrected" : "wu/halfspace-intersection",
        HalfspaceSource,
        corrected
            ? "sign(g(x)) = h₁(x) ∧ … ∧ h_k(x) for all x ∈ {−1,1}^d, and g's path norm is at most (1/2k)(k + 1/3 + Σ_i (4‖w_i‖₁ + 4|b_i| + 3)). "
              + "Corrected: the seed's bound (1/2k)(k + 1/3 + Σ_i (2(2‖w_i‖₁ + |b_i| + 1/2) + 1)) counts 2|b_i| + 2 for the biases of halfspace i's two "
              + "neurons, which are |2b_i + 1| + |2b_i + 2| = 4b_i + 3 for b_i ∈ ℕ; the proof's conclusion (path norm poly(d)) is unchanged."
            : "With c_i(x) = w_iᵀx − b_i − 1/2 (w_i ∈ ℕ^d, b_i ∈ ℕ), h_i = σ_step(c_i) and g(x) = (1/2k)(Σ_i (ReLU(2c_i(x)) − ReLU(2c_i(x) − 1)) − k + 1/3): "
              + "sign(g(x)) = h₁(x) ∧ … ∧ h_k(x) for all x ∈ {−1,1}^d, and g is a two-layer ReLU network with path norm bounded by "
              + "(1/2k)(k + 1/3 + Σ_i (2(2‖w_i‖₁ + |b_i| + 1/2) + 1))",
        ClaimKind.Identity,
        "w_i ∈ ℕ^d, b_i ∈ ℕ (ℕ ∋ 0); path norm Σ_r |a_r|(‖w_r‖₁ + |c_r|) with the output bias counted as |a₀|; ∧ read as +1 (all h_i = 1) or −1",
        60,
        seed =>
        {
            var hs = Halfspaces(seed);
            int d = hs[0].Dimension, k = hs.Count;
            var net = network(hs);
            double pathNorm = Networks.PathNorm(net);
            // g(x) rounds (2k+1)(d+1) products and sums whose magnitudes add up to at most the path norm (|x_j| ≤ 1)
            var tol = Tolerance.ForOperations((2.0 * k + 1) * (d + 1), pathNorm);
            long n = Cube.Size(d);
            double minSg = double.PositiveInfinity;
            long wrong = 0, inside = 0, worstAt = 0;
            for (long start = 0; start < n; start += Cube.ChunkSize)
            {
                int count = (int)Math.Min(Cube.ChunkSize, n - start);
                var u = net.Predict(Cube.Points(d, CubeDomain.PlusMinus, start, count, bias: true));
                for (int j = 0; j < count; j++)
                {
                    ulong x = (ulong)(start + j);
                    double s = HalfspaceIntersection.Intersection(hs, x);
                    if (s > 0)
                        inside++;
                    double sg = s * u[j];
                    if (sg <= tol.Absolute)
                        wrong++;
                    if (sg < minSg)
                        (minSg, worstAt) = (sg, (long)x);
                }
            }
            var identity = new Evidence(minSg, 0, minSg - tol.Absolute, true,
                F($"sign(g) = h₁ ∧ … ∧ h_k on {n - wrong}/{n} points of {{−1,1}}^{d} (k = {k}, {inside} points in the intersection); min over x of (±1)·g(x) = {minSg:G6} at x #{worstAt}"));
            double b = bound(hs);
            var norm = Evidence.AtMost(pathNorm, b, Tolerance.ForOperations((2.0 * k + 1) * (d + 1), b).Absolute,
                F($"path norm of g = {pathNorm:G8} vs the bound {b:G8} ({Describe(hs)})"));
            return Evidence.All(identity, norm);
        });

    private static string Describe(IReadOnlyList<Halfspace> hs) =>
        string.Join("; ", hs.Select(h => F($"w = ({string.Join(",", h.W)}), b = {h.B}")));

    /// <summary>
    /// k ∈ [1, 6] halfspaces on {−1,1}^d, d ∈ [1, 10], w_i ∈ {0,…,3}^d with ‖w_i‖₁ ≥ 1 and b_i ∈ {0,…,‖w_i‖₁ − 1},
    /// so x = (1,…,1) lies in every halfspace and the intersection is never empty.
    /// </summary>
    public static IReadOnlyList<Halfspace> Halfspaces(ulong seed)
    {
        var rng = new Rng(Rng.Derive(seed, "halfspaces"));
        int d = Instances.Between(ref rng, 1, 10), k = Instances.Between(ref rng, 1, 6);
        var hs = new Halfspace[k];
        for (int i = 0; i < k; i++)
        {
            var w = new int[d];
            for (int j = 0; j < d; j++)
                w[j] = rng.NextInt(4);
            if (w.All(v => v == 0))
                w[rng.NextInt(d)] = 1 + rng.NextInt(3);
            int l1 = w.Sum();
            hs[i] = new Halfspace([.. w], rng.NextInt(l1));
        }
        return hs;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Parities are orthonormal

    /// <summary>The per-pair confidence of the Monte Carlo instances of <see cref="ParityOrthonormal"/>.</summary>
    public const double ParityMonteCarloConfidence = 1 - 1e-9;

    public static readonly Claim ParityOrthonormal = MakeParityOrthonormal(d => Parity.Gram(d), Parity.InnerProductMonteCarlo);

    /// <summary>
    /// Orthonormality with the Gram matrix (d ↦ 2^d×2^d) and the Monte Carlo inner product
    /// (d, v, w, samples, seed, confidence) supplied.
    /// </summary>
    public static Claim MakeParityOrthonormal(Func<int, Mat> gram, Func<int, ulong, ulong, long, ulong, double, Estimate> monteCarlo) => new(
        "wu/parity-orthonormal",
        "wu, \"Orthonormal class\", eqs. (0.1)–(0.2)",
        "F₁ = {f_v(x) = (−1)^{⟨v,x⟩} : v ∈ {0,1}^d} on x ∈ {0,1}^d with D = Unif({0,1}^d): ⟨f_v, f_v'⟩ = E_x[(−1)^{(v+v')ᵀx}] = δ_{v,v'}; "
        + "F₁ is an orthonormal class with |F₁| = 2^d",
        ClaimKind.Identity,
        "none. d ≤ 10: the full 2^d×2^d Gram matrix, exact, entry by entry; 13 ≤ d ≤ 63: Monte Carlo on chosen pairs (equal, one bit apart, random) "
        + "with a Hoeffding interval at confidence 1 − 10⁻⁹ per pair",
        40,
        seed =>
        {
            var rng = new Rng(seed);
            if (rng.NextInt(4) != 0)
            {
                int d = Instances.Between(ref rng, 1, 10);
                var g = gram(d);
                long n = Cube.Size(d);
                if (g.Rows != n || g.Cols != n)
                    return new Evidence(g.Rows, n, double.NegativeInfinity, true, F($"the Gram matrix is {g.Rows}×{g.Cols}, not {n}×{n}"));
                // every entry is a count over 2^d points divided by 2^d: exact, so the tolerance is a few ulps
                var tol = Tolerance.ForOperations(1, 1);
                double worst = double.PositiveInfinity, dev = 0;
                int wi = 0, wj = 0;
                for (int i = 0; i < n; i++)
                {
                    var row = g.Row(i);
                    for (int j = 0; j < n; j++)
                    {
                        double delta = i == j ? 1.0 : 0.0, m = tol.Margin(row[j], delta);
                        if (m < worst)
                            (worst, wi, wj) = (m, i, j);
                        dev = Math.Max(dev, Math.Abs(row[j] - delta));
                    }
                }
                return new Evidence(g[wi, wj], wi == wj ? 1 : 0, worst, true,
                    F($"exact Gram matrix of all {n} parities on {{0,1}}^{d}: max |⟨f_v, f_v'⟩ − δ| = {dev:G3}, worst entry (v = {wi}, v' = {wj}) = {g[wi, wj]:R}"));
            }
            else
            {
                int d = Instances.Between(ref rng, 13, Parity.MaxDimension);
                ulong mask = (1UL << d) - 1, v = rng.NextULong() & mask, w = rng.NextULong() & mask;
                int bit = rng.NextInt(d);
                var pairs = new[] { (v, v), (v, v ^ (1UL << bit)), (v, w), (0UL, 1UL << (d - 1)) };
                const long samples = 1 << 14;
                Evidence? worst = null;
                foreach (var (a, b) in pairs)
                {
                    var est = monteCarlo(d, a, b, samples, Rng.Derive(seed, F($"pair/{a}/{b}")), ParityMonteCarloConfidence);
                    double delta = a == b ? 1.0 : 0.0;
                    var e = new Evidence(est.Mean, delta, est.HalfWidth - Math.Abs(est.Mean - delta), true,
                        F($"Monte Carlo, d = {d}, {samples} points: ⟨f_{a:X}, f_{b:X}⟩ ≈ {est.Mean:G4} ± {est.HalfWidth:G3} (confidence 1 − 1e-9) vs δ = {delta}"));
                    if (worst is null || e.Margin < worst.Margin)
                        worst = e;
                }
                return worst!;
            }
        });

    // ---------------------------------------------------------------------------------------------------------
    // Parities as triangle-wave ReLU networks, and their path norm

    public static readonly Claim ParityAsReluNetwork = MakeParityAsReluNetwork(TriangleWave.ParityNetwork);

    /// <summary>The parity-network claim with the network builder (d, v) ↦ net on (x, 1) supplied.</summary>
    public static Claim MakeParityAsReluNetwork(Func<int, ulong, TwoLayerNet> build) => new Claim(
        "wu/parity-as-relu-network",
        "wu, \"Parity functions as two-layer neural networks\", eqs. (0.3)–(0.4)",
        "(−1)^{vᵀx} = σ_tri(vᵀx) = Σ_{i=0}^d (−1)^i σ_hat(vᵀx − i) = Σ_{i=0}^d (−1)^i (σ(2vᵀx − 2i + 1) − 2σ(2vᵀx − 2i) + σ(2vᵀx − 2i − 1)) "
        + "for v, x ∈ {0,1}^d, σ = ReLU; the path norm of this network is bounded by Cd²",
        ClaimKind.Asymptotic,
        "none. The identity on every x for all v (d ≤ 6) or 32 v's including 0 and 1…1 (7 ≤ d ≤ 12); the path norm of the v = 1…1 network "
        + "(the largest over v) swept over d ≤ 63 and fitted on log-log: an upper bound O(d²) is contradicted only by an interval above 2",
        30,
        seed => ParityNetworkIdentity(build, seed))
    {
        Evaluate = (claim, options, progress) =>
        {
            int trials = options.Trials ?? claim.DefaultTrials;
            var refuted = RunIdentityInstances(claim, options.Seed, trials, progress);
            if (refuted is not null)
                return refuted;
            int[] ds = [4, 6, 8, 12, 16, 24, 32, 48, 63];
            var norms = new double[ds.Length];
            for (int i = 0; i < ds.Length; i++)
                norms[i] = Networks.PathNorm(build(ds[i], (1UL << ds[i]) - 1));
            var fit = Statistics.FitLogLog([.. ds.Select(d => (double)d)], norms, FitConfidence);
            double c = 0;
            for (int i = 0; i < ds.Length; i++)
                c = Math.Max(c, norms[i] / ((double)ds[i] * ds[i]));
            var (ok, margin, text) = Exponent(fit, 2.0, Direction.Upper, "path norm vs d");
            return new Outcome(ok ? Verdict.Consistent : Verdict.Inconsistent, trials + ds.Length, trials + ds.Length, margin,
                F($"identity held on {trials} instances; {text}; path norms {string.Join(", ", ds.Select((d, i) => F($"d={d}: {norms[i]:G6}")))}; sup path norm/d² over the sweep C = {c:G5}"));
        },
    };

    private static Evidence ParityNetworkIdentity(Func<int, ulong, TwoLayerNet> build, ulong seed)
    {
        var rng = new Rng(seed);
        int d = Instances.Between(ref rng, 1, 12);
        long n = Cube.Size(d);
        var vs = new List<ulong>();
        if (n <= 64)
            for (ulong v = 0; v < (ulong)n; v++)
                vs.Add(v);
        else
        {
            vs.Add(0);
            vs.Add((ulong)n - 1);
            while (vs.Count < 32)
                vs.Add(Cube.RandomIndex(ref rng, d));
        }
        double worst = double.PositiveInfinity, wl = 0, wr = 0;
        ulong wv = 0;
        long wx = 0;
        foreach (var v in vs)
        {
            var net = build(d, v);
            // integer inputs and weights: every pre-activation and product is an exact integer; the tolerance is ulps of the path norm
            var tol = Tolerance.ForOperations(3.0 * (d + 1) * (d + 1), Networks.PathNorm(net));
            for (long start = 0; start < n; start += Cube.ChunkSize)
            {
                int count = (int)Math.Min(Cube.ChunkSize, n - start);
                var u = net.Predict(Cube.Points(d, CubeDomain.ZeroOne, start, count, bias: true));
                for (int j = 0; j < count; j++)
                {
                    double parity = Parity.Value(v, (ulong)(start + j)), m = tol.Margin(parity, u[j]);
                    if (m < worst)
                        (worst, wl, wr, wv, wx) = (m, parity, u[j], v, start + j);
                }
            }
        }
        return new Evidence(wl, wr, worst, true,
            F($"d = {d}, {vs.Count} parities on all {n} points; worst at v = {wv:X}, x = {wx:X}: (−1)^(vᵀx) = {wl}, network = {wr:R}"));
    }

    // ---------------------------------------------------------------------------------------------------------
    // The size of the cosine class

    public static readonly Claim CosineClassSize = MakeCosineClassSize(d => CosineClass.CountByEnumeration(d), d => (double)CosineClass.Count(d));

    /// <summary>The cosine-class claim with the enumeration (the definition) and the count used in the sweep supplied.</summary>
    public static Claim MakeCosineClassSize(Func<int, long> enumerate, Func<int, double> count) => new Claim(
        "wu/cosine-class-size",
        "wu, \"Parity functions as two-layer neural networks\" (cosine class on [0, 2π]^d), eq. (0.5)",
        "S_d = {cos(wᵀx) : w ∈ ℕ^d, Σ_i w_i ≤ d} has |S_d| ≳ 2^d/√d",
        ClaimKind.Asymptotic,
        "ℕ = {0, 1, 2, …} (with ℕ = {1, 2, …}, S_d = {cos(1ᵀx)} and |S_d| = 1). The count C(2d, d) is checked against a walk over every w (d ≤ 12), "
        + "then |S_d|·√d is fitted against 2^d for 2 ≤ d ≤ 60: a lower bound is contradicted only by an exponent interval below 1",
        12,
        seed =>
        {
            var rng = new Rng(seed);
            int d = Instances.Between(ref rng, 1, CosineClass.EnumerationLimit);
            long walked = enumerate(d);
            double counted = count(d);
            return Evidence.Equal(walked, counted, Tolerance.ForOperations(d, counted), F($"d = {d}: {walked} vectors w ∈ ℕ^d with Σw ≤ d, count {counted:R}"));
        })
    {
        Evaluate = (claim, options, progress) =>
        {
            int trials = options.Trials ?? claim.DefaultTrials;
            var refuted = RunIdentityInstances(claim, options.Seed, trials, progress);
            if (refuted is not null)
                return refuted;
            var ds = Enumerable.Range(2, 59).ToArray();
            var x = ds.Select(d => Math.Pow(2, d)).ToArray();
            var y = ds.Select(d => count(d) * Math.Sqrt(d)).ToArray();
            var fit = Statistics.FitLogLog(x, y, FitConfidence);
            double c = double.PositiveInfinity;
            for (int i = 0; i < ds.Length; i++)
                c = Math.Min(c, y[i] / x[i]);
            var (ok, margin, text) = Exponent(fit, 1.0, Direction.Lower, "|S_d|·√d vs 2^d");
            return new Outcome(ok ? Verdict.Consistent : Verdict.Inconsistent, trials + ds.Length, trials + ds.Length, margin,
                F($"count = walk on {trials} instances; {text}; inf over the sweep of |S_d|/(2^d/√d) = {c:G5} (|S_d| = C(2d, d) ~ 4^d/√(πd): the bound holds with room 2^d)"));
        },
    };

    // ---------------------------------------------------------------------------------------------------------
    // Theorem 7: the gradient variance over an orthonormal class

    private const string Theorem7Source = "wu, \"Gradients for an orthonormal class\", Theorem 7, eq. (0.7) and its proof (0.8)–(0.10)";

    public static readonly Claim Theorem7AsWritten = MakeTheorem7(GradientVariance.Of, corrected: false);

    public static readonly Claim Theorem7Corrected = MakeTheorem7(GradientVariance.Of, corrected: true);

    /// <summary>
    /// Theorem 7 with the computation (model, class, risk normalisation) ↦ report supplied, and optionally the instance
    /// generator (seed ↦ model, class; <see cref="GradientVarianceInstance"/> by default). As written the risk is
    /// R^f = E_x[(h − f)²]; the corrected claim takes R^f = ½E_x[(h − f)²], the normalisation under which the
    /// proof's first line ∇R^f = E_x[(h − f)∇h] holds, and also checks the proof's steps (0.8) and (0.10).
    /// </summary>
    public static Claim MakeTheorem7(Func<ParametricModel, FunctionClass, RiskNormalisation, GradientVarianceReport> compute, bool corrected,
        Func<ulong, (ParametricModel Model, FunctionClass Class)>? instances = null) => new(
        corrected ? "wu/theorem-7.corrected" : "wu/theorem-7",
        Theorem7Source,
        corrected
            ? "With R^f(θ) = ½E_x[(h(x; θ) − f(x))²] (or, equivalently, with R^f as written and the bound multiplied by 4): for an orthonormal class F, "
              + "E_{f∼P}[‖∇R^f(θ) − g(θ)‖²] ≤ E_x[‖∇_θh(x; θ)‖²]/|F|, through (0.8) E_f‖∇R^f − g‖² ≤ E_f‖⟨f, ∇_θh⟩‖² and (0.10) Σ_f ‖⟨f, ∇_θh⟩‖² ≤ E_x‖∇_θh‖². "
              + "Corrected: the seed defines R^f = E_x[(h − f)²], whose gradient is 2E_x[(h − f)∇h], not the E_x[(h − f)∇h] its proof uses; the variance then carries a factor 4."
            : "Let h(·; θ) be any parametric model, R^f(θ) = E_x[(h(x; θ) − f(x))²], F an orthonormal class, P uniform on F and g(θ) = E_{f∼P}[∇R^f(θ)]. "
              + "Then E_{f∼P}[‖∇R^f(θ) − g(θ)‖²] ≤ E_x[‖∇_θh(x; θ)‖²]/|F|",
        ClaimKind.Inequality,
        "F orthonormal (checked: its exact Gram matrix is the identity). Exact enumeration over x ∈ {0,1}^d (d ≤ 8) and over F; F is all 2^d parities "
        + "(two thirds of the instances) or a random subset; the model is a two-layer net or a random-feature model (ReLU, tanh, erf, softplus, with or "
        + "without biases). For bias-free nets with σ(0) = 0 and all parities, ∇h(0; θ) = 0 and (0.7) is an equality: the slack is the rounding bound only",
        60,
        seed =>
        {
            var (model, cls) = (instances ?? GradientVarianceInstance)(seed);
            var gram = cls.Gram();
            double dev = 0;
            for (int i = 0; i < gram.Rows; i++)
                for (int j = 0; j < gram.Cols; j++)
                    dev = Math.Max(dev, Math.Abs(gram[i, j] - (i == j ? 1.0 : 0.0)));
            if (dev > Tolerance.ForOperations(Cube.Size(cls.Dimension), 1).Absolute)
                return Evidence.HypothesisFailed(F($"{cls.Name} is not orthonormal: max |⟨f_i, f_j⟩ − δ_ij| = {dev:G3}"));
            var r = compute(model, cls, corrected ? RiskNormalisation.Half : RiskNormalisation.AsWritten);
            var main = Evidence.AtMost(r.Variance, r.Bound, r.Slack,
                F($"(0.7): E_f‖∇R^f − g‖² = {r.Variance:G12} vs E_x‖∇h‖²/|F| = {r.Bound:G12}, ratio {r.Tightness:G12}; {model.Name}, {cls.Name}, P = {r.ParameterCount}"));
            if (!corrected)
                return main;
            var step08 = Evidence.AtMost(r.Variance, r.SecondMoment, r.Slack, F($"(0.8): variance {r.Variance:G12} ≤ E_f‖⟨f, ∇h⟩‖² = {r.SecondMoment:G12}"));
            var step10 = Evidence.AtMost(r.BesselSum, r.GradientSquare, r.Slack * r.ClassSize, F($"(0.10): Σ_f ‖⟨f, ∇h⟩‖² = {r.BesselSum:G12} ≤ E_x‖∇h‖² = {r.GradientSquare:G12}"));
            return Evidence.All(main, step08, step10);
        });

    /// <summary>
    /// A Theorem 7 instance: d ∈ [1, 8]; a two-layer net (NTK or no output scaling) or random-feature model of width
    /// m ∈ [1, 12] with Gaussian parameters, activation ReLU, tanh, erf or softplus, biases one time in four; the class
    /// all 2^d parities (two times in three) or K distinct random parities.
    /// </summary>
    public static (ParametricModel Model, FunctionClass Class) GradientVarianceInstance(ulong seed)
    {
        var rng = new Rng(Rng.Derive(seed, "theorem-7"));
        int d = Instances.Between(ref rng, 1, 8), m = Instances.Between(ref rng, 1, 12);
        bool bias = rng.NextInt(4) == 0;
        var acts = new[] { Activation.Relu, Activation.Tanh, Activation.Erf, Activation.Softplus };
        var act = acts[rng.NextInt(acts.Length)];
        int inputDim = d + (bias ? 1 : 0);
        var w = Instances.Gaussian(ref rng, m, inputDim);
        var a = Vec.Of(Instances.Gaussian(ref rng, m, 1).ToArray());
        var model = rng.NextInt(3) == 0
            ? ParametricModel.RandomFeatures(w, a, act, bias)
            : ParametricModel.TwoLayer(new TwoLayerNet(w, a, act, rng.NextSign() > 0 ? OutputScaling.Ntk : OutputScaling.None), bias);
        FunctionClass cls;
        if (rng.NextInt(3) != 0)
            cls = FunctionClass.AllParities(d);
        else
        {
            int n = (int)Cube.Size(d), k = Instances.Between(ref rng, 1, n);
            var all = new ulong[n];
            for (int i = 0; i < n; i++)
                all[i] = (ulong)i;
            for (int i = 0; i < k; i++)
            {
                int j = i + rng.NextInt(n - i);
                (all[i], all[j]) = (all[j], all[i]);
            }
            cls = FunctionClass.Parities(d, all[..k]);
        }
        return (model, cls);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Theorem 8: GD on parities stays near θ₀

    private const string Theorem8Source = "wu, \"Hardness of learning with GD\", Theorem 8, eq. (0.12) and its proof (0.13)–(0.17)";

    /// <summary>The escape threshold: E_f‖θ_t^f − θ₀‖² = 0.01, a root-mean-square move of 0.1.</summary>
    public const double EscapeThreshold = 0.01;

    /// <summary>Width of the tanh net in the Theorem 8 experiments.</summary>
    public const int DriftWidth = 8;

    public static readonly Claim Theorem8 = MakeTheorem8(ParityDrift.Run);

    /// <summary>
    /// One drift instance at dimension d: the model of <see cref="ParityDrift.Model"/> (width <see cref="DriftWidth"/>),
    /// all parities up to 2^d = 512 (a uniform sample of 512 beyond), the flow up to T = 2·2^{d/2}·√(c/G(θ₀)) — twice
    /// the escape time a ballistic drift at the Bessel rate √(G(θ₀)/2^d) would need — in <paramref name="steps"/> RK4 steps.
    /// </summary>
    public static DriftCurve Drift(Func<TwoLayerNet, IReadOnlyList<ulong>, bool, double, int, DriftCurve> run, int d, ulong seed, int steps = 8)
    {
        var net0 = ParityDrift.Model(d, DriftWidth, Rng.Derive(seed, F($"drift/d={d}")));
        var (vs, all) = ParityDrift.Choose(d, 512, seed);
        double time = 2 * Math.Pow(2, d / 2.0) * Math.Sqrt(EscapeThreshold / ParityDrift.G(net0));
        return run(net0, vs, all, time, steps);
    }

    /// <summary>Theorem 8 with the drift simulation (net₀, parities, all?, T, RK4 steps) ↦ curve supplied.</summary>
    public static Claim MakeTheorem8(Func<TwoLayerNet, IReadOnlyList<ulong>, bool, double, int, DriftCurve> run) => new Claim(
        "wu/theorem-8",
        Theorem8Source,
        "If sup_x |h(x; θ)| ≤ 1 and E_x‖∇_θh(x; θ₁) − ∇_θh(x; θ₂)‖² ≤ L‖θ₁ − θ₂‖², then for GD on the hinge risk R^f(θ) = E_x[max(0, 1 − h(x; θ)f(x))] "
        + "over an orthonormal class of size 2^d, E_f‖θ_t^f − θ₀‖² ≤ C₁(e^{C₂t/2^{d/2}} − 1) with C₁, C₂ depending only on L and θ₀",
        ClaimKind.Asymptotic,
        "h = tanh∘g, g a width-8 tanh net with inputs scaled by 1/√d (so sup|h| < 1 for every θ and G(θ₀) stays comparable across d); f all parities "
        + "on {0,1}^d (a sample of 512 beyond d = 9); the gradient flow of the exact population risk by RK4. The seed's form makes the time to reach "
        + "E_f‖θ_t^f − θ₀‖² = 0.01 at least ∝ 2^{d/2}: the escape time (in units of 1/√G(θ₀), the θ₀-dependence the proof's constants carry) is "
        + "fitted against 2^d (claimed exponent ≥ 1/2), and at a fixed time E_f‖θ_t^f − θ₀‖²/G(θ₀) against 2^d (the seed's form decays like 2^{−d/2}: "
        + "claimed exponent ≤ −1/2)",
        6,
        seed =>
        {
            var rng = new Rng(seed);
            int d = Instances.Between(ref rng, 3, 7);
            var c = Drift(run, d, seed);
            double tau = c.EscapeTime(EscapeThreshold);
            return new Evidence(tau, Math.Pow(2, d / 2.0), double.PositiveInfinity, c.MaxAbsOutput <= 1,
                F($"d = {d}: escape time {tau:G6} = {tau / Math.Pow(2, d / 2.0):G4}·2^(d/2); sup|h| = {c.MaxAbsOutput:G4}, measured L ≈ {c.EmpiricalL:G3}, G(θ₀) = {c.G0:G4}"));
        })
    {
        Evaluate = (claim, options, progress) =>
        {
            int dims = Math.Clamp(options.Trials ?? claim.DefaultTrials, 3, options.Long ? 8 : 6);
            var ds = Enumerable.Range(3, dims).ToArray();
            ulong seed = Rng.Derive(options.Seed, claim.Id);
            var curves = new DriftCurve[ds.Length];
            for (int i = 0; i < ds.Length; i++)
            {
                curves[i] = Drift(run, ds[i], seed);
                progress?.Invoke(i + 1, ds.Length);
            }
            int held = curves.Count(c => c.MaxAbsOutput <= 1);
            if (held < ds.Length)
                return new Outcome(Verdict.Vacuous, ds.Length, held, double.NaN, "sup|h| ≤ 1 failed on some dimension: the hinge is not linear there");
            var taus = curves.Select(c => c.EscapeTime(EscapeThreshold)).ToArray();
            int censored = taus.Count(double.IsPositiveInfinity);
            for (int i = 0; i < taus.Length; i++)
                if (double.IsPositiveInfinity(taus[i]))
                    taus[i] = curves[i].Times[^1]; // not reached: a lower bound, which only helps the claim
            // C₁, C₂ may depend on θ₀; the proof's bound depends on it through G(θ₀) (δ_t ≲ 2^{2−d/2}√(G(θ₀)/2)·t early on),
            // so times are measured in units of 1/√G(θ₀) and squared distances in units of G(θ₀) before comparing dimensions.
            var x = ds.Select(d => Math.Pow(2, d)).ToArray();
            var scaledTaus = taus.Select((t, i) => t * Math.Sqrt(curves[i].G0)).ToArray();
            var escape = Statistics.FitLogLog(x, scaledTaus, FitConfidence);
            var (okEscape, mEscape, tEscape) = Exponent(escape, 0.5, Direction.Lower, "escape time·√G(θ₀) vs 2^d");
            double t0 = curves.Min(c => c.Times[^1]);
            var fixedTime = Statistics.FitLogLog(x, curves.Select(c => c.At(t0) / c.G0).ToArray(), FitConfidence);
            var (okFixed, mFixed, tFixed) = Exponent(fixedTime, -0.5, Direction.Upper, F($"E_f‖θ_t − θ₀‖²/G(θ₀) at t = {t0:G4} vs 2^d"));
            double kappa = scaledTaus.Select((t, i) => t / Math.Sqrt(x[i])).Min();
            bool ok = okEscape && okFixed;
            string escapes = string.Join(", ", taus.Select((t, i) => F($"d={ds[i]}: {t:G4}")));
            string notReached = censored > 0 ? F($" ({censored} not reached: the horizon used)") : "";
            return new Outcome(ok ? Verdict.Consistent : Verdict.Inconsistent, ds.Length, held, Math.Min(mEscape, mFixed),
                F($"d = {ds[0]}…{ds[^1]}; {tEscape}; {tFixed}; escape times {escapes}{notReached}; implied constant inf τ√G(θ₀)/2^(d/2) = {kappa:G4}; measured L ≤ {curves.Max(c => c.EmpiricalL):G3}"));
        },
    };

    public static readonly Claim Theorem8Step015 = MakeTheorem8Step015(ParityDrift.Run);

    /// <summary>The proof step (0.15) of Theorem 8 along the flow, with the drift simulation supplied.</summary>
    public static Claim MakeTheorem8Step015(Func<TwoLayerNet, IReadOnlyList<ulong>, bool, double, int, DriftCurve> run) => new(
        "wu/theorem-8.step-0.15",
        Theorem8Source,
        "Along the GD flow, d/dt E_f‖θ_t^f − θ₀‖² = 2E_f⟨θ_t^f − θ₀, −∇R^f(θ_t^f)⟩ (0.14) ≤ 2^{1−d/2} √(E_f‖θ_t^f − θ₀‖²·E_f G(θ_t^f)) (0.15), "
        + "G(θ) = E_x‖∇_θh(x; θ)‖²",
        ClaimKind.Inequality,
        "the model and flow of wu/theorem-8 (sup|h| < 1 for every θ, so the hinge is 1 − hf), d ∈ [3, 6], all 2^d parities, width m ∈ [2, 8]; "
        + "(0.15) uses neither L nor the bound on G, only Cauchy–Schwarz and E_f‖∇R^f‖² ≤ E_f G/2^d. Checked at the 8 times a 16-step and an 8-step "
        + "RK4 run share; the slack is the difference between the two runs plus rounding",
        12,
        seed =>
        {
            var rng = new Rng(seed);
            int d = Instances.Between(ref rng, 3, 6), m = Instances.Between(ref rng, 2, 8);
            var net0 = ParityDrift.Model(d, m, Rng.Derive(seed, "net"));
            var (vs, all) = ParityDrift.Choose(d, 64, seed);
            double time = 2 * Math.Pow(2, d / 2.0) * Math.Sqrt(EscapeThreshold / ParityDrift.G(net0));
            var coarse = run(net0, vs, all, time, 8);
            var fine = run(net0, vs, all, time, 16);
            if (fine.MaxAbsOutput > 1)
                return Evidence.HypothesisFailed(F($"sup|h| = {fine.MaxAbsOutput} > 1"));
            double scale = Math.Pow(2, 1 - d / 2.0);
            Evidence? worst = null;
            // only at the times both grids share, where the 8-step run measures the discretisation error of the 16-step one
            for (int r = 2; r < fine.Times.Count; r += 2)
            {
                double lhs = 2 * fine.Inner[r], rhs = scale * Math.Sqrt(fine.MeanSquaredDistance[r] * fine.ModelGradientSquare[r]);
                double lc = 2 * coarse.Inner[r / 2], rhsCoarse = scale * Math.Sqrt(coarse.MeanSquaredDistance[r / 2] * coarse.ModelGradientSquare[r / 2]);
                double slack = Math.Abs(lc - lhs) + Math.Abs(rhsCoarse - rhs)
                    + Tolerance.ForOperations(Cube.Size(d) * (double)net0.ParameterCount, Math.Abs(lhs) + rhs).Absolute;
                var e = Evidence.AtMost(lhs, rhs, slack,
                    F($"d = {d}, m = {m}, t = {fine.Times[r]:G4}: 2E_f⟨θ − θ₀, −∇R^f⟩ = {lhs:G10} vs 2^(1−d/2)√(E‖θ − θ₀‖²·E_f G) = {rhs:G10} (ratio {lhs / rhs:G8}); ")
                    + F($"the Bessel step at θ_t^f: E_f‖∇R^f(θ_t^f)‖² = {fine.RiskGradientSquare[r]:G8} vs E_f G(θ_t^f)/2^d = {fine.ModelGradientSquare[r] / Cube.Size(d):G8}"));
                if (worst is null || e.Margin < worst.Margin)
                    worst = e;
            }
            return worst!;
        });

    // ---------------------------------------------------------------------------------------------------------
    // Figure 1: online SGD on parities

    public static readonly Claim ParitySgdClaim = MakeParitySgd(o => o.Long ? ParitySgdSpec.Default(o.Seed) : ParitySgdSpec.Quick(o.Seed));

    /// <summary>The confidence of the accuracy intervals of <see cref="ParitySgdClaim"/>.</summary>
    public const double SgdConfidence = 0.999;

    /// <summary>The experiment claim with the sizes (from the run options) supplied.</summary>
    public static Claim MakeParitySgd(Func<ClaimRunOptions, ParitySgdSpec> spec) => new Claim(
        "wu/parity-sgd",
        "wu, \"Numerical evidence\", Figure 1",
        "Learning parity functions with online SGD, a two-layer network (width 2000), hinge loss, batch 2000, learning rate 0.002: when d = 20 the training "
        + "process does not show any improvement in a reasonable time",
        ClaimKind.Experiment,
        "the quick sizes (width 128, batch 128, learning rate 0.05, 1500 steps, d ∈ {4, 8, 16}; --long: width 256, 4000 steps, d up to 20). Reproduced "
        + "when, at confidence 0.999 (Clopper–Pearson on the test set), the smallest d reaches test accuracy ≥ 0.9 and the largest stays below 0.6",
        1,
        _ => Evidence.HypothesisFailed("an experiment: run it whole"))
    {
        Evaluate = (claim, options, progress) =>
        {
            var s = spec(options);
            var rows = ParitySgd.Run(s, progress);
            int dMin = s.Dimensions.Min(), dMax = s.Dimensions.Max();
            var first = rows.Last(r => r.D == dMin);
            var last = rows.Last(r => r.D == dMax);
            var lowSmall = Accuracy(first.TestAccuracy, s.TestSize);
            var lowLarge = Accuracy(last.TestAccuracy, s.TestSize);
            double margin = Math.Min(lowSmall.Lower - 0.9, 0.6 - lowLarge.Upper);
            string finals = string.Join(", ", s.Dimensions.Select(d => F($"d={d}: {rows.Last(r => r.D == d).TestAccuracy:F3}")));
            return new Outcome(margin >= 0 ? Verdict.Reproduced : Verdict.NotReproduced, s.Dimensions.Count, s.Dimensions.Count, margin,
                F($"after {s.Steps} steps (width {s.Width}, batch {s.Batch}, lr {s.LearningRate}): test accuracy {finals}; d = {dMin}: [{lowSmall.Lower:F3}, {lowSmall.Upper:F3}], ")
                + F($"d = {dMax}: [{lowLarge.Lower:F3}, {lowLarge.Upper:F3}] at confidence {SgdConfidence}"));
        },
    };

    /// <summary>The Clopper–Pearson interval on an accuracy measured on n test points.</summary>
    private static (double Lower, double Upper) Accuracy(double accuracy, int n)
    {
        int wrong = n - (int)Math.Round(accuracy * n);
        var ci = Statistics.ClopperPearson(wrong, n, 1 - SgdConfidence);
        return (1 - ci.Upper, 1 - ci.Lower);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Shared by the asymptotic claims

    private enum Direction
    {
        /// <summary>The quantity grows at most like x^p (O, ≲): only an interval wholly above p contradicts it.</summary>
        Upper,

        /// <summary>The quantity grows at least like x^p (Ω, ≳): only an interval wholly below p contradicts it.</summary>
        Lower,
    }

    /// <summary>
    /// Compares a fitted exponent with the claimed one. For a one-sided claim (O or Ω with an unstated constant) the
    /// fit contradicts it only when the whole interval lies on the wrong side; the details say where the claimed
    /// exponent fell. The margin is the distance from the claimed exponent to the far end of the interval.
    /// </summary>
    private static (bool Consistent, double Margin, string Text) Exponent(LogLogFit fit, double claimed, Direction direction, string what)
    {
        string where = fit.SlopeInside(claimed) ? "inside" : claimed < fit.SlopeLower ? "below" : "above";
        double margin = direction == Direction.Upper ? claimed - fit.SlopeLower : fit.SlopeUpper - claimed;
        string kind = direction == Direction.Upper ? "at most" : "at least";
        return (margin >= 0, margin,
            F($"{what}: fitted exponent {fit.Slope:G4}, {fit.Confidence:P0} interval [{fit.SlopeLower:G4}, {fit.SlopeUpper:G4}] over {fit.Points} points, implied constant {fit.Constant:G4}; claimed {kind} {claimed:G3} ({where} the interval)"));
    }

    /// <summary>Runs the per-instance identity of an asymptotic claim; the first violation is returned as Refuted.</summary>
    private static Outcome? RunIdentityInstances(Claim claim, ulong runSeed, int trials, Action<int, int>? progress)
    {
        for (int i = 0; i < trials; i++)
        {
            ulong s = claim.InstanceSeed(runSeed, i);
            var e = claim.Check(s);
            progress?.Invoke(i + 1, trials);
            if (e.Margin < 0)
                return new Outcome(Verdict.Refuted, i + 1, i + 1, e.Margin, F($"violated at instance {i}: lhs {e.Lhs:G6}, rhs {e.Rhs:G6}; {e.Details}"), s);
        }
        return null;
    }

    /// <summary>The claims of this file, in catalog order.</summary>
    public static IReadOnlyList<Claim> All =>
    [
        StepFromRelu, HalfspaceIntersectionAsWritten, HalfspaceIntersectionCorrected, ParityOrthonormal, ParityAsReluNetwork,
        CosineClassSize, Theorem7AsWritten, Theorem7Corrected, Theorem8, Theorem8Step015, ParitySgdClaim,
    ];
}
