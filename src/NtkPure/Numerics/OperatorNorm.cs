namespace NtkPure.Numerics;

/// <summary>How ‖A‖₂ was obtained: the value, the method, the Lanczos iterations and the final residual bound.</summary>
public sealed record OperatorNormResult(double Value, string Method, int Iterations, double Residual);

/// <summary>
/// The spectral norm ‖A‖₂ = σ_max(A) of any real matrix (p×q, not necessarily symmetric: hu's J(θ)J(θ')ᵀ − K is
/// not) without a full decomposition: Lanczos with full reorthogonalisation on AᵀA (two products with A per
/// iteration) from a fixed start vector, stopped when the Ritz residual bound β_k·|s_k| is below n·ε·θ, so the
/// top Ritz value θ ≤ σ_max² is then accurate to working precision. If Lanczos has not converged after
/// min(q, 300) iterations, the full symmetric eigendecomposition of AᵀA decides, and the method says so.
/// </summary>
public static class OperatorNorm
{
    public static double Of(Mat a) => Compute(a).Value;

    public static OperatorNormResult Compute(Mat a)
    {
        int q = a.Cols;
        if (a.Rows == 0 || q == 0)
            return new OperatorNormResult(0, "empty", 0, 0);
        if (!a.AllFinite())
            throw new ArgumentException("‖A‖₂ of a matrix with non-finite entries");
        double scale = a.MaxAbs();
        if (scale == 0)
            return new OperatorNormResult(0, "zero matrix", 0, 0);
        int maxIter = Math.Min(q, 300);
        var basis = new List<double[]>();
        var alpha = new List<double>();
        var beta = new List<double>();
        var v = new double[q];
        var rng = new Rng(0x0E_7A_70_12UL);
        rng.FillGaussian(v);
        MinEigen.Scale(v, 1 / Math.Sqrt(Blas.Dot(v, v)));
        var av = new double[a.Rows];
        var w = new double[q];
        double tol = 4 * Math.Max(q, a.Rows) * Tolerance.Epsilon;
        for (int k = 0; k < maxIter; k++)
        {
            basis.Add(v);
            // w = Aᵀ(A v)
            for (int i = 0; i < a.Rows; i++)
                av[i] = Blas.Dot(a.Row(i), v);
            Array.Clear(w);
            for (int i = 0; i < a.Rows; i++)
                Blas.Axpy(av[i], a.Row(i), w);
            alpha.Add(Blas.Dot(v, w));
            for (int pass = 0; pass < 2; pass++)
                foreach (var b0 in basis)
                    Blas.Axpy(-Blas.Dot(b0, w), b0, w);
            double b = Math.Sqrt(Blas.Dot(w, w));
            var (theta, last) = MinEigen.TopRitz(alpha, beta);
            double residual = b * Math.Abs(last);
            if (residual <= tol * theta || b <= tol * theta || k == q - 1)
                return new OperatorNormResult(Math.Sqrt(Math.Max(theta, 0)), "lanczos on AᵀA", k + 1, residual);
            beta.Add(b);
            v = new double[q];
            for (int i = 0; i < q; i++)
                v[i] = w[i] / b;
        }
        double top = SymmetricEigen.Of(a.TransposeMultiply(a)).Max;
        return new OperatorNormResult(Math.Sqrt(Math.Max(top, 0)), "eigendecomposition of AᵀA (Lanczos did not converge)", maxIter, double.NaN);
    }
}
