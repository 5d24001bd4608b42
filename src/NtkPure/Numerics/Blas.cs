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
}
