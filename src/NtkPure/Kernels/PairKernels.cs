using NtkPure.Numerics;

namespace NtkPure.Kernels;

/// <summary>A dot-product kernel evaluated from a pair's geometry; a struct so that matrix loops are specialised, not dispatched.</summary>
public interface IPairKernel
{
    /// <summary>k(x, y) from the pair's norms, inner product and angle. The angle is NaN when a vector is zero.</summary>
    double Value(in PairGeometry g);
}

/// <summary>Builds symmetric kernel matrices from pair geometry.</summary>
public static class PairKernels
{
    /// <summary>
    /// K (n×n) with K_ij = k(x_i, x_j) for the rows of X (n×d), computed for i ≥ j and mirrored, so K is exactly
    /// symmetric. Each row is normalised once; angles use the atan2 form of <see cref="Angles"/>.
    /// </summary>
    public static Mat Matrix<TKernel>(Mat x, TKernel kernel) where TKernel : struct, IPairKernel
    {
        int n = x.Rows, d = x.Cols;
        var norms = new double[n];
        var unit = new double[n * d];
        for (int i = 0; i < n; i++)
        {
            var row = x.Row(i);
            double nrm = Math.Sqrt(Blas.Dot(row, row));
            norms[i] = nrm;
            var u = unit.AsSpan(i * d, d);
            if (nrm > 0)
                for (int k = 0; k < d; k++)
                    u[k] = row[k] / nrm;
        }
        var result = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            var ui = unit.AsSpan(i * d, d);
            for (int j = 0; j <= i; j++)
            {
                double angle;
                if (norms[i] == 0 || norms[j] == 0)
                    angle = double.NaN;
                else if (i == j)
                    angle = 0;
                else
                {
                    var uj = unit.AsSpan(j * d, d);
                    double diff = 0, sum = 0;
                    for (int k = 0; k < d; k++)
                    {
                        double a = ui[k], b = uj[k];
                        diff += (a - b) * (a - b);
                        sum += (a + b) * (a + b);
                    }
                    angle = 2 * Math.Atan2(Math.Sqrt(diff), Math.Sqrt(sum));
                }
                var g = new PairGeometry(norms[i], norms[j], Blas.Dot(x.Row(i), x.Row(j)), angle);
                result[i * n + j] = result[j * n + i] = kernel.Value(g);
            }
        }
        return Mat.Own(n, n, result);
    }

    /// <summary>The cross-kernel k(a_i, b_j) (p×q) between the rows of A (p×d) and B (q×d), e.g. test points against training points.</summary>
    public static Mat Cross<TKernel>(Mat a, Mat b, TKernel kernel) where TKernel : struct, IPairKernel
    {
        if (a.Cols != b.Cols)
            throw new ArgumentException($"inputs differ in dimension: {a.Cols} vs {b.Cols}");
        int p = a.Rows, q = b.Rows;
        var result = new double[p * q];
        for (int i = 0; i < p; i++)
            for (int j = 0; j < q; j++)
            {
                var g = Angles.Of(a.Row(i), b.Row(j));
                result[i * q + j] = kernel.Value(g);
            }
        return Mat.Own(p, q, result);
    }
}
