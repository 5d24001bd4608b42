using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NtkPure.Numerics;

/// <summary>
/// A strided matrix view for <see cref="Gemm"/>: element (i, j) is at Data[Offset + i·RowStride + j·ColStride].
/// A row-major p×k matrix is (k, 1); its transpose is (1, k).
/// </summary>
internal readonly ref struct MatView(ReadOnlySpan<double> data, int rows, int cols, int rowStride, int colStride)
{
    public readonly ReadOnlySpan<double> Data = data;
    public readonly int Rows = rows;
    public readonly int Cols = cols;
    public readonly int RowStride = rowStride;
    public readonly int ColStride = colStride;

    public static MatView RowMajor(ReadOnlySpan<double> data, int rows, int cols) => new(data, rows, cols, cols, 1);

    /// <summary>The transpose of a row-major rows×cols matrix, seen as cols×rows.</summary>
    public static MatView Transposed(ReadOnlySpan<double> data, int rows, int cols) => new(data, cols, rows, 1, cols);
}

/// <summary>
/// Produces packed panels of the left factor A (p×k) for <see cref="Gemm"/>: rows [i0, i1) (zero-padded to a
/// multiple of 8) × columns [l0, l0 + kc), written l-major: dst[l·8 + r] = A[i0 + panel·8 + r, l0 + l].
/// A source may compute A on the fly (from an activation pattern, say) so that A is never materialised.
/// </summary>
internal unsafe interface IPanelSource
{
    void PackA(double* dst, int l0, int kc, int i0, int i1);
}

/// <summary>A strided matrix in memory as a panel source.</summary>
internal readonly unsafe struct StridedSource(double* a, int ars, int acs) : IPanelSource
{
    public void PackA(double* dst, int l0, int kc, int i0, int i1)
    {
        for (int ii = i0; ii < i1; ii += 8)
        {
            int rows = Math.Min(8, i1 - ii);
            for (int l = 0; l < kc; l++)
            {
                double* src = a + (long)ii * ars + (long)(l0 + l) * acs;
                int r = 0;
                for (; r < rows; r++)
                    dst[r] = src[(long)r * ars];
                for (; r < 8; r++)
                    dst[r] = 0;
                dst += 8;
            }
        }
    }
}

/// <summary>
/// C (p×q, row-major) = A·B or C += A·B, blocked and packed with a register-tiled FMA micro-kernel
/// (AVX-512: 8×16 tiles; otherwise 8×8 on 256-bit vectors). Every C_ij is one sequential chain
/// c ← fma(a_il, b_lj, c) over l = 0, 1, …, k−1, whatever the tile sizes, vector width or thread count, so the
/// result is bit-identical on every machine and equal to the naive loop with fused multiply–adds.
/// Output blocks are split across threads in a fixed partition and no reduction is ever split.
/// </summary>
[SkipLocalsInit]
internal static class Gemm
{
    private const int Mr = 8;
    private const int Kc = 256;
    private const int Mc = 128; // rows of A per packed block (multiple of Mr)

    private static int Nr => Vector512.IsHardwareAccelerated ? 16 : 8;

    private static int Nc => 8 * 256; // columns of B per packed panel (multiple of both Nr)

    public static void Multiply(MatView a, MatView b, Span<double> c, bool accumulate, bool parallel = true)
    {
        unsafe
        {
            fixed (double* pa = a.Data)
                Multiply(new StridedSource(pa, a.RowStride, a.ColStride), a.Rows, a.Cols, b, c, accumulate, parallel);
        }
    }

    /// <summary>C (p×q) (+)= A·B with A (p×k) supplied panel by panel by <paramref name="a"/>.</summary>
    public static void Multiply<TA>(TA a, int p, int k, MatView b, Span<double> c, bool accumulate, bool parallel = true)
        where TA : struct, IPanelSource
    {
        int q = b.Cols;
        if (b.Rows != k)
            throw new ArgumentException($"inner dimensions differ: {p}×{k} · {b.Rows}×{b.Cols}");
        var packed = ArrayPool<double>.Shared.Rent(Math.Max(1, PackedLength(k, q)));
        try
        {
            Pack(b, packed, parallel && 2.0 * p * q * k >= 4e6);
            MultiplyPacked(a, p, k, packed, q, c, accumulate, parallel);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(packed);
        }
    }

    /// <summary>Doubles needed by <see cref="Pack"/> for a k×q right factor.</summary>
    public static int PackedLength(int k, int q) => checked((q + Nr - 1) / Nr * Nr * k);

