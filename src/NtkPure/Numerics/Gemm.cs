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
        if (c.Length < (long)p * q)
            throw new ArgumentException("output too small");
        if (!accumulate)
            c[..(p * q)].Clear();
        if (p == 0 || q == 0 || k == 0)
            return;
        unsafe
        {
            fixed (double* pb = b.Data, pc = c)
            {
                var job = new Job<TA>(a, pb, b.RowStride, b.ColStride, pc, p, q, k);
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

    private readonly unsafe struct Job<TA>(TA a, double* b, int brs, int bcs, double* c, int p, int q, int k)
        where TA : struct, IPanelSource
    {
        /// <summary>Computes rows [ib·Mc, …) × columns [jb·Nc, …) of C over the whole k, in order of k.</summary>
        public void Block(int jb, int ib)
        {
            int nr = Nr;
            int j0 = jb * Nc, j1 = Math.Min(q, j0 + Nc);
            int i0 = ib * Mc, i1 = Math.Min(p, i0 + Mc);
            int nPanels = (j1 - j0 + nr - 1) / nr, mPanels = (i1 - i0 + Mr - 1) / Mr;
            var bufB = ArrayPool<double>.Shared.Rent(nPanels * nr * Kc);
            var bufA = ArrayPool<double>.Shared.Rent(mPanels * Mr * Kc);
            try
            {
                fixed (double* pb = bufB, pa = bufA)
                {
                    for (int l0 = 0; l0 < k; l0 += Kc)
                    {
                        int kc = Math.Min(Kc, k - l0);
                        PackB(pb, l0, kc, j0, j1, nr);
                        a.PackA(pa, l0, kc, i0, i1);
                        for (int jp = 0; jp < nPanels; jp++)
                            for (int ip = 0; ip < mPanels; ip++)
                            {
                                int ii = i0 + ip * Mr, jj = j0 + jp * nr;
                                int rows = Math.Min(Mr, i1 - ii), cols = Math.Min(nr, j1 - jj);
                                double* ap = pa + ip * Mr * kc, bp = pb + jp * nr * kc;
                                if (nr == 16)
                                    Kernel8x16(ap, bp, kc, c + (long)ii * q + jj, q, rows, cols);
                                else
                                    Kernel8x8(ap, bp, kc, c + (long)ii * q + jj, q, rows, cols);
                            }
                    }
                }
            }
            finally
            {
                ArrayPool<double>.Shared.Return(bufB);
                ArrayPool<double>.Shared.Return(bufA);
            }
        }

        /// <summary>Packs B[l0.., j0..j1) into panels of nr columns, l-major inside a panel, zero-padded.</summary>
        private void PackB(double* dst, int l0, int kc, int j0, int j1, int nr)
        {
            for (int jj = j0; jj < j1; jj += nr)
            {
                int cols = Math.Min(nr, j1 - jj);
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
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Kernel8x16(double* a, double* b, int kc, double* c, int ldc, int rows, int cols)
    {
        // accumulators start from C so that each entry continues its chain across k-blocks
        Span<double> tile = stackalloc double[8 * 16];
        Load(c, ldc, rows, cols, tile, 16);
        fixed (double* t = tile)
        {
            Vector512<double> c00 = Vector512.Load(t), c01 = Vector512.Load(t + 8);
            Vector512<double> c10 = Vector512.Load(t + 16), c11 = Vector512.Load(t + 24);
            Vector512<double> c20 = Vector512.Load(t + 32), c21 = Vector512.Load(t + 40);
            Vector512<double> c30 = Vector512.Load(t + 48), c31 = Vector512.Load(t + 56);
            Vector512<double> c40 = Vector512.Load(t + 64), c41 = Vector512.Load(t + 72);
            Vector512<double> c50 = Vector512.Load(t + 80), c51 = Vector512.Load(t + 88);
            Vector512<double> c60 = Vector512.Load(t + 96), c61 = Vector512.Load(t + 104);
            Vector512<double> c70 = Vector512.Load(t + 112), c71 = Vector512.Load(t + 120);
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
            c00.Store(t); c01.Store(t + 8); c10.Store(t + 16); c11.Store(t + 24);
            c20.Store(t + 32); c21.Store(t + 40); c30.Store(t + 48); c31.Store(t + 56);
            c40.Store(t + 64); c41.Store(t + 72); c50.Store(t + 80); c51.Store(t + 88);
            c60.Store(t + 96); c61.Store(t + 104); c70.Store(t + 112); c71.Store(t + 120);
        }
        Store(tile, 16, c, ldc, rows, cols);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Kernel8x8(double* a, double* b, int kc, double* c, int ldc, int rows, int cols)
    {
        Span<double> tile = stackalloc double[8 * 8];
        Load(c, ldc, rows, cols, tile, 8);
        fixed (double* t = tile)
        {
            Vector256<double> c00 = Vector256.Load(t), c01 = Vector256.Load(t + 4);
            Vector256<double> c10 = Vector256.Load(t + 8), c11 = Vector256.Load(t + 12);
            Vector256<double> c20 = Vector256.Load(t + 16), c21 = Vector256.Load(t + 20);
            Vector256<double> c30 = Vector256.Load(t + 24), c31 = Vector256.Load(t + 28);
            Vector256<double> c40 = Vector256.Load(t + 32), c41 = Vector256.Load(t + 36);
            Vector256<double> c50 = Vector256.Load(t + 40), c51 = Vector256.Load(t + 44);
            Vector256<double> c60 = Vector256.Load(t + 48), c61 = Vector256.Load(t + 52);
            Vector256<double> c70 = Vector256.Load(t + 56), c71 = Vector256.Load(t + 60);
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
            c00.Store(t); c01.Store(t + 4); c10.Store(t + 8); c11.Store(t + 12);
            c20.Store(t + 16); c21.Store(t + 20); c30.Store(t + 24); c31.Store(t + 28);
            c40.Store(t + 32); c41.Store(t + 36); c50.Store(t + 40); c51.Store(t + 44);
            c60.Store(t + 48); c61.Store(t + 52); c70.Store(t + 56); c71.Store(t + 60);
        }
        Store(tile, 8, c, ldc, rows, cols);
    }

    private static unsafe void Load(double* c, int ldc, int rows, int cols, Span<double> tile, int nr)
    {
        tile.Clear();
        for (int r = 0; r < rows; r++)
            new Span<double>(c + (long)r * ldc, cols).CopyTo(tile.Slice(r * nr, cols));
    }

    private static unsafe void Store(ReadOnlySpan<double> tile, int nr, double* c, int ldc, int rows, int cols)
    {
        for (int r = 0; r < rows; r++)
            tile.Slice(r * nr, cols).CopyTo(new Span<double>(c + (long)r * ldc, cols));
    }
}
