using NtkPure.Dynamics;
using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Claims;

/// <summary>
/// wu (001_8640b94a4c5a7cfa.txt, Lei Wu, "Training neural networks: dynamics and convergence"): the classical
/// gradient-flow results (Theorems 1–3), the kernel regime of f_m(x; θ) = Σ_j a_j σ(b_jᵀx) from a = 0,
/// b_j ~ Unif(S^{d−1}) (Theorem 10, Lemmas 11–12 and the steps of Lemma 11's proof, the smoothness bound), and the
/// comparison with the random-feature model (Theorem 13, Lemma 14, lazy training, Figure 2). The Boolean-cube
/// statements of the same seed live in their own file.
/// </summary>
public static partial class WuClaims
{
    private static string F(FormattableString s) => FormattableString.Invariant(s);

    private const string Seed = "wu";

    /// <summary>The claims of this file, in catalog order.</summary>
    public static IReadOnlyList<Claim> All =>
    [
        Theorem1,
        Theorem2,
        Theorem3,
        Theorem3Corrected,
        Theorem10,
        Lemma11,
        Lemma11Corrected,
        Lemma11Hoeffding,
        Lemma11HoeffdingCorrected,
        Lemma11UnionBound,
        Lemma11UnionBoundCorrected,
        Lemma11Weyl,
        Lemma12,
        Lemma12Corrected,
        Smoothness,
        SmoothnessCorrected,
        Theorem13,
        Theorem13Rate,
        Lemma14,
        LazyTraining,
        NnVsRfm,
    ];

    // ───────────────────────────── gradient flows with error bars ─────────────────────────────

    /// <summary>The flow solved on a grid and on its halving (<see cref="FlowPairs.Solve"/>).</summary>
    internal static FlowPair Solve(Rhs f, Vec y0, double time, double h, double tol = 1e-9, Func<Vec, Vec>? observe = null, int maxHalvings = 14, bool strict = true) =>
        FlowPairs.Solve(f, y0, time, h, tol, observe, maxHalvings, strict);

    // ───────────────────────────── Theorems 1–3 on objectives with known infima ─────────────────────────────

    /// <summary>One gradient-flow instance: an objective, a start, a horizon, and which family it came from.</summary>
    internal sealed record FlowCase(Objective Objective, Vec Theta0, double Time, string Family);

    internal enum Purpose
    {
        Theorem1,
        Theorem2,
        Theorem3,
        Theorem3Corrected,
    }

    private static double LogUniform(ref Rng rng, double lo, double hi) => lo * Math.Exp(rng.NextDouble() * Math.Log(hi / lo));

    private static Vec Gaussian(ref Rng rng, int n, double scale = 1.0)
    {
        var v = new double[n];
        rng.FillGaussian(v, scale);
        return Vec.Of(v);
    }

    private static Vec Sphere(ref Rng rng, int n)
    {
        var v = new double[n];
        rng.FillSphere(v);
        return Vec.Of(v);
    }

