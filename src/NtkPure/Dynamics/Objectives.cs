using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Dynamics;

/// <summary>
/// A differentiable objective R: ℝ^p → ℝ together with what the classical gradient-flow theorems (wu, Theorems
/// 1–3) need to be checked exactly rather than estimated: its infimum, the minimiser nearest to a start (when the
/// infimum is attained), the Polyak–Łojasiewicz constants valid on the sublevel set of a start, and a bound on
/// ‖∇²R‖ there (the flow never leaves {R ≤ R(θ₀)}, so these regional constants are the ones the proofs use).
/// <see cref="Excess"/> returns R(θ) − inf R computed without subtracting two large numbers wherever the family
/// allows it, and <see cref="ExcessError"/> bounds its rounding error.
/// </summary>
/// <param name="Name">A short description with the sizes.</param>
/// <param name="Dimension">p, the length of θ.</param>
/// <param name="Excess">θ ↦ R(θ) − inf R ≥ 0.</param>
/// <param name="ExcessError">θ ↦ an absolute bound on the rounding error of <see cref="Excess"/>(θ).</param>
/// <param name="Gradient">θ ↦ ∇R(θ) (length p).</param>
/// <param name="Infimum">inf R (known by construction, not estimated).</param>
/// <param name="NearestMinimizer">θ₀ ↦ the minimiser closest to θ₀; null when the infimum is not attained.</param>
/// <param name="Convex">Whether R is convex (by construction).</param>
/// <param name="Smoothness">θ₀ ↦ an upper bound on ‖∇²R‖₂ over {R ≤ R(θ₀)} (sets the integration step).</param>
/// <param name="PlConstant">θ₀ ↦ C with ‖∇R(θ)‖² ≥ C·(R(θ) − inf R) on {R ≤ R(θ₀)} (the usual PL condition); null if none is known.</param>
/// <param name="LinearPlConstant">θ₀ ↦ C with ‖∇R(θ)‖ ≥ C·(R(θ) − inf R) on {R ≤ R(θ₀)} (the first power, as wu writes PL); null if none is known.</param>
public sealed record Objective(
    string Name,
    int Dimension,
    Func<Vec, double> Excess,
    Func<Vec, double> ExcessError,
    Func<Vec, Vec> Gradient,
    double Infimum,
    Func<Vec, Vec>? NearestMinimizer,
    bool Convex,
    Func<Vec, double> Smoothness,
    Func<Vec, double>? PlConstant = null,
    Func<Vec, double>? LinearPlConstant = null
)
{
    /// <summary>R(θ) = inf R + (R(θ) − inf R).</summary>
    public double Value(Vec theta) => Infimum + Excess(theta);

    /// <summary>The gradient flow dθ/dt = −∇R(θ) (wu, "GD flow").</summary>
    public Rhs Flow => (_, theta) => -1.0 * Gradient(theta);

    public override string ToString() => Name;
}

/// <summary>Families of objectives whose infimum, minimisers and PL constants are known in closed form.</summary>
public static class Objectives
{
    private static string F(FormattableString s) => FormattableString.Invariant(s);

