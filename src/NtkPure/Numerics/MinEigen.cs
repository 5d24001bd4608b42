namespace NtkPure.Numerics;

/// <summary>How λ_min was obtained, with what it rests on.</summary>
public sealed record MinEigenResult(double Value, string Method, int Iterations, double Residual);

/// <summary>
/// λ_min of a symmetric matrix without a full eigendecomposition: a blocked Cholesky factorisation H = L·Lᵀ on
/// our GEMM, then Lanczos with full reorthogonalisation on H⁻¹ (two triangular solves per iteration), whose largest
/// eigenvalue is 1/λ_min. The backward error of the factorisation bounds the error by c·n·ε·‖H‖₂. If H is not
/// positive definite to working precision (a negative or zero pivot), or Lanczos does not converge, the full
/// symmetric eigendecomposition decides — and the method used is reported, never hidden.
/// </summary>
public static class MinEigen
{
    private const int Block = 96;

    public static MinEigenResult Of(Mat h)
    {
        if (h.Rows != h.Cols)
            throw new ArgumentException($"λ_min needs a square matrix, got {h.Rows}×{h.Cols}");
        int n = h.Rows;
        if (n == 0)
            throw new ArgumentException("λ_min of an empty matrix");
        var l = TryCholesky(h);
        if (l is null)
            return new MinEigenResult(SymmetricEigen.Of(h).Min, "eigendecomposition (not positive definite)", 0, 0);
        var lanczos = LargestOfInverse(l, n);
        if (lanczos is null)
            return new MinEigenResult(SymmetricEigen.Of(h).Min, "eigendecomposition (Lanczos did not converge)", 0, 0);
        var (theta, iterations, residual) = lanczos.Value;
        return new MinEigenResult(1.0 / theta, "cholesky-lanczos", iterations, residual);
    }

    /// <summary>The lower Cholesky factor (row-major, upper part zero), or null when a pivot is not positive.</summary>
    internal static double[]? TryCholesky(Mat h)
    {
        int n = h.Rows;
        var a = h.ToArray();
        for (int k0 = 0; k0 < n; k0 += Block)
        {
            int nb = Math.Min(Block, n - k0), k1 = k0 + nb;
            // diagonal block, unblocked (its trailing updates from earlier blocks are already applied)
            for (int j = k0; j < k1; j++)
            {
                double diag = a[j * n + j] - Blas.Dot(a.AsSpan(j * n + k0, j - k0), a.AsSpan(j * n + k0, j - k0));
                if (!(diag > 0) || !double.IsFinite(diag))
                    return null;
                double ljj = Math.Sqrt(diag);
                a[j * n + j] = ljj;
                for (int i = j + 1; i < k1; i++)
                    a[i * n + j] = (a[i * n + j] - Blas.Dot(a.AsSpan(i * n + k0, j - k0), a.AsSpan(j * n + k0, j - k0))) / ljj;
            }
            int rest = n - k1;
            if (rest == 0)
                break;
            // panel: rows below solve L11·xᵀ = rowᵀ (forward substitution within the block)
            var panel = new double[rest * nb];
            for (int i = k1; i < n; i++)
            {
                var row = a.AsSpan(i * n + k0, nb);
                for (int j = 0; j < nb; j++)
                    row[j] = (row[j] - Blas.Dot(row[..j], a.AsSpan((k0 + j) * n + k0, j))) / a[(k0 + j) * n + k0 + j];
                row.CopyTo(panel.AsSpan((i - k1) * nb, nb));
            }
            // trailing update A22 −= P·Pᵀ on our GEMM, into a scratch then back into the lower part
            var neg = new double[rest * nb];
            for (int t = 0; t < neg.Length; t++)
                neg[t] = -panel[t];
            var upd = new double[rest * rest];
            for (int i = 0; i < rest; i++)
                a.AsSpan((k1 + i) * n + k1, rest).CopyTo(upd.AsSpan(i * rest, rest));
            Gemm.Multiply(MatView.RowMajor(neg, rest, nb), MatView.Transposed(panel, rest, nb), upd, accumulate: true);
            for (int i = 0; i < rest; i++)
                upd.AsSpan(i * rest, rest).CopyTo(a.AsSpan((k1 + i) * n + k1, rest));
        }
        for (int i = 0; i < n; i++)
            a.AsSpan(i * n + i + 1, n - i - 1).Clear();
        return a;
    }