    /// <summary>
    /// A random instance for <paramref name="purpose"/>: least squares (any rank), logistic regression on separable
    /// data (inf 0, not attained), ridge-logistic regression, pseudo-Huber, cosh(‖θ‖/s) − 1, Rosenbrock and a tanh
    /// two-layer net (the non-convex ones, Theorem 1 only), and the tight instances of each theorem: pseudo-Huber far
    /// from its minimum for Theorems 1 and 2 (unit speed), least squares started on the slowest eigenvector for the
    /// corrected Theorem 3 (an equality for all t).
    /// </summary>
    internal static FlowCase ClassicCase(ulong seed, Purpose purpose)
    {
        var rng = new Rng(Rng.Derive(seed, "classic"));
        string[] families = purpose switch
        {
            Purpose.Theorem1 => ["least-squares", "logistic-separable", "ridge-logistic", "pseudo-huber", "cosh", "rosenbrock", "net", "tight-huber", "tight-huber"],
            Purpose.Theorem2 => ["least-squares", "logistic-separable", "ridge-logistic", "pseudo-huber", "cosh", "rosenbrock", "tight-huber", "tight-huber"],
            Purpose.Theorem3 => ["least-squares", "least-squares", "logistic-separable", "ridge-logistic", "pseudo-huber", "cosh", "cosh"],
            _ => ["least-squares", "ridge-logistic", "pseudo-huber", "cosh", "tight-least-squares", "tight-least-squares"],
        };
        string family = families[rng.NextInt(families.Length)];
        switch (family)
        {
            case "least-squares":
            case "tight-least-squares":
            {
                int n = Instances.Between(ref rng, 2, 8), p = Instances.Between(ref rng, 1, 6);
                int r = Instances.Between(ref rng, 1, Math.Min(n, p));
                var o = Objectives.LeastSquares(Instances.Gaussian(ref rng, n, r), Instances.Gaussian(ref rng, r, p), Gaussian(ref rng, n));
                double scale = LogUniform(ref rng, 0.01, 10);
                Vec theta0;
                if (family == "tight-least-squares")
                {
                    // θ₀ − θ* on the eigenvector of AᵀA for σ_r²: the residual decays exactly like e^{−Ct}
                    var aTa = HessianOf(o, p);
                    var eig = SymmetricEigen.Of(aTa);
                    var v = Vec.Create(p, i => eig.Vectors[i, p - r]);
                    theta0 = o.NearestMinimizer!(Vec.Zeros(p)) + scale * v;
                }
                else
                    theta0 = o.NearestMinimizer!(Vec.Zeros(p)) + Gaussian(ref rng, p, scale);
                double time = Math.Min(10 / o.PlConstant!(theta0), 200 / o.Smoothness(theta0));
                return new FlowCase(o, theta0, time, family);
            }
            case "logistic-separable":
            {
                int n = Instances.Between(ref rng, 2, 10), p = Instances.Between(ref rng, 1, 5);
                var s = Sphere(ref rng, p);
                double gamma = 0.1 + 0.9 * rng.NextDouble();
                var x = new double[n * p];
                var y = new double[n];
                for (int i = 0; i < n; i++)
                {
                    var xi = x.AsSpan(i * p, p);
                    rng.FillGaussian(xi);
                    double dot = Blas.Dot(xi, s.Span);
                    y[i] = dot >= 0 ? 1 : -1;
                    Blas.Axpy(y[i] * gamma, s.Span, xi); // push every point γ further from the separating hyperplane
                }
                var o = Objectives.Logistic(Mat.FromRowMajor(n, p, x), Vec.Of(y), 0.0, s);
                var theta0 = Gaussian(ref rng, p, 0.5);
                return new FlowCase(o, theta0, LogUniform(ref rng, 20, 400) / (4 * Math.Max(o.Smoothness(theta0), 1e-3)), family);
            }
            case "ridge-logistic":
            {
                int n = Instances.Between(ref rng, 2, 10), p = Instances.Between(ref rng, 1, 5);
                var x = Instances.Gaussian(ref rng, n, p);
                var yy = new double[n];
                for (int i = 0; i < n; i++)
                    yy[i] = rng.NextSign();
                double mu = LogUniform(ref rng, 0.02, 1);
                var o = Objectives.Logistic(x, Vec.Of(yy), mu);
                var theta0 = o.NearestMinimizer!(Vec.Zeros(p)) + Gaussian(ref rng, p, LogUniform(ref rng, 0.01, 3));
                return new FlowCase(o, theta0, 10 / o.PlConstant!(theta0), family);
            }
            case "pseudo-huber":
            {
                int p = Instances.Between(ref rng, 1, 4);
                double eps = LogUniform(ref rng, 0.05, 1);
                var o = Objectives.PseudoHuber(p, eps);
                var theta0 = LogUniform(ref rng, 0.1, 30) * Sphere(ref rng, p);
                return new FlowCase(o, theta0, theta0.Norm2() + 10 * eps, family);
            }
            case "tight-huber":
            {
                // ‖∇R‖ ≈ 1 all the way from r₀ to the origin: Theorem 1's bound is within a fraction of a per
                // cent at t ≈ r₀, and Theorem 2's ratio (R(θ_t) − R*)·2t/‖θ₀‖² reaches ≈ ½ at t = r₀/2.
                int p = Instances.Between(ref rng, 1, 3);
                var o = Objectives.PseudoHuber(p, 1.0);
                double r0 = LogUniform(ref rng, 50, 400);
                return new FlowCase(o, r0 * Sphere(ref rng, p), r0 - 2 * rng.NextDouble(), family);
            }
            case "cosh":
            {
                int p = Instances.Between(ref rng, 1, 4);
                double s = LogUniform(ref rng, 0.5, 8);
                var o = Objectives.CoshNorm(p, s);
                var theta0 = LogUniform(ref rng, 0.05, 3) * s * Sphere(ref rng, p);
                return new FlowCase(o, theta0, 5 * s * s, family);
            }
            case "rosenbrock":
            {
                var o = Objectives.Rosenbrock(LogUniform(ref rng, 1, 4));
                var theta0 = Vec.Of(4 * rng.NextDouble() - 2, 4 * rng.NextDouble() - 2);
                return new FlowCase(o, theta0, LogUniform(ref rng, 1, 10), family);
            }
            default:
            {
                // a non-convex net whose infimum 0 is certified by full-rank features (m ≥ n, generic data)
                while (true)
                {
                    int n = Instances.Between(ref rng, 2, 5), d = Instances.Between(ref rng, 1, 3), m = Instances.Between(ref rng, n, 8);
                    var data = Datasets.Synthetic(InputDistribution.Sphere, n, d, rng.NextULong());
                    var w = Instances.Gaussian(ref rng, m, d);
                    var net = new TwoLayerNet(w, Gaussian(ref rng, m, 1.0 / Math.Sqrt(m)), Activation.Tanh, OutputScaling.None);
                    if (Objectives.NetSquaredLoss(net, data) is { } o)
                        return new FlowCase(o, net.Flatten(), LogUniform(ref rng, 1, 20), family);
                }
            }
        }
    }