    /// <summary>
    /// Least squares R(θ) = (1/2n)‖Aθ − y‖² with A = F·G given by a full-rank factorisation (F: n×r of full column
    /// rank, G: r×p of full row rank), so rank A = r is known exactly. inf R = (1/2n)‖(I − P)y‖² with P the
    /// projector onto range(F); the minimiser nearest θ₀ is θ₀ − A⁺(Aθ₀ − Py) with A⁺ = Gᵀ(GGᵀ)⁻¹(FᵀF)⁻¹Fᵀ; the
    /// PL constant is 2σ_r²/n with σ_r the smallest non-zero singular value of A, valid everywhere.
    /// </summary>
    public static Objective LeastSquares(Mat f, Mat g, Vec y)
    {
        int n = f.Rows, r = f.Cols, p = g.Cols;
        if (g.Rows != r || y.Length != n)
            throw new ArgumentException($"F is {n}×{r}, G is {g.Rows}×{p} and y has {y.Length} entries");
        var a = f * g;
        var lf = Cholesky.Lower(f.TransposeMultiply(f)); // FᵀF = L Lᵀ
        var lg = Cholesky.Lower(g.Gram());              // GGᵀ = L Lᵀ
        Vec Project(Vec v) => f * SolveSpd(lf, f.TransposeTimes(v)); // P v = F (FᵀF)⁻¹ Fᵀ v
        Vec Pinv(Vec v) => g.TransposeTimes(SolveSpd(lg, SolveSpd(lf, f.TransposeTimes(v))));
        var py = Project(y);
        var rest = y - py;
        double inf = rest.NormSquared() / (2.0 * n);
        var spectrum = SymmetricEigen.Of(a.Gram()).Values; // the non-zero eigenvalues of AAᵀ are those of AᵀA
        double sigmaR2 = spectrum[n - r], lmax = spectrum[n - 1];
        double amax = a.MaxAbs(), ymax = y.NormInf();
        // Residual entries v_i = (Aθ)_i − (Py)_i carry rounding ≲ c·(p + n·r)·ε·(Σ_j|A_ij θ_j| + |Py_i|).
        double ExcessError(Vec theta)
        {
            var v = a * theta - py;
            double dv = 4 * (p + n * r + 4) * Tolerance.Epsilon * (amax * SumAbs(theta) + ymax) * Math.Sqrt(n);
            return (2 * v.Norm2() * dv + dv * dv) / (2.0 * n);
        }
        return new Objective(
            F($"least squares n = {n}, p = {p}, rank {r}"),
            p,
            theta => (a * theta - py).NormSquared() / (2.0 * n),
            ExcessError,
            theta => (1.0 / n) * a.TransposeTimes(a * theta - y),
            inf,
            theta0 => theta0 - Pinv(a * theta0 - py),
            Convex: true,
            Smoothness: _ => lmax / n,
            PlConstant: _ => 2 * sigmaR2 / n,
            // On {Δ ≤ Δ₀}: ‖∇R‖ ≥ √(C·Δ) ≥ √(C/Δ₀)·Δ.
            LinearPlConstant: theta0 => Math.Sqrt(2 * sigmaR2 / n / Math.Max((a * theta0 - py).NormSquared() / (2.0 * n), double.Epsilon)));
    }

    /// <summary>
    /// Logistic loss R(θ) = (1/n)Σ_i log(1 + exp(−y_i θᵀx_i)) + (μ/2)‖θ‖² for X: n×p, y ∈ {±1}ⁿ. With μ = 0 and
    /// data separated by <paramref name="separator"/> (y_i·sᵀx_i &gt; 0 for all i, checked) the infimum 0 is
    /// approached along c·s, c → ∞, and not attained. With μ &gt; 0 the minimiser is found by Newton's method to
    /// ‖∇R‖ ≤ 1e-14 (its distance to the true minimiser is at most ‖∇R‖/μ), R is μ-strongly convex and the PL
    /// constant is 2μ.
    /// </summary>
    public static Objective Logistic(Mat x, Vec y, double mu, Vec? separator = null)
    {
        int n = x.Rows, p = x.Cols;
        if (y.Length != n)
            throw new ArgumentException($"X has {n} rows and y has {y.Length} entries");
        double Raw(Vec theta)
        {
            double s = 0;
            for (int i = 0; i < n; i++)
                s += Softplus(-y[i] * Blas.Dot(x.Row(i), theta.Span));
            return s / n + 0.5 * mu * theta.NormSquared();
        }
        Vec Grad(Vec theta)
        {
            var c = new double[n];
            for (int i = 0; i < n; i++)
                c[i] = -y[i] * Sigmoid(-y[i] * Blas.Dot(x.Row(i), theta.Span)) / n;
            return x.TransposeTimes(Vec.Of(c)).AddScaled(mu, theta);
        }
        double lmax = Spectral.MaxEigenvalue(x.TransposeMultiply(x));
        double xnorm = x.MaxAbs() * p;
        double RawError(Vec theta) => 8 * (n + p) * Tolerance.Epsilon * (Raw(theta) + xnorm * SumAbs(theta) / n + 1);
        if (mu == 0)
        {
            if (separator is null)
                throw new ArgumentException("without a ridge term the infimum is known only for separated data: give the separator");
            double gamma = double.PositiveInfinity;
            for (int i = 0; i < n; i++)
            {
                double margin = y[i] * Blas.Dot(x.Row(i), separator.Span) / separator.Norm2();
                if (!(margin > 0))
                    throw new ArgumentException($"the separator does not separate point {i}");
                gamma = Math.Min(gamma, margin);
            }
            // ‖∇R‖ ≥ ⟨∇R, −s⟩ ≥ γ·(1/n)Σσ(−z_i) and σ(−z) = ρ·log(1 + e^{−z}) with ρ = (1 − e^{−L})/L decreasing in
            // L = log(1 + e^{−z}) ≤ nR₀ on the sublevel set: the first-power PL condition holds there with C = γρ(nR₀),
            // yet R decays only like 1/t.
            return new Objective(F($"logistic on separable data, n = {n}, p = {p}, margin {gamma:G3}"), p, Raw, RawError, Grad, 0.0, null,
                Convex: true, Smoothness: _ => lmax / (4.0 * n),
                LinearPlConstant: theta0 => gamma * RandomFeatureTraining.OneMinusExpOver(n * Raw(theta0)));
        }
        var star = Vec.Zeros(p);
        for (int it = 0; it < 100 && Grad(star).Norm2() > 1e-14; it++)
        {
            var h = new double[p * p];
            for (int i = 0; i < n; i++)
            {
                double s = Sigmoid(-y[i] * Blas.Dot(x.Row(i), star.Span));
                double w = s * (1 - s) / n;
                var xi = x.Row(i);
                for (int a = 0; a < p; a++)
                    for (int b = 0; b < p; b++)
                        h[a * p + b] += w * xi[a] * xi[b];
            }
            for (int a = 0; a < p; a++)
                h[a * p + a] += mu;
            star -= SolveSpd(Cholesky.Lower(Mat.FromRowMajor(p, p, h)), Grad(star));
        }
        double inf = Raw(star);
        return new Objective(F($"ridge-logistic n = {n}, p = {p}, μ = {mu:G3}"), p,
            theta => Raw(theta) - inf,
            theta => RawError(theta) + RawError(star),
            Grad, inf, _ => star, Convex: true,
            Smoothness: _ => lmax / (4.0 * n) + mu,
            PlConstant: _ => 2 * mu,
            LinearPlConstant: theta0 => Math.Sqrt(2 * mu / Math.Max(Raw(theta0) - inf, double.Epsilon)));
    }

