using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NtkPure.Numerics;

/// <summary>
/// Dense kernels over spans. Every reduction runs in one fixed order: four-lane <see cref="Vector256{T}"/>
/// accumulators with fused multiply–add (correctly rounded whether or not the hardware has FMA), then a scalar
/// FMA tail, then ((l0 + l1) + (l2 + l3)) + tail. So a dot product has the same bits on every machine, and
/// a blocked product equals the plain dot product of the same rows bit for bit. Parallel loops split outputs
/// into fixed blocks and never split a reduction, so the thread count never changes a result.
/// </summary>
internal static class Blas
{
    /// <summary>Below this many multiply–adds a product runs on one thread.</summary>
    private const long ParallelThreshold = 1L << 18;

    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length)
            throw new ArgumentException("length mismatch");
        ref double px = ref MemoryMarshal.GetReference(x);
        ref double py = ref MemoryMarshal.GetReference(y);
        int n = x.Length;
        int k = 0;
        var acc = Vector256<double>.Zero;
        for (; k <= n - 4; k += 4)
            acc = Vector256.FusedMultiplyAdd(
                Vector256.LoadUnsafe(ref px, (nuint)k),
                Vector256.LoadUnsafe(ref py, (nuint)k),
                acc
            );
        double tail = 0;
        for (; k < n; k++)
            tail = Math.FusedMultiplyAdd(Unsafe.Add(ref px, k), Unsafe.Add(ref py, k), tail);
        return (acc.GetElement(0) + acc.GetElement(1)) + (acc.GetElement(2) + acc.GetElement(3)) + tail;
    }

    /// <summary>y ← y + alpha·x.</summary>
    public static void Axpy(double alpha, ReadOnlySpan<double> x, Span<double> y)
    {
        if (x.Length != y.Length)
            throw new ArgumentException("length mismatch");
        ref double px = ref MemoryMarshal.GetReference(x);
        ref double py = ref MemoryMarshal.GetReference(y);
        int n = x.Length;
        int k = 0;
        var va = Vector256.Create(alpha);
        for (; k <= n - 4; k += 4)
        {
            var r = Vector256.FusedMultiplyAdd(va, Vector256.LoadUnsafe(ref px, (nuint)k), Vector256.LoadUnsafe(ref py, (nuint)k));
            r.StoreUnsafe(ref py, (nuint)k);
        }
        for (; k < n; k++)
            Unsafe.Add(ref py, k) = Math.FusedMultiplyAdd(alpha, Unsafe.Add(ref px, k), Unsafe.Add(ref py, k));
    }

    /// <summary>C (p×q) = A (p×k) · Bᵀ where B is q×k; all row-major. Every C_ij equals Dot(A_i, B_j) bit for bit.</summary>
    public static void MultiplyABt(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int p, int q, int k)
    {
        if (a.Length < (long)p * k || b.Length < (long)q * k || c.Length < (long)p * q)
            throw new ArgumentException("buffer too small");
        if ((long)p * q * k < ParallelThreshold || p < 8)
        {
            AbtRows(a, b, c, 0, p, q, k);
            return;
        }
        unsafe
        {
            fixed (double* pa = a, pb = b, pc = c)
            {
                var (ia, ib, ic) = ((nint)pa, (nint)pb, (nint)pc);
                long la = a.Length, lb = b.Length, lc = c.Length;
                int blocks = (p + 31) / 32;
                Parallel.For(0, blocks, blk =>
                {
                    int r0 = blk * 32, r1 = Math.Min(p, r0 + 32);
                    AbtRows(
                        new ReadOnlySpan<double>((void*)ia, (int)la),
                        new ReadOnlySpan<double>((void*)ib, (int)lb),
                        new Span<double>((void*)ic, (int)lc),
                        r0, r1, q, k);
                });
            }
        }
    }

    private static void AbtRows(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int r0, int r1, int q, int k)
    {
        // Tile over B in blocks of rows that stay in cache while a band of A's rows streams past them.
        int jb = Math.Max(4, 16384 / Math.Max(1, k));
        for (int j0 = 0; j0 < q; j0 += jb)
        {
            int j1 = Math.Min(q, j0 + jb);
            int i = r0;
            for (; i <= r1 - 2; i += 2)
            {
                int j = j0;
                for (; j <= j1 - 2; j += 2)
                    Dot2x2(a.Slice(i * k, k), a.Slice((i + 1) * k, k), b.Slice(j * k, k), b.Slice((j + 1) * k, k),
                        out c[i * q + j], out c[i * q + j + 1], out c[(i + 1) * q + j], out c[(i + 1) * q + j + 1]);
                for (; j < j1; j++)
                {
                    c[i * q + j] = Dot(a.Slice(i * k, k), b.Slice(j * k, k));
                    c[(i + 1) * q + j] = Dot(a.Slice((i + 1) * k, k), b.Slice(j * k, k));
                }
            }
            for (; i < r1; i++)
                for (int j = j0; j < j1; j++)
                    c[i * q + j] = Dot(a.Slice(i * k, k), b.Slice(j * k, k));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Sum(Vector256<double> v, double tail) =>
        (v.GetElement(0) + v.GetElement(1)) + (v.GetElement(2) + v.GetElement(3)) + tail;

    /// <summary>Four dot products sharing loads; each equals <see cref="Dot"/> of the same rows bit for bit.</summary>
    private static void Dot2x2(ReadOnlySpan<double> a0, ReadOnlySpan<double> a1, ReadOnlySpan<double> b0, ReadOnlySpan<double> b1,
        out double c00, out double c01, out double c10, out double c11)
    {
        ref double pa0 = ref MemoryMarshal.GetReference(a0);
        ref double pa1 = ref MemoryMarshal.GetReference(a1);
        ref double pb0 = ref MemoryMarshal.GetReference(b0);
        ref double pb1 = ref MemoryMarshal.GetReference(b1);
        int n = a0.Length;
        var s00 = Vector256<double>.Zero;
        var s01 = Vector256<double>.Zero;
        var s10 = Vector256<double>.Zero;
        var s11 = Vector256<double>.Zero;
        int k = 0;
        for (; k <= n - 4; k += 4)
        {
            var x0 = Vector256.LoadUnsafe(ref pa0, (nuint)k);
            var x1 = Vector256.LoadUnsafe(ref pa1, (nuint)k);
            var y0 = Vector256.LoadUnsafe(ref pb0, (nuint)k);
            var y1 = Vector256.LoadUnsafe(ref pb1, (nuint)k);
            s00 = Vector256.FusedMultiplyAdd(x0, y0, s00);
            s01 = Vector256.FusedMultiplyAdd(x0, y1, s01);
            s10 = Vector256.FusedMultiplyAdd(x1, y0, s10);
            s11 = Vector256.FusedMultiplyAdd(x1, y1, s11);
        }
        double t00 = 0, t01 = 0, t10 = 0, t11 = 0;
        for (; k < n; k++)
        {
            double x0 = Unsafe.Add(ref pa0, k), x1 = Unsafe.Add(ref pa1, k);
            double y0 = Unsafe.Add(ref pb0, k), y1 = Unsafe.Add(ref pb1, k);
            t00 = Math.FusedMultiplyAdd(x0, y0, t00);
            t01 = Math.FusedMultiplyAdd(x0, y1, t01);
            t10 = Math.FusedMultiplyAdd(x1, y0, t10);
            t11 = Math.FusedMultiplyAdd(x1, y1, t11);
        }
        c00 = Sum(s00, t00);
        c01 = Sum(s01, t01);
        c10 = Sum(s10, t10);
        c11 = Sum(s11, t11);
    }

    /// <summary>
    /// C (p×q) = Aᵀ · B where A is k×p and B is k×q, row-major: C_r = Σ_i A_ir B_i, accumulated over i in order.
    /// Parallel over blocks of output rows.
    /// </summary>
    public static void MultiplyAtB(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int p, int q, int k)
    {
        if (a.Length < (long)k * p || b.Length < (long)k * q || c.Length < (long)p * q)
            throw new ArgumentException("buffer too small");
        c[..(p * q)].Clear();
        if ((long)p * q * k < ParallelThreshold || p < 8)
        {
            AtbRows(a, b, c, 0, p, p, q, k);
            return;
        }
        unsafe
        {
            fixed (double* pa = a, pb = b, pc = c)
            {
                var (ia, ib, ic) = ((nint)pa, (nint)pb, (nint)pc);
                long la = a.Length, lb = b.Length, lc = c.Length;
                int blocks = (p + 63) / 64;
                Parallel.For(0, blocks, blk =>
                {
                    int r0 = blk * 64, r1 = Math.Min(p, r0 + 64);
                    AtbRows(
                        new ReadOnlySpan<double>((void*)ia, (int)la),
                        new ReadOnlySpan<double>((void*)ib, (int)lb),
                        new Span<double>((void*)ic, (int)lc),
                        r0, r1, p, q, k);
                });
            }
        }
    }

    private static void AtbRows(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int r0, int r1, int p, int q, int k)
    {
        for (int i = 0; i < k; i++)
        {
            var bi = b.Slice(i * q, q);
            for (int r = r0; r < r1; r++)
            {
                double air = a[i * p + r];
                if (air != 0.0)
                    Axpy(air, bi, c.Slice(r * q, q));
            }
        }
    }

    /// <summary>C (p×q) = A (p×k) · B (k×q), row-major: C_i = Σ_l A_il B_l in order of l.</summary>
    public static void Multiply(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int p, int q, int k)
    {
        if (a.Length < (long)p * k || b.Length < (long)k * q || c.Length < (long)p * q)
            throw new ArgumentException("buffer too small");
        c[..(p * q)].Clear();
        for (int i = 0; i < p; i++)
        {
            var ci = c.Slice(i * q, q);
            for (int l = 0; l < k; l++)
            {
                double ail = a[i * k + l];
                if (ail != 0.0)
                    Axpy(ail, b.Slice(l * q, q), ci);
            }
        }
    }
}