    /// <summary>The Hessian of a quadratic objective, column by column from its gradient (exact for quadratics).</summary>
    private static Mat HessianOf(Objective o, int p)
    {
        var g0 = o.Gradient(Vec.Zeros(p));
        var h = new double[p * p];
        for (int k = 0; k < p; k++)
        {
            var e = new double[p];
            e[k] = 1;
            var col = o.Gradient(Vec.Of(e)) - g0;
            for (int i = 0; i < p; i++)
                h[i * p + k] = col[i];
        }
        var hm = Mat.FromRowMajor(p, p, h);
        return 0.5 * (hm + hm.Transpose());
    }

    /// <summary>
    /// lhs ≤ rhs up to an absolute error bar, with the margin relative to max(lhs, rhs): (rhs − lhs + slack)/rhs when
    /// the bound holds, and above −1 when it fails, so that instances of very different scales compare (the worst
    /// instance is the tightest, not the largest).
    /// </summary>
    private static Evidence Relative(double lhs, double rhs, double slack, string details)
    {
        double scale = Math.Max(rhs, lhs);
        double m = scale > 0 ? (rhs - lhs + slack) / scale : slack - lhs;
        return new Evidence(lhs, rhs, double.IsNaN(m) ? double.NegativeInfinity : m, true, details);
    }

    /// <summary>
    /// The tightest of the evidences <paramref name="at"/> returns for points 0 … count − 1 (null: nothing to check
    /// there); a failed hypothesis at any point is returned at once, since the conclusion is then not in question.
    /// </summary>
    private static Evidence? Tightest(int count, Func<int, Evidence?> at)
    {
        Evidence? worst = null;
        for (int j = 0; j < count; j++)
        {
            var e = at(j);
            if (e is null)
                continue;
            if (!e.HypothesisHeld)
                return e;
            if (worst is null || e.Margin < worst.Margin)
                worst = e;
        }
        return worst;
    }

    private static FlowPair SolveCase(FlowCase c, Rhs flow) =>
        Solve(flow, c.Theta0, c.Time, Math.Min(0.5 / c.Objective.Smoothness(c.Theta0), c.Time / 8));

    /// <summary>The gradient flow under test: the objective's own −∇R unless a test supplies a broken one.</summary>
    private static Rhs DefaultFlow(Objective o) => o.Flow;

    public static readonly Claim Theorem1 = MakeTheorem1(DefaultFlow);

