using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NtkPure.Numerics;

/// <summary>
/// Vector kernels over spans. A dot product runs in one fixed order: four-lane <see cref="Vector256{T}"/>
/// accumulators with fused multiply–add (correctly rounded whether or not the hardware has FMA), then a scalar
/// FMA tail, then ((l0 + l1) + (l2 + l3)) + tail, so it has the same bits on every machine. Matrix products
/// are in <see cref="Gemm"/>.
/// </summary>
internal static class Blas
{
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

    /// <summary>
    /// Dot(φ(z), a) for φ(z) = z (z ≥ 0) and slope·z (z &lt; 0) — ReLU with slope 0 gives +0 below — in exactly the
    /// order of <see cref="Dot"/>, so it equals Dot of the materialised φ(z) bit for bit; and, in the same pass,
    /// sets bit (offset + j) of <paramref name="signs"/> for every z_j ≥ 0 (offset a multiple of 64, bits zero).
    /// </summary>
    public static double PiecewiseLinearDotAndSigns(ReadOnlySpan<double> z, ReadOnlySpan<double> a, double slope, Span<ulong> signs, int offset)
    {
        if (a.Length < z.Length)
            throw new ArgumentException("length mismatch");
        ref double pz = ref MemoryMarshal.GetReference(z);
        ref double pa = ref MemoryMarshal.GetReference(a);
        int n = z.Length;
        int k = 0;
        var acc = Vector256<double>.Zero;
        var vs = Vector256.Create(slope);
        bool relu = slope == 0.0;
        for (; k <= n - 4; k += 4)
        {
            var v = Vector256.LoadUnsafe(ref pz, (nuint)k);
            var on = Vector256.GreaterThanOrEqual(v, Vector256<double>.Zero);
            var phi = Vector256.ConditionalSelect(on, v, relu ? Vector256<double>.Zero : vs * v);
            acc = Vector256.FusedMultiplyAdd(phi, Vector256.LoadUnsafe(ref pa, (nuint)k), acc);
            int bit = offset + k;
            signs[bit >> 6] |= (ulong)on.ExtractMostSignificantBits() << (bit & 63);
        }
        double tail = 0;
        for (; k < n; k++)
        {
            double v = Unsafe.Add(ref pz, k);
            bool on = v >= 0;
            tail = Math.FusedMultiplyAdd(on ? v : relu ? 0.0 : slope * v, Unsafe.Add(ref pa, k), tail);
            if (on)
                signs[(offset + k) >> 6] |= 1UL << ((offset + k) & 63);
        }
        return (acc.GetElement(0) + acc.GetElement(1)) + (acc.GetElement(2) + acc.GetElement(3)) + tail;
    }
}
