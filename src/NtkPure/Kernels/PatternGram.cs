using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NtkPure.Kernels;

/// <summary>
/// Σ_r φ'(z_ir)·φ'(z_jr) for a piecewise-linear φ (φ' = above for z ≥ 0, below otherwise) from the packed
/// activation pattern S (n rows of ⌈m/64⌉ words), by popcount instead of a float product: with
/// c_ij = |S_i ∧ S_j| and p_i = |S_i|, the sum is above²·c_ij + above·below·(p_i + p_j − 2c_ij)
/// + below²·(m − p_i − p_j + c_ij). For ReLU (above 1, below 0) it is the integer c_ij, exactly.
/// Rows are processed in 4×4 tiles so each loaded word serves four pairs; the tiles are a fixed partition.
/// </summary>
internal static class PatternGram
{
    public static double[] Of(ReadOnlySpan<ulong> signs, int n, int m, double above, double below)
    {
        int words = (m + 63) / 64;
        if (signs.Length < (long)n * words)
            throw new ArgumentException("pattern too short");
        var counts = new long[n * n];
        var ones = new long[n];
        for (int i = 0; i < n; i++)
            ones[i] = Count(signs.Slice(i * words, words));
        unsafe
        {
            fixed (ulong* ps = signs)
            fixed (long* pc = counts)
            {
                var (s, c) = ((nint)ps, (nint)pc);
                int blocks = (n + 3) / 4;
                void Row(int bi)
                {
                    for (int bj = 0; bj <= bi; bj++)
                        Tile((ulong*)s, (long*)c, n, words, bi * 4, bj * 4);
                }
                if ((long)n * n * words < 1L << 22)
                    for (int bi = 0; bi < blocks; bi++)
                        Row(bi);
                else
                    Parallel.For(0, blocks, Row);
            }
        }
        var g = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                long cij = counts[i * n + j];
                double v = below == 0.0 && above == 1.0
                    ? cij
                    : above * above * cij + above * below * (ones[i] + ones[j] - 2 * cij) + below * below * (m - ones[i] - ones[j] + cij);
                g[i * n + j] = g[j * n + i] = v;
            }
        return g;
    }

    private static long Count(ReadOnlySpan<ulong> row)
    {
        long c = 0;
        foreach (var w in row)
            c += BitOperations.PopCount(w);
        return c;
    }

    /// <summary>Counts |S_i ∧ S_j| for i ∈ [i0, i0+4), j ∈ [j0, j0+4), j ≤ i, into counts[i·n + j].</summary>
    private static unsafe void Tile(ulong* s, long* counts, int n, int words, int i0, int j0)
    {
        int iRows = Math.Min(4, n - i0), jRows = Math.Min(4, n - j0);
        if (iRows == 4 && jRows == 4 && Avx512BW.IsSupported && words >= 8)
        {
            VectorTile(s, counts, n, words, i0, j0);
            return;
        }
        if (iRows == 4 && jRows == 4)
        {
            ulong* a0 = s + (long)i0 * words, a1 = a0 + words, a2 = a1 + words, a3 = a2 + words;
            ulong* b0 = s + (long)j0 * words, b1 = b0 + words, b2 = b1 + words, b3 = b2 + words;
            long c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
            long c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
            for (int w = 0; w < words; w++)
            {
                ulong x0 = a0[w], x1 = a1[w], x2 = a2[w], x3 = a3[w];
                ulong y0 = b0[w], y1 = b1[w], y2 = b2[w], y3 = b3[w];
                c00 += BitOperations.PopCount(x0 & y0); c01 += BitOperations.PopCount(x0 & y1);
                c02 += BitOperations.PopCount(x0 & y2); c03 += BitOperations.PopCount(x0 & y3);
                c10 += BitOperations.PopCount(x1 & y0); c11 += BitOperations.PopCount(x1 & y1);
                c12 += BitOperations.PopCount(x1 & y2); c13 += BitOperations.PopCount(x1 & y3);
                c20 += BitOperations.PopCount(x2 & y0); c21 += BitOperations.PopCount(x2 & y1);
                c22 += BitOperations.PopCount(x2 & y2); c23 += BitOperations.PopCount(x2 & y3);
                c30 += BitOperations.PopCount(x3 & y0); c31 += BitOperations.PopCount(x3 & y1);
                c32 += BitOperations.PopCount(x3 & y2); c33 += BitOperations.PopCount(x3 & y3);
            }
            long* r0 = counts + (long)i0 * n + j0, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n;
            r0[0] = c00; r0[1] = c01; r0[2] = c02; r0[3] = c03;
            r1[0] = c10; r1[1] = c11; r1[2] = c12; r1[3] = c13;
            r2[0] = c20; r2[1] = c21; r2[2] = c22; r2[3] = c23;
            r3[0] = c30; r3[1] = c31; r3[2] = c32; r3[3] = c33;
            return;
        }
        for (int i = i0; i < i0 + iRows; i++)
            for (int j = j0; j < j0 + jRows; j++)
            {
                long c = 0;
                ulong* a = s + (long)i * words, b = s + (long)j * words;
                for (int w = 0; w < words; w++)
                    c += BitOperations.PopCount(a[w] & b[w]);
                counts[(long)i * n + j] = c;
            }
    }

    /// <summary>
    /// The 4×4 tile on 512-bit vectors: popcounts of x ∧ y by the nibble table (two byte shuffles per vector), kept as
    /// byte sums for at most 31 vectors (31·8 = 248 &lt; 256) and then widened by a sum of absolute differences.
    /// Integer arithmetic, so the counts equal the scalar path's exactly; the last words % 8 go the scalar way.
    /// </summary>
    private static unsafe void VectorTile(ulong* s, long* counts, int n, int words, int i0, int j0)
    {
        ulong* a0 = s + (long)i0 * words, a1 = a0 + words, a2 = a1 + words, a3 = a2 + words;
        ulong* b0 = s + (long)j0 * words, b1 = b0 + words, b2 = b1 + words, b3 = b2 + words;
        var table = Vector512.Create((byte)0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4,
            0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
        var low = Vector512.Create((byte)0x0F);
        int full = words / 8 * 8;
        var wide = stackalloc Vector512<ulong>[16];
        for (int t = 0; t < 16; t++)
            wide[t] = Vector512<ulong>.Zero;
        for (int w0 = 0; w0 < full; w0 += 8 * 31)
        {
            int w1 = Math.Min(full, w0 + 8 * 31);
            Vector512<byte> c00 = default, c01 = default, c02 = default, c03 = default, c10 = default, c11 = default, c12 = default, c13 = default;
            Vector512<byte> c20 = default, c21 = default, c22 = default, c23 = default, c30 = default, c31 = default, c32 = default, c33 = default;
            for (int w = w0; w < w1; w += 8)
            {
                var x0 = Vector512.Load(a0 + w).AsByte();
                var x1 = Vector512.Load(a1 + w).AsByte();
                var x2 = Vector512.Load(a2 + w).AsByte();
                var x3 = Vector512.Load(a3 + w).AsByte();
                var y0 = Vector512.Load(b0 + w).AsByte();
                var y1 = Vector512.Load(b1 + w).AsByte();
                var y2 = Vector512.Load(b2 + w).AsByte();
                var y3 = Vector512.Load(b3 + w).AsByte();
                c00 += Count(x0 & y0, table, low); c01 += Count(x0 & y1, table, low); c02 += Count(x0 & y2, table, low); c03 += Count(x0 & y3, table, low);
                c10 += Count(x1 & y0, table, low); c11 += Count(x1 & y1, table, low); c12 += Count(x1 & y2, table, low); c13 += Count(x1 & y3, table, low);
                c20 += Count(x2 & y0, table, low); c21 += Count(x2 & y1, table, low); c22 += Count(x2 & y2, table, low); c23 += Count(x2 & y3, table, low);
                c30 += Count(x3 & y0, table, low); c31 += Count(x3 & y1, table, low); c32 += Count(x3 & y2, table, low); c33 += Count(x3 & y3, table, low);
            }
            wide[0] += Widen(c00); wide[1] += Widen(c01); wide[2] += Widen(c02); wide[3] += Widen(c03);
            wide[4] += Widen(c10); wide[5] += Widen(c11); wide[6] += Widen(c12); wide[7] += Widen(c13);
            wide[8] += Widen(c20); wide[9] += Widen(c21); wide[10] += Widen(c22); wide[11] += Widen(c23);
            wide[12] += Widen(c30); wide[13] += Widen(c31); wide[14] += Widen(c32); wide[15] += Widen(c33);
        }
        for (int t = 0; t < 16; t++)
        {
            ulong* ai = s + (long)(i0 + t / 4) * words, bj = s + (long)(j0 + t % 4) * words;
            long c = (long)Vector512.Sum(wide[t]);
            for (int w = full; w < words; w++)
                c += BitOperations.PopCount(ai[w] & bj[w]);
            counts[(long)(i0 + t / 4) * n + j0 + t % 4] = c;
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> Count(Vector512<byte> v, Vector512<byte> table, Vector512<byte> low) =>
        Avx512BW.Shuffle(table, v & low) + Avx512BW.Shuffle(table, Vector512.ShiftRightLogical(v.AsUInt16(), 4).AsByte() & low);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Widen(Vector512<byte> bytes) => Avx512BW.SumAbsoluteDifferences(bytes, Vector512<byte>.Zero).AsUInt64();
}