    /// <summary>Theorem 1 with the flow (objective ↦ right-hand side) supplied.</summary>
    public static Claim MakeTheorem1(Func<Objective, Rhs> flow) => new(
        "wu/theorem-1",
        $"{Seed}, \"A brief review of classical results for gradient descent\", Theorem 1 (non-convex)",
        "For any t > 0, min_{s∈[0,t]} ‖∇R̂_n(θ_s)‖ ≤ √((R̂_n(θ₀) − inf_θ R̂_n(θ))/t) along the GD flow dθ_t/dt = −∇R̂_n(θ_t).",
        ClaimKind.Inequality,
        "R̂_n differentiable with a known infimum (least squares, separable logistic regression where inf = 0 is not attained, ridge-logistic, pseudo-Huber, cosh, Rosenbrock, a tanh net with full-rank features); checked at every grid time t_k of an RK4 solution, with the step-halving difference and the largest second difference of ‖∇R‖ along the grid (how far the minimum can dip between grid points) as the error bar; tight instances start pseudo-Huber far from its minimum, where the bound is within 2 %",
        60,
        seed =>
        {
            var c = ClassicCase(seed, Purpose.Theorem1);
            var o = c.Objective;
            var sol = SolveCase(c, flow(o));
            double gap0 = o.Excess(c.Theta0);
            int nf = sol.Fine.States.Count;
            var g = new double[nf];
            for (int k = 0; k < nf; k++)
                g[k] = o.Gradient(sol.Fine.States[k]).Norm2();
            // The continuous minimum over [0, t] is at most the grid minimum (so a bound that holds on the grid holds),
            // and at least the grid minimum less the dip of ‖∇R(θ_s)‖ below its chord between grid points, which the
            // largest second difference bounds for a smooth trajectory.
            double minFine = double.PositiveInfinity, minAtCoarse = double.PositiveInfinity, minCoarse = double.PositiveInfinity, dip = 0;
            Evidence? worst = null;
            for (int j = 0; j < sol.CoarsePoints; j++)
            {
                for (int k = Math.Max(0, 2 * j - 1); k <= 2 * j; k++)
                {
                    minFine = Math.Min(minFine, g[k]);
                    if (k >= 1 && k + 1 < nf)
                        dip = Math.Max(dip, Math.Abs(g[k + 1] - 2 * g[k] + g[k - 1]));
                }
                minAtCoarse = Math.Min(minAtCoarse, g[2 * j]);
                minCoarse = Math.Min(minCoarse, o.Gradient(sol.Coarse.States[j]).Norm2());
                double t = sol.TimeAt(j);
                if (t <= 0)
                    continue;
                double rhs = Math.Sqrt(gap0 / t);
                double slack = Math.Abs(minAtCoarse - minCoarse) + dip + Math.Sqrt(o.ExcessError(c.Theta0) / t)
                    + Tolerance.ForOperations(o.Dimension * 8, minFine).Absolute;
                var e = Relative(minFine, rhs, slack,
                    F($"{o.Name} ({c.Family}), t = {t:G6}: min_s ‖∇R‖ = {minFine:G8} vs √((R(θ₀) − inf R)/t) = {rhs:G8}, error bar {slack:G3}"));
                if (worst is null || e.Margin < worst.Margin)
                    worst = e;
            }
            return worst!;
        });

    public static readonly Claim Theorem2 = MakeTheorem2(DefaultFlow);

    /// <summary>Theorem 2 with the flow supplied.</summary>
    public static Claim MakeTheorem2(Func<Objective, Rhs> flow) => new(
        "wu/theorem-2",
        $"{Seed}, \"A brief review of classical results for gradient descent\", Theorem 2",
        "Assume that R̂_n is convex and the minimizer is given by θ* with ‖θ*‖₂ < ∞. Then R̂_n(θ_t) − R̂_n(θ*) ≤ ‖θ* − θ₀‖₂²/(2t).",
        ClaimKind.Conditional,
        "R̂_n convex (by construction) with an attained minimum; θ* is the minimiser nearest θ₀ (the strongest choice); the first-order convexity inequality towards θ* (all the proof uses) is verified along the trajectory; separable logistic regression (no minimiser) and Rosenbrock (not convex) are instances where the hypothesis fails",
        60,
        seed =>
        {
            var c = ClassicCase(seed, Purpose.Theorem2);
            var o = c.Objective;
            if (!o.Convex)
                return Evidence.HypothesisFailed($"{o.Name} is not convex");
            if (o.NearestMinimizer is null)
                return Evidence.HypothesisFailed($"{o.Name}: the infimum is not attained (no θ* with ‖θ*‖ < ∞)");
            var star = o.NearestMinimizer(c.Theta0);
            double d2 = (star - c.Theta0).NormSquared();
            var sol = SolveCase(c, flow(o));
            return Tightest(sol.CoarsePoints, j =>
            {
                var theta = sol.FineAt(j);
                double ex = o.Excess(theta), bar = Math.Abs(ex - o.Excess(sol.Coarse.States[j])) + o.ExcessError(theta);
                // convexity towards θ*: R(θ) − R(θ*) ≤ ∇R(θ)ᵀ(θ − θ*)
                double first = o.Gradient(theta).Dot(theta - star), t = sol.TimeAt(j);
                if (ex > first + bar + Tolerance.ForOperations(o.Dimension * 4, Math.Abs(first) + ex).Absolute)
                    return Evidence.HypothesisFailed(F($"{o.Name}: R(θ) − R(θ*) = {ex:G6} > ∇R(θ)ᵀ(θ − θ*) = {first:G6} at t = {t:G4}"));
                if (t <= 0)
                    return null;
                double rhs = d2 / (2 * t);
                return Relative(ex, rhs, bar + Tolerance.ForOperations(o.Dimension * 4, rhs).Absolute,
                    F($"{o.Name} ({c.Family}), t = {t:G6}: R(θ_t) − R(θ*) = {ex:G8} vs ‖θ* − θ₀‖²/(2t) = {rhs:G8} (ratio {ex / rhs:G4})"));
            })!;
        });