    /// <summary>
    /// Packs B (k×q) once for <see cref="MultiplyPacked{TA}"/>: k-blocks of <c>Kc</c> rows; inside the block starting
    /// at l0 (kc rows) the panel of columns [jp·Nr, jp·Nr + Nr) occupies kc·Nr doubles at l0·q̄ + jp·Nr·kc (q̄ = q
    /// rounded up to Nr), l-major, zero-padded. A B used against many row blocks (or many left factors) is packed once.
    /// </summary>
    public static void Pack(MatView b, Span<double> dst, bool parallel = false)
    {
        int k = b.Rows, q = b.Cols, nr = Nr, qPad = (q + nr - 1) / nr * nr;
        if (dst.Length < PackedLength(k, q))
            throw new ArgumentException("packing buffer too small");
        if (k == 0 || q == 0)
            return;
        unsafe
        {
            fixed (double* pb = b.Data, pd = dst)
            {
                var (src, to, rs, cs) = ((nint)pb, (nint)pd, b.RowStride, b.ColStride);
                int kBlocks = (k + Kc - 1) / Kc, panels = qPad / nr;
                void Panel(int job)
                {
                    int kb = job / panels, jp = job % panels, l0 = kb * Kc, kc = Math.Min(Kc, k - l0);
                    PackPanel((double*)src, rs, cs, (double*)to + (long)l0 * qPad + (long)jp * nr * kc, l0, kc, jp * nr, Math.Min(q, jp * nr + nr), nr);
                }
                if (parallel && kBlocks * panels > 1)
                    Parallel.For(0, kBlocks * panels, Panel);
                else
                    for (int job = 0; job < kBlocks * panels; job++)
                        Panel(job);
            }
        }
    }

    /// <summary>Copies B[l0.., jj..jEnd) (at most nr columns) into one l-major panel of nr columns, zero-padded.</summary>
    private static unsafe void PackPanel(double* b, int brs, int bcs, double* dst, int l0, int kc, int jj, int jEnd, int nr)
    {
        int cols = jEnd - jj;
        for (int l = 0; l < kc; l++)
        {
            double* src = b + (long)(l0 + l) * brs + (long)jj * bcs;
            int t = 0;
            if (bcs == 1)
                for (; t < cols; t++)
                    dst[t] = src[t];
            else
                for (; t < cols; t++)
                    dst[t] = src[(long)t * bcs];
            for (; t < nr; t++)
                dst[t] = 0;
            dst += nr;
        }
    }

    /// <summary>C (p×q) (+)= A·B with B (k×q) already packed by <see cref="Pack"/>.</summary>
    public static void MultiplyPacked<TA>(TA a, int p, int k, ReadOnlySpan<double> packedB, int q, Span<double> c, bool accumulate, bool parallel = true)
        where TA : struct, IPanelSource
    {
        if (c.Length < (long)p * q)
            throw new ArgumentException("output too small");
        if (packedB.Length < PackedLength(k, q))
            throw new ArgumentException("packed factor too small");
        if (p == 0 || q == 0)
            return;
        if (k == 0)
        {
            if (!accumulate)
                c[..(p * q)].Clear();
            return;
        }
        unsafe
        {
            fixed (double* pb = packedB, pc = c)
            {
                var job = new Job<TA>(a, pb, pc, p, q, k, accumulate);
                int colBlocks = (q + Nc - 1) / Nc, rowBlocks = (p + Mc - 1) / Mc;
                int blocks = colBlocks * rowBlocks;
                if (!parallel || blocks == 1 || 2.0 * p * q * k < 4e6)
                {
                    for (int blk = 0; blk < blocks; blk++)
                        job.Block(blk / rowBlocks, blk % rowBlocks);
                }
                else
                    Parallel.For(0, blocks, blk => job.Block(blk / rowBlocks, blk % rowBlocks));
            }
        }
    }