    /// <summary>x = (L·Lᵀ)⁻¹·b by forward and back substitution (L row-major lower).</summary>
    internal static void Solve(double[] l, int n, ReadOnlySpan<double> b, Span<double> x)
    {
        b.CopyTo(x);
        for (int i = 0; i < n; i++)
            x[i] = (x[i] - Blas.Dot(l.AsSpan(i * n, i), x[..i])) / l[i * n + i];
        for (int i = n - 1; i >= 0; i--)
        {
            x[i] /= l[i * n + i];
            Blas.Axpy(-x[i], l.AsSpan(i * n, i), x[..i]);
        }
    }

    /// <summary>
    /// The largest eigenvalue θ of H⁻¹ by Lanczos with full reorthogonalisation from a fixed start vector; stops
    /// when the residual bound β_k·|s_k| ≤ n·ε·θ (the Ritz value is then as accurate as the factorisation).
    /// </summary>
    private static (double Theta, int Iterations, double Residual)? LargestOfInverse(double[] l, int n)
    {
        int maxIter = Math.Min(n, 400);
        var basis = new List<double[]>();
        var alpha = new List<double>();
        var beta = new List<double>();
        var v = new double[n];
        var rng = new Rng(0x51A7_0E16UL);
        rng.FillGaussian(v);
        Scale(v, 1 / Math.Sqrt(Blas.Dot(v, v)));
        var w = new double[n];
        for (int k = 0; k < maxIter; k++)
        {
            basis.Add(v);
            Solve(l, n, v, w);
            double a = Blas.Dot(v, w);
            alpha.Add(a);
            // full reorthogonalisation, twice (Gram–Schmidt "twice is enough")
            for (int pass = 0; pass < 2; pass++)
                foreach (var q in basis)
                    Blas.Axpy(-Blas.Dot(q, w), q, w);
            double b = Math.Sqrt(Blas.Dot(w, w));
            // the Ritz value is checked every fourth iteration: the small eigenproblem is what costs, not the solves
            if (k % 4 == 3 || k == n - 1 || k == maxIter - 1 || b == 0)
            {
                var (theta, lastComponent) = TopRitz(alpha, beta);
                double residual = b * Math.Abs(lastComponent);
                if (residual <= 4 * n * Tolerance.Epsilon * theta || b <= 4 * n * Tolerance.Epsilon * theta || k == n - 1)
                    return (theta, k + 1, residual);
            }
            beta.Add(b);
            v = new double[n];
            for (int i = 0; i < n; i++)
                v[i] = w[i] / b;
        }
        return null;
    }

    internal static void Scale(double[] v, double s)
    {
        for (int i = 0; i < v.Length; i++)
            v[i] *= s;
    }

    /// <summary>The largest eigenvalue of the Lanczos tridiagonal T (diagonal α, off-diagonal β) and the last component of its unit eigenvector.</summary>
    internal static (double Theta, double Last) TopRitz(List<double> alpha, List<double> beta)
    {
        int k = alpha.Count;
        var t = new double[k * k];
        for (int i = 0; i < k; i++)
        {
            t[i * k + i] = alpha[i];
            if (i + 1 < k)
                t[i * k + i + 1] = t[(i + 1) * k + i] = beta[i];
        }
        var e = SymmetricEigen.Of(Mat.Own(k, k, t));
        return (e.Max, e.Vectors[k - 1, k - 1]);
    }
}
