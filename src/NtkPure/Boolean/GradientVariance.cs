using NtkPure.Numerics;

namespace NtkPure.Boolean;

/// <summary>How the square-loss risk is normalised: R^f(θ) = c·E_x[(h(x; θ) − f(x))²].</summary>
public enum RiskNormalisation
{
    /// <summary>R^f = E_x[(h − f)²], as wu Theorem 7 writes it: ∇R^f = 2E_x[(h − f)∇h].</summary>
    AsWritten,

    /// <summary>R^f = ½E_x[(h − f)²]: ∇R^f = E_x[(h − f)∇h], the gradient the proof of Theorem 7 writes down.</summary>
    Half,
}

/// <summary>
/// Every quantity of wu Theorem 7 and its proof, for one model at one θ, one class F (K members) on the cube
/// {·}^d with N = 2^d points, all by exact enumeration over x and over F:
/// <list type="bullet">
/// <item>Variance = E_f‖∇R^f(θ) − g(θ)‖², g = E_f∇R^f (the left side of (0.7));</item>
/// <item>SecondMoment = E_f‖⟨f, ∇_θh⟩‖² (the right side of (0.8));</item>
/// <item>BesselSum = Σ_f ‖⟨f, ∇_θh⟩‖², at most E_x‖∇_θh‖² for an orthonormal class (the step (0.9)–(0.10));</item>
/// <item>GradientSquare = E_x‖∇_θh(x; θ)‖² and Bound = GradientSquare/K (the right side of (0.7)).</item>
/// </list>
/// RiskFactor κ is 2 or 1 (∇R^f = κE_x[(h − f)∇h]). Slack bounds the rounding error of Variance − Bound.
/// </summary>
public sealed record GradientVarianceReport(
    int Dimension,
    int ClassSize,
    int ParameterCount,
    double RiskFactor,
    double Variance,
    double SecondMoment,
    double BesselSum,
    double GradientSquare,
    double Bound,
    double MaxRisk,
    double Slack
)
{
    /// <summary>Variance/Bound: 1 where (0.7) is tight.</summary>
    public double Tightness => Variance / Bound;
}

/// <summary>wu Theorem 7 ("Gradients for an orthonormal class"), computed.</summary>
public static class GradientVariance
{
    /// <summary>
    /// The quantities of <see cref="GradientVarianceReport"/> for <paramref name="model"/> at its parameters and the
    /// class <paramref name="cls"/>, enumerating the 2^d cube points in chunks (d ≤ <see cref="Cube.ExactLimit"/>).
    /// ∇R^f is computed literally from its definition, E_x[(h − f)∇h] for each f, separately from the projections
    /// ⟨f, ∇h⟩ of the proof. Cost K·2^d·P multiply–adds, twice.
    /// </summary>
    public static GradientVarianceReport Of(ParametricModel model, FunctionClass cls, RiskNormalisation risk)
    {
        int d = cls.Dimension;
        if (model.CubeDimension != d)
            throw new ArgumentException($"the model reads d = {model.CubeDimension} coordinates, the class lives on d = {d}");
        Cube.RequireExact(d);
        long n = Cube.Size(d);
        int k = cls.Size, p = model.ParameterCount;
        double kappa = risk == RiskNormalisation.AsWritten ? 2.0 : 1.0;
        int chunk = (int)Math.Min(1024, n);

        var grad = new double[k * p];   // Σ_x (h − f)∇h, then κ/N times it
        var proj = new double[k * p];   // Σ_x f ∇h, then 1/N times it
        var riskSum = new double[k];    // Σ_x (h − f)²
        double gradSquare = 0;
        var values = new double[k * chunk];
        var residual = new double[k * chunk];
        var block = new double[k * p];
        for (long start = 0; start < n; start += chunk)
        {
            int count = (int)Math.Min(chunk, n - start);
            var x = Cube.Points(d, cls.Domain, start, count, model.Bias);
            var output = model.Evaluate(x);
            if (output.Jacobian.Rows != count || output.Jacobian.Cols != p || output.Values.Length != count)
                throw new ArgumentException($"the model returned a {output.Jacobian.Rows}×{output.Jacobian.Cols} Jacobian for {count} points and P = {p}");
            var jac = output.Jacobian.Span;
            gradSquare += Blas.Dot(jac, jac);
            var v = values.AsSpan(0, k * count);
            var r = residual.AsSpan(0, k * count);
            cls.Values(start, count, v);
            var h = output.Values.Span;
            for (int f = 0; f < k; f++)
            {
                double rs = 0;
                for (int j = 0; j < count; j++)
                {
                    double e = h[j] - v[f * count + j];
                    r[f * count + j] = e;
                    rs += e * e;
                }
                riskSum[f] += rs;
            }
            Gemm.Multiply(MatView.RowMajor(r, k, count), MatView.RowMajor(jac, count, p), block, accumulate: false);
            Blas.Axpy(1.0, block, grad);
            Gemm.Multiply(MatView.RowMajor(v, k, count), MatView.RowMajor(jac, count, p), block, accumulate: false);
            Blas.Axpy(1.0, block, proj);
        }

        for (int i = 0; i < grad.Length; i++)
        {
            grad[i] *= kappa / n;
            proj[i] /= n;
        }
        var g = new double[p];
        for (int f = 0; f < k; f++)
            Blas.Axpy(1.0 / k, grad.AsSpan(f * p, p), g);
        double variance = 0, second = 0, maxRisk = 0;
        var diff = new double[p];
        for (int f = 0; f < k; f++)
        {
            var gf = grad.AsSpan(f * p, p);
            for (int q = 0; q < p; q++)
                diff[q] = gf[q] - g[q];
            variance += Blas.Dot(diff, diff);
            var pf = proj.AsSpan(f * p, p);
            second += Blas.Dot(pf, pf);
            maxRisk = Math.Max(maxRisk, riskSum[f] / n);
        }
        double besselSum = second;
        variance /= k;
        second /= k;
        double gSquare = gradSquare / n, bound = gSquare / k;
        // Rounding: each entry of ∇R^f is a sum of N terms, off by at most κNε·√(E(h − f)²)·√(E(∂_q h)²); the variance
        // then moves by at most 2κ²Nε·G·√(max R/K); G itself by (N + P)εG. Safety factor 4.
        double slack = 4 * Tolerance.Epsilon * kappa * kappa * bound * (2.0 * n * Math.Sqrt(k * Math.Max(1.0, maxRisk)) + n + p + k);
        return new GradientVarianceReport(d, k, p, kappa, variance, second, besselSum, gSquare, bound, maxRisk, slack);
    }
}