    private readonly unsafe struct Job<TA>(TA a, double* b, double* c, int p, int q, int k, bool accumulate)
        where TA : struct, IPanelSource
    {
        /// <summary>Computes rows [ib·Mc, …) × columns [jb·Nc, …) of C over the whole k, in order of k.</summary>
        public void Block(int jb, int ib)
        {
            int nr = Nr, qPad = (q + nr - 1) / nr * nr;
            int j0 = jb * Nc, j1 = Math.Min(q, j0 + Nc);
            int i0 = ib * Mc, i1 = Math.Min(p, i0 + Mc);
            int nPanels = (j1 - j0 + nr - 1) / nr, mPanels = (i1 - i0 + Mr - 1) / Mr;
            var bufA = ArrayPool<double>.Shared.Rent(mPanels * Mr * Kc);
            try
            {
                fixed (double* pa = bufA)
                {
                    for (int l0 = 0; l0 < k; l0 += Kc)
                    {
                        int kc = Math.Min(Kc, k - l0);
                        bool zero = l0 == 0 && !accumulate;
                        double* pb = b + (long)l0 * qPad + (long)(j0 / nr) * nr * kc;
                        a.PackA(pa, l0, kc, i0, i1);
                        for (int jp = 0; jp < nPanels; jp++)
                            for (int ip = 0; ip < mPanels; ip++)
                            {
                                int ii = i0 + ip * Mr, jj = j0 + jp * nr;
                                int rows = Math.Min(Mr, i1 - ii), cols = Math.Min(nr, j1 - jj);
                                double* ap = pa + ip * Mr * kc, bp = pb + jp * nr * kc;
                                if (nr == 16)
                                    Kernel8x16(ap, bp, kc, c + (long)ii * q + jj, q, rows, cols, zero);
                                else
                                    Kernel8x8(ap, bp, kc, c + (long)ii * q + jj, q, rows, cols, zero);
                            }
                    }
                }
            }
            finally
            {
                ArrayPool<double>.Shared.Return(bufA);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Kernel8x16(double* a, double* b, int kc, double* c, int ldc, int rows, int cols, bool zero)
    {
        // Accumulators start from C so that each entry continues its chain across k-blocks, or from +0 on the first
        // block of an overwrite (the same chain as clearing C first). A full tile is read and written in place.
        bool full = rows == 8 && cols == 16;
        double* tileBuf = stackalloc double[8 * 16];
        double* t = full ? c : tileBuf;
        int ld = full ? ldc : 16;
        if (!full)
            Load(c, ldc, rows, cols, tileBuf, 16, zero);
        {
            Vector512<double> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
            if (zero)
            {
                c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = Vector512<double>.Zero;
                c40 = c41 = c50 = c51 = c60 = c61 = c70 = c71 = Vector512<double>.Zero;
            }
            else
            {
                c00 = Vector512.Load(t); c01 = Vector512.Load(t + 8);
                c10 = Vector512.Load(t + ld); c11 = Vector512.Load(t + ld + 8);
                c20 = Vector512.Load(t + 2 * ld); c21 = Vector512.Load(t + 2 * ld + 8);
                c30 = Vector512.Load(t + 3 * ld); c31 = Vector512.Load(t + 3 * ld + 8);
                c40 = Vector512.Load(t + 4 * ld); c41 = Vector512.Load(t + 4 * ld + 8);
                c50 = Vector512.Load(t + 5 * ld); c51 = Vector512.Load(t + 5 * ld + 8);
                c60 = Vector512.Load(t + 6 * ld); c61 = Vector512.Load(t + 6 * ld + 8);
                c70 = Vector512.Load(t + 7 * ld); c71 = Vector512.Load(t + 7 * ld + 8);
            }
            for (int l = 0; l < kc; l++)
            {
                var b0 = Vector512.Load(b);
                var b1 = Vector512.Load(b + 8);
                Vector512<double> x;
                x = Vector512.Create(a[0]);
                c00 = Vector512.FusedMultiplyAdd(x, b0, c00);
                c01 = Vector512.FusedMultiplyAdd(x, b1, c01);
                x = Vector512.Create(a[1]);
                c10 = Vector512.FusedMultiplyAdd(x, b0, c10);
                c11 = Vector512.FusedMultiplyAdd(x, b1, c11);
                x = Vector512.Create(a[2]);
                c20 = Vector512.FusedMultiplyAdd(x, b0, c20);
                c21 = Vector512.FusedMultiplyAdd(x, b1, c21);
                x = Vector512.Create(a[3]);
                c30 = Vector512.FusedMultiplyAdd(x, b0, c30);
                c31 = Vector512.FusedMultiplyAdd(x, b1, c31);
                x = Vector512.Create(a[4]);
                c40 = Vector512.FusedMultiplyAdd(x, b0, c40);
                c41 = Vector512.FusedMultiplyAdd(x, b1, c41);
                x = Vector512.Create(a[5]);
                c50 = Vector512.FusedMultiplyAdd(x, b0, c50);
                c51 = Vector512.FusedMultiplyAdd(x, b1, c51);
                x = Vector512.Create(a[6]);
                c60 = Vector512.FusedMultiplyAdd(x, b0, c60);
                c61 = Vector512.FusedMultiplyAdd(x, b1, c61);
                x = Vector512.Create(a[7]);
                c70 = Vector512.FusedMultiplyAdd(x, b0, c70);
                c71 = Vector512.FusedMultiplyAdd(x, b1, c71);
                a += 8;
                b += 16;
            }
            c00.Store(t); c01.Store(t + 8); c10.Store(t + ld); c11.Store(t + ld + 8);
            c20.Store(t + 2 * ld); c21.Store(t + 2 * ld + 8); c30.Store(t + 3 * ld); c31.Store(t + 3 * ld + 8);
            c40.Store(t + 4 * ld); c41.Store(t + 4 * ld + 8); c50.Store(t + 5 * ld); c51.Store(t + 5 * ld + 8);
            c60.Store(t + 6 * ld); c61.Store(t + 6 * ld + 8); c70.Store(t + 7 * ld); c71.Store(t + 7 * ld + 8);
        }
        if (!full)
            Store(tileBuf, 16, c, ldc, rows, cols);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Kernel8x8(double* a, double* b, int kc, double* c, int ldc, int rows, int cols, bool zero)
    {
        bool full = rows == 8 && cols == 8;
        double* tileBuf = stackalloc double[8 * 8];
        double* t = full ? c : tileBuf;
        int ld = full ? ldc : 8;
        if (!full)
            Load(c, ldc, rows, cols, tileBuf, 8, zero);
        {
            Vector256<double> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
            if (zero)
            {
                c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = Vector256<double>.Zero;
                c40 = c41 = c50 = c51 = c60 = c61 = c70 = c71 = Vector256<double>.Zero;
            }
            else
            {
                c00 = Vector256.Load(t); c01 = Vector256.Load(t + 4);
                c10 = Vector256.Load(t + ld); c11 = Vector256.Load(t + ld + 4);
                c20 = Vector256.Load(t + 2 * ld); c21 = Vector256.Load(t + 2 * ld + 4);
                c30 = Vector256.Load(t + 3 * ld); c31 = Vector256.Load(t + 3 * ld + 4);
                c40 = Vector256.Load(t + 4 * ld); c41 = Vector256.Load(t + 4 * ld + 4);
                c50 = Vector256.Load(t + 5 * ld); c51 = Vector256.Load(t + 5 * ld + 4);
                c60 = Vector256.Load(t + 6 * ld); c61 = Vector256.Load(t + 6 * ld + 4);
                c70 = Vector256.Load(t + 7 * ld); c71 = Vector256.Load(t + 7 * ld + 4);
            }
            for (int l = 0; l < kc; l++)
            {
                var b0 = Vector256.Load(b);
                var b1 = Vector256.Load(b + 4);
                Vector256<double> x;
                x = Vector256.Create(a[0]);
                c00 = Vector256.FusedMultiplyAdd(x, b0, c00);
                c01 = Vector256.FusedMultiplyAdd(x, b1, c01);
                x = Vector256.Create(a[1]);
                c10 = Vector256.FusedMultiplyAdd(x, b0, c10);
                c11 = Vector256.FusedMultiplyAdd(x, b1, c11);
                x = Vector256.Create(a[2]);
                c20 = Vector256.FusedMultiplyAdd(x, b0, c20);
                c21 = Vector256.FusedMultiplyAdd(x, b1, c21);
                x = Vector256.Create(a[3]);
                c30 = Vector256.FusedMultiplyAdd(x, b0, c30);
                c31 = Vector256.FusedMultiplyAdd(x, b1, c31);
                x = Vector256.Create(a[4]);
                c40 = Vector256.FusedMultiplyAdd(x, b0, c40);
                c41 = Vector256.FusedMultiplyAdd(x, b1, c41);
                x = Vector256.Create(a[5]);
                c50 = Vector256.FusedMultiplyAdd(x, b0, c50);
                c51 = Vector256.FusedMultiplyAdd(x, b1, c51);
                x = Vector256.Create(a[6]);
                c60 = Vector256.FusedMultiplyAdd(x, b0, c60);
                c61 = Vector256.FusedMultiplyAdd(x, b1, c61);
                x = Vector256.Create(a[7]);
                c70 = Vector256.FusedMultiplyAdd(x, b0, c70);
                c71 = Vector256.FusedMultiplyAdd(x, b1, c71);
                a += 8;
                b += 8;
            }
            c00.Store(t); c01.Store(t + 4); c10.Store(t + ld); c11.Store(t + ld + 4);
            c20.Store(t + 2 * ld); c21.Store(t + 2 * ld + 4); c30.Store(t + 3 * ld); c31.Store(t + 3 * ld + 4);
            c40.Store(t + 4 * ld); c41.Store(t + 4 * ld + 4); c50.Store(t + 5 * ld); c51.Store(t + 5 * ld + 4);
            c60.Store(t + 6 * ld); c61.Store(t + 6 * ld + 4); c70.Store(t + 7 * ld); c71.Store(t + 7 * ld + 4);
        }
        if (!full)
            Store(tileBuf, 8, c, ldc, rows, cols);
    }

    private static unsafe void Load(double* c, int ldc, int rows, int cols, double* tile, int nr, bool zero)
    {
        new Span<double>(tile, 8 * nr).Clear();
        if (!zero)
            for (int r = 0; r < rows; r++)
                new Span<double>(c + (long)r * ldc, cols).CopyTo(new Span<double>(tile + r * nr, cols));
    }

    private static unsafe void Store(double* tile, int nr, double* c, int ldc, int rows, int cols)
    {
        for (int r = 0; r < rows; r++)
            new Span<double>(tile + r * nr, cols).CopyTo(new Span<double>(c + (long)r * ldc, cols));
    }
}
