using System.Runtime.Intrinsics;
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
        // all inner products at once on the GEMM; the angles still come from ‖x̂ − ŷ‖ and ‖x̂ + ŷ‖ (accurate at 0 and π)
        var gram = x.Gram();
        void Row(int i)
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
                    var (diff, sum) = DiffSum(ui, unit.AsSpan(j * d, d));
                    angle = 2 * Math.Atan2(Math.Sqrt(diff), Math.Sqrt(sum));
                }
                var g = new PairGeometry(norms[i], norms[j], gram[i, j], angle);
                result[i * n + j] = result[j * n + i] = kernel.Value(g);
            }
        }
        // rows are independent and each entry is computed the same way on any thread
        if ((long)n * n * d < 1L << 20)
            for (int i = 0; i < n; i++)
                Row(i);
        else
            Parallel.For(0, n, Row);
        return Mat.Own(n, n, result);
    }

    /// <summary>‖a − b‖² and ‖a + b‖² in one vectorised pass (fixed lane order, so the same bits everywhere).</summary>
    private static (double Diff, double Sum) DiffSum(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int d = a.Length, k = 0;
        var vd = System.Runtime.Intrinsics.Vector256<double>.Zero;
        var vs = System.Runtime.Intrinsics.Vector256<double>.Zero;
        for (; k <= d - 4; k += 4)
        {
            var x = System.Runtime.Intrinsics.Vector256.Create(a.Slice(k, 4));
            var y = System.Runtime.Intrinsics.Vector256.Create(b.Slice(k, 4));
            var m = x - y;
            var p = x + y;
            vd = System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(m, m, vd);
            vs = System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(p, p, vs);
        }
        double diff = (vd.GetElement(0) + vd.GetElement(1)) + (vd.GetElement(2) + vd.GetElement(3));
        double sum = (vs.GetElement(0) + vs.GetElement(1)) + (vs.GetElement(2) + vs.GetElement(3));
        for (; k < d; k++)
        {
            double m = a[k] - b[k], p = a[k] + b[k];
            diff += m * m;
            sum += p * p;
        }
        return (diff, sum);
    }

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
