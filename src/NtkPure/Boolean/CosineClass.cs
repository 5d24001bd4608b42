using System.Numerics;

namespace NtkPure.Boolean;

/// <summary>
/// wu's cosine class on X = [0, 2π]^d: S_d = {cos(wᵀx) : w ∈ ℕ^d, Σ_i w_i ≤ d}, claimed |S_d| ≳ 2^d/√d (0.5).
/// ℕ = {0, 1, 2, …}: with ℕ = {1, 2, …} the only w is (1, …, 1) and |S_d| = 1. Distinct w ∈ ℕ^d give distinct
/// (indeed orthogonal) functions, so |S_d| is the number of such w.
/// </summary>
public static class CosineClass
{
    /// <summary>The largest d for which <see cref="CountByEnumeration"/> walks the set (C(24, 12) ≈ 2.7·10⁶ vectors).</summary>
    public const int EnumerationLimit = 12;

    /// <summary>
    /// #{w ∈ ℕ^d : Σ w_i ≤ d} by visiting every such w (an odometer over the coordinates with the remaining budget):
    /// the definition, with no combinatorics. d ≤ <see cref="EnumerationLimit"/>.
    /// </summary>
    public static long CountByEnumeration(int d, int minimumEntry = 0)
    {
        if (d < 0 || d > EnumerationLimit)
            throw new ArgumentOutOfRangeException(nameof(d), $"enumeration runs for 0 ≤ d ≤ {EnumerationLimit}, got {d}");
        if (d == 0)
            return 1;
        Span<int> w = stackalloc int[d];
        w.Fill(minimumEntry);
        int sum = minimumEntry * d;
        if (sum > d)
            return 0;
        long count = 0;
        while (true)
        {
            count++;
            // next w in odometer order: raise the lowest coordinate that can grow, reset those below it
            int j = 0;
            while (j < d)
            {
                if (sum + 1 <= d)
                {
                    w[j]++;
                    sum++;
                    break;
                }
                sum -= w[j] - minimumEntry;
                w[j] = minimumEntry;
                j++;
            }
            if (j == d)
                return count;
        }
    }

    /// <summary>|S_d| = C(2d, d) (stars and bars: w_1 + … + w_d + slack = d), exactly, ~ 4^d/√(πd).</summary>
    public static BigInteger Count(int d)
    {
        if (d < 0)
            throw new ArgumentOutOfRangeException(nameof(d));
        BigInteger c = 1;
        for (int i = 1; i <= d; i++)
            c = c * (d + i) / i; // C(d+i, i) from C(d+i−1, i−1): always an integer
        return c;
    }

    /// <summary>The seed's lower-bound rate 2^d/√d of (0.5).</summary>
    public static double ClaimedRate(int d) => Math.Pow(2, d) / Math.Sqrt(d);
}