    public static readonly Claim Theorem3 = MakeTheorem3(DefaultFlow, squared: false);

    public static readonly Claim Theorem3Corrected = MakeTheorem3(DefaultFlow, squared: true) with
    {
        Id = "wu/theorem-3.corrected",
        Statement = "If ‖∇R̂_n(θ)‖₂² ≥ C(R̂_n(θ) − inf_θ R̂_n(θ)) (the squared norm: the usual Polyak–Łojasiewicz condition), then R̂_n(θ_t) − inf_θ R̂_n(θ) ≤ e^{−Ct}(R̂_n(θ₀) − inf_θ R̂_n(θ)). The seed writes the first power, which is not invariant under rescaling θ (C then has the units of 1/θ, not of a rate) and does not imply exponential decay; with the square, d/dt(R − inf R) = −‖∇R‖² ≤ −C(R − inf R) and Grönwall gives the conclusion.",
        Hypotheses = "‖∇R‖² ≥ C(R − inf R) on the sublevel set {R ≤ R(θ₀)} with C from the family (least squares 2σ_r²/n, ridge-logistic 2μ, pseudo-Huber at r₀, cosh 2/s²), verified at every grid point; least squares started on the slowest eigenvector makes the conclusion an equality",
    };

    /// <summary>Theorem 3 with the flow supplied; <paramref name="squared"/> selects the corrected (usual) PL condition.</summary>
    public static Claim MakeTheorem3(Func<Objective, Rhs> flow, bool squared) => new(
        "wu/theorem-3",
        $"{Seed}, \"Convergence of GD (Cont'd)\", the PL condition and Theorem 3",
        "R̂_n is said to satisfy the Polyak-Lojasiewicz (PL) condition if ‖∇R̂_n(θ)‖₂ ≥ C(R̂_n(θ) − inf_θ R̂_n(θ)). Theorem 3: under the PL condition, R̂_n(θ_t) − inf_θ R̂_n(θ) ≤ e^{−Ct}(R̂_n(θ₀) − inf_θ R̂_n(θ)).",
        ClaimKind.Conditional,
        "the PL condition as written (first power of ‖∇R‖) with a constant C valid on the sublevel set {R ≤ R(θ₀)}, which contains the whole flow (least squares √(2σ_r²/(nΔ₀)), ridge-logistic √(2μ/Δ₀), separable logistic γ·ρ(e^{nR₀} − 1), pseudo-Huber at r₀) or globally (cosh(‖θ‖/s) − 1 with C = 1/s); the condition is verified at every grid point",
        60,
        seed =>
        {
            var c = ClassicCase(seed, squared ? Purpose.Theorem3Corrected : Purpose.Theorem3);
            var o = c.Objective;
            var constant = squared ? o.PlConstant : o.LinearPlConstant;
            if (constant is null)
                return Evidence.HypothesisFailed($"{o.Name}: no PL constant is known");
            double cpl = constant(c.Theta0);
            var sol = SolveCase(c, flow(o));
            double gap0 = o.Excess(c.Theta0);
            return Tightest(sol.CoarsePoints, j =>
            {
                var theta = sol.FineAt(j);
                double ex = o.Excess(theta), bar = Math.Abs(ex - o.Excess(sol.Coarse.States[j])) + o.ExcessError(theta);
                double g = o.Gradient(theta).Norm2(), t = sol.TimeAt(j);
                double lhsPl = squared ? g * g : g;
                if (lhsPl + Tolerance.ForOperations(o.Dimension * 8, lhsPl).Absolute < cpl * (ex - bar))
                    return Evidence.HypothesisFailed(F($"{o.Name}: the PL condition fails at t = {t:G4}: ‖∇R‖{(squared ? "²" : "")} = {lhsPl:G6} < C·(R − inf R) = {cpl * ex:G6}"));
                if (t <= 0)
                    return null; // an equality at t = 0
                double rhs = Math.Exp(-cpl * t) * gap0;
                return Relative(ex, rhs, bar + o.ExcessError(c.Theta0) + Tolerance.ForOperations(8, rhs).Absolute,
                    F($"{o.Name} ({c.Family}), C = {cpl:G6}, t = {t:G6}: R(θ_t) − inf R = {ex:G8} vs e^{{−Ct}}(R(θ₀) − inf R) = {rhs:G8}"));
            })!;
        });
}
