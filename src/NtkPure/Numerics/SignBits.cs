namespace NtkPure.Numerics;

/// <summary>
/// Activation patterns packed 64 to a word: for an n×m matrix Z, row i occupies ⌈m/64⌉ words and neuron r is bit
/// r % 64 of word r / 64, set when z_ir ≥ 0; padding bits are zero.
/// </summary>
internal static class SignBits
{
    public static int Words(int m) => (m + 63) / 64;

    public static ulong[] Pack(ReadOnlySpan<double> z, int n, int m)
    {
        int words = Words(m);
        var s = new ulong[n * words];
        for (int i = 0; i < n; i++)
            Set(z.Slice(i * m, m), s.AsSpan(i * words, words), 0);
        return s;
    }

    /// <summary>Sets bit (offset + j) for every z_j ≥ 0 (offset a multiple of 64; the bits start cleared).</summary>
    public static void Set(ReadOnlySpan<double> z, Span<ulong> words, int offset)
    {
        for (int j = 0; j < z.Length; j++)
            if (z[j] >= 0)
                words[(offset + j) >> 6] |= 1UL << ((offset + j) & 63);
    }

    public static bool Get(ReadOnlySpan<ulong> bits, int words, int i, int r) => ((bits[i * words + (r >> 6)] >> (r & 63)) & 1) != 0;

    /// <summary>How many bits differ between two patterns of the same shape.</summary>
    public static long Differences(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        if (a.Length != b.Length)
            throw new ArgumentException("patterns differ in shape");
        long c = 0;
        for (int k = 0; k < a.Length; k++)
            c += System.Numerics.BitOperations.PopCount(a[k] ^ b[k]);
        return c;
    }
}
