namespace NtkPure.Numerics;

/// <summary>A = L·Lᵀ for a symmetric positive definite A; L lower triangular (row-major).</summary>
public static class Cholesky
{
    public static Mat Lower(Mat a)
    {
        if (a.Rows != a.Cols)
            throw new ArgumentException($"Cholesky needs a square matrix, got {a.Rows}×{a.Cols}");
        int n = a.Rows;
        var l = new double[n * n];
        for (int j = 0; j < n; j++)
        {
            double diag = a[j, j] - Blas.Dot(l.AsSpan(j * n, j), l.AsSpan(j * n, j));
            if (!(diag > 0))
                throw new ArgumentException($"matrix is not positive definite (pivot {j} is {diag:G3})");
            double ljj = Math.Sqrt(diag);
            l[j * n + j] = ljj;
            for (int i = j + 1; i < n; i++)
                l[i * n + j] = (a[i, j] - Blas.Dot(l.AsSpan(i * n, j), l.AsSpan(j * n, j))) / ljj;
        }
        return Mat.Own(n, n, l);
    }

    /// <summary>Solves A·x = b given L with A = L·Lᵀ.</summary>
    public static Vec Solve(Mat l, Vec b)
    {
        int n = l.Rows;
        var x = b.ToArray();
        for (int i = 0; i < n; i++)
            x[i] = (x[i] - Blas.Dot(l.Row(i)[..i], x.AsSpan(0, i))) / l[i, i];
        for (int i = n - 1; i >= 0; i--)
        {
            double s = x[i];
            for (int k = i + 1; k < n; k++)
                s -= l[k, i] * x[k];
            x[i] = s / l[i, i];
        }
        return Vec.Own(x);
    }
}