    /// <summary>
    /// The pseudo-Huber function R(θ) = √(ε² + ‖θ‖²) − ε (convex, minimiser 0, ‖∇R‖ &lt; 1, ‖∇²R‖ ≤ 1/ε): far from
    /// the origin the flow moves at almost unit speed, which makes wu's Theorem 1 nearly tight. On {‖θ‖ ≤ r₀} the
    /// ratios ‖∇R‖²/R and ‖∇R‖/R decrease in ‖θ‖, so their values at r₀ are the PL constants there.
    /// </summary>
    public static Objective PseudoHuber(int p, double epsilon)
    {
        double Ex(Vec theta)
        {
            double r2 = theta.NormSquared();
            return r2 / (Math.Sqrt(epsilon * epsilon + r2) + epsilon);
        }
        double S(Vec theta0) => Math.Sqrt(epsilon * epsilon + theta0.NormSquared());
        return new Objective(F($"pseudo-Huber p = {p}, ε = {epsilon:G3}"), p, Ex,
            theta => 8 * (p + 4) * Tolerance.Epsilon * Ex(theta),
            theta => (1.0 / Math.Sqrt(epsilon * epsilon + theta.NormSquared())) * theta,
            0.0, _ => Vec.Zeros(p), Convex: true,
            Smoothness: _ => 1.0 / epsilon,
            PlConstant: theta0 => (S(theta0) + epsilon) / (S(theta0) * S(theta0)),
            LinearPlConstant: theta0 => theta0.NormSquared() == 0 ? double.PositiveInfinity : (1 + epsilon / S(theta0)) / theta0.Norm2());
    }

    /// <summary>
    /// R(θ) = cosh(‖θ‖/s) − 1 = 2 sinh²(‖θ‖/2s) (convex, minimiser 0). ‖∇R‖ = sinh(r/s)/s and R = cosh(r/s) − 1, so
    /// ‖∇R‖/R = coth(r/2s)/s ≥ 1/s and ‖∇R‖² = R(R + 2)/s² ≥ (2/s²)·R everywhere: both PL constants hold globally.
    /// Near 0 the flow decays like e^{−2t/s²}, slower than e^{−t/s} when s &gt; 2.
    /// </summary>
    public static Objective CoshNorm(int p, double s)
    {
        double Ex(Vec theta)
        {
            double sh = Math.Sinh(theta.Norm2() / (2 * s));
            return 2 * sh * sh;
        }
        Vec Grad(Vec theta)
        {
            double r = theta.Norm2();
            // sinh(r/s)/(s·r) → 1/s² as r → 0: the series avoids 0/0 and keeps full precision
            double c = r < 1e-4 * s ? (1 + r * r / (6 * s * s)) / (s * s) : Math.Sinh(r / s) / (s * r);
            return c * theta;
        }
        return new Objective(F($"cosh(‖θ‖/s) − 1, p = {p}, s = {s:G3}"), p, Ex,
            theta => 8 * (p + 4) * Tolerance.Epsilon * Ex(theta), Grad, 0.0, _ => Vec.Zeros(p), Convex: true,
            Smoothness: theta0 => Math.Cosh(theta0.Norm2() / s) / (s * s),
            PlConstant: _ => 2 / (s * s),
            LinearPlConstant: _ => 1 / s);
    }

