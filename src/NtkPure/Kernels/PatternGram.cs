using System.Numerics;

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
}