    /// <summary>
    /// Rosenbrock's function R(x, y) = (1 − x)² + b(y − x²)² (not convex; inf R = 0 at (1, 1)). ‖∇²R‖ over the
    /// sublevel set is bounded by the Hessian's Frobenius norm at the farthest point of the box |x| ≤ 1 + √(R₀),
    /// |y| ≤ x_max² + √(R₀/b) that contains it.
    /// </summary>
    public static Objective Rosenbrock(double b)
    {
        double Ex(Vec t)
        {
            double u = 1 - t[0], v = t[1] - t[0] * t[0];
            return u * u + b * v * v;
        }
        return new Objective(F($"Rosenbrock b = {b:G3}"), 2, Ex,
            t => 16 * Tolerance.Epsilon * (Math.Pow(1 + Math.Abs(t[0]), 2) + b * Math.Pow(Math.Abs(t[1]) + t[0] * t[0], 2)),
            t => Vec.Of(-2 * (1 - t[0]) - 4 * b * t[0] * (t[1] - t[0] * t[0]), 2 * b * (t[1] - t[0] * t[0])),
            0.0, _ => Vec.Of(1.0, 1.0), Convex: false,
            Smoothness: t0 =>
            {
                double r0 = Ex(t0), xm = 1 + Math.Sqrt(r0), ym = xm * xm + Math.Sqrt(r0 / b);
                return 2 + 4 * b * (ym + xm * xm) + 8 * b * xm * xm + 8 * b * xm + 2 * b;
            });
    }

    /// <summary>
    /// The mean squared loss (1/2n)Σ(f(x_i) − y_i)² of a two-layer net as a function of all its parameters θ =
    /// (vec W, a) (not convex). The infimum is 0 when the features at the template's first layer, Φ = φ(XWᵀ)
    /// (n×m), have full row rank: then some a interpolates, and R ≥ 0. Returns null when that certificate fails
    /// (λ_min(ΦΦᵀ) within rounding of 0), since the infimum is then unknown.
    /// </summary>
    public static Objective? NetSquaredLoss(TwoLayerNet template, Dataset data)
    {
        var f = Forward.Of(template, data.X);
        var phi = Mat.FromRowMajor(data.N, template.Width, f.Values);
        var gram = phi.Gram();
        double lmin = Spectral.MinEigenvalue(gram);
        if (!(lmin > 100 * data.N * template.Width * Tolerance.Epsilon * gram.MaxAbs()))
            return null;
        int n = data.N, p = template.ParameterCount;
        double Ex(Vec theta) => Loss.Value(LossKind.Mean, template.WithParameters(theta.Span).Predict(data.X).Span, data.Y.Span);
        Vec Grad(Vec theta)
        {
            var g = Gradients.Of(template.WithParameters(theta.Span), data, LossKind.Mean);
            return Vec.Of([.. g.W.ToArray(), .. g.A.ToArray()]);
        }
        double lmax0 = Spectral.MaxEigenvalue(Kernels.EmpiricalNtk.Both(template, data.X)) / n;
        return new Objective(F($"two-layer {template.Activation.Name} net, n = {n}, d = {data.D}, m = {template.Width}"), p, Ex,
            theta => 8 * (template.Width * data.D + 8) * Tolerance.Epsilon * (Ex(theta) + data.Y.NormSquared() / n),
            Grad, 0.0, null, Convex: false,
            Smoothness: _ => 4 * lmax0 + 1);
    }

    /// <summary>log(1 + e^z) without overflow.</summary>
    public static double Softplus(double z) => z > 0 ? z + Math.Log(1 + Math.Exp(-z)) : Math.Log(1 + Math.Exp(z));

    public static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));

    private static double SumAbs(Vec v)
    {
        double s = 0;
        foreach (var x in v)
            s += Math.Abs(x);
        return s;
    }

    /// <summary>Solves (L Lᵀ) z = b by two triangular solves.</summary>
    private static Vec SolveSpd(Mat l, Vec b) => Cholesky.Solve(l, b);
}
