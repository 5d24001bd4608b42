using System.Numerics;
using NtkPure.Numerics;

namespace NtkPure.Boolean;

/// <summary>
/// The parities of wu "Orthonormal class": f_v(x) = (−1)^{⟨v,x⟩} for v, x ∈ {0,1}^d, the class F₁ of size 2^d.
/// A subset v (or a point x) of {0,1}^d is a 64-bit mask with bit j for coordinate j, so d ≤ <see cref="MaxDimension"/>.
/// The inner product is ⟨f, g⟩ = E_{x∼Unif({0,1}^d)}[f(x)g(x)] (wu, before Definition 6).
/// </summary>
public static class Parity
{
    public const int MaxDimension = 63;

    /// <summary>The largest d for which <see cref="Gram"/> builds the full 2^d×2^d matrix (4096², 128 MB).</summary>
    public const int GramLimit = 12;

    /// <summary>f_v(x) = (−1)^{⟨v,x⟩} for the point with index (bit mask) x.</summary>
    public static int Value(ulong v, ulong x) => (BitOperations.PopCount(v & x) & 1) == 0 ? 1 : -1;

    /// <summary>
    /// f_v at a point given by its coordinates: (−1)^{Σ_{j∈v} x_j} on {0,1}^d, Π_{j∈v} x_j on {−1,1}^d (the same
    /// function under x ↦ 1 − 2x). Coordinates must be exactly 0/1 (or ±1).
    /// </summary>
    public static double Of(ulong v, ReadOnlySpan<double> x, CubeDomain domain) => Value(v, IndexOf(x, domain));

    /// <summary>The index (bit mask) of a cube point given by its coordinates; throws if x is not a cube point.</summary>
    public static ulong IndexOf(ReadOnlySpan<double> x, CubeDomain domain)
    {
        if (x.Length > MaxDimension)
            throw new ArgumentException($"d = {x.Length} exceeds {MaxDimension}");
        ulong index = 0;
        for (int j = 0; j < x.Length; j++)
        {
            double one = domain == CubeDomain.ZeroOne ? 1.0 : -1.0, zero = domain == CubeDomain.ZeroOne ? 0.0 : 1.0;
            if (x[j] == one)
                index |= 1UL << j;
            else if (x[j] != zero)
                throw new ArgumentException(FormattableString.Invariant($"x[{j}] = {x[j]} is not a coordinate of the {domain} cube"));
        }
        return index;
    }

    internal static void RequireDimension(int d)
    {
        if (d < 0 || d > MaxDimension)
            throw new ArgumentOutOfRangeException(nameof(d), $"parities are indexed by 64-bit masks: need 0 ≤ d ≤ {MaxDimension}, got {d}");
    }

    private static void RequireMask(int d, ulong v, string name)
    {
        if (d < 64 && (v >> d) != 0)
            throw new ArgumentException($"{name} = {v:X} has bits beyond d = {d}");
    }

    /// <summary>
    /// ⟨f_v, f_w⟩ by enumerating the 2^d points (d ≤ <see cref="Cube.ExactLimit"/>): the count Σ_x f_v(x)f_w(x) is an
    /// integer, so the result is exact. Streams; allocates nothing.
    /// </summary>
    public static double InnerProduct(int d, ulong v, ulong w)
    {
        Cube.RequireExact(d);
        RequireMask(d, v, "v");
        RequireMask(d, w, "w");
        long n = Cube.Size(d), s = 0;
        for (ulong x = 0; x < (ulong)n; x++)
            s += Value(v, x) * Value(w, x);
        return (double)s / n; // |s| ≤ 2^20 and n a power of two: exact
    }

    /// <summary>
    /// The truth table of f_v packed in bits: bit x is 1 iff f_v(x) = −1. max(1, 2^d/64) words; d ≤ <see cref="Cube.ExactLimit"/>.
    /// </summary>
    public static ulong[] Table(int d, ulong v)
    {
        Cube.RequireExact(d);
        RequireMask(d, v, "v");
        long n = Cube.Size(d);
        var t = new ulong[Math.Max(1, n / 64)];
        for (ulong x = 0; x < (ulong)n; x++)
            if (Value(v, x) < 0)
                t[x >> 6] |= 1UL << (int)(x & 63);
        return t;
    }

    /// <summary>
    /// The Gram matrix G_ij = ⟨f_{v_i}, f_{v_j}⟩ (K×K) of the parities <paramref name="vs"/> (all 2^d of them, in
    /// index order, when null), d ≤ <see cref="GramLimit"/>. Each entry is counted from the truth tables:
    /// Σ_x f_v(x)f_w(x) = 2^d − 2·#{x : f_v(x) ≠ f_w(x)} = 2^d − 2·popcount(T_v ⊕ T_w), an integer, so every entry
    /// is exact. Nothing here uses the product structure of the parities that the proof of (0.1)–(0.2) uses.
    /// </summary>
    public static Mat Gram(int d, IReadOnlyList<ulong>? vs = null)
    {
        if (d < 0 || d > GramLimit)
            throw new ArgumentOutOfRangeException(nameof(d), $"the full Gram matrix is built for 0 ≤ d ≤ {GramLimit}, got {d}");
        long n = Cube.Size(d);
        int k = vs?.Count ?? (int)n;
        var tables = new ulong[k][];
        for (int i = 0; i < k; i++)
            tables[i] = Table(d, vs is null ? (ulong)i : vs[i]);
        var g = new double[(long)k * k];
        for (int i = 0; i < k; i++)
        {
            var ti = tables[i];
            for (int j = i; j < k; j++)
            {
                var tj = tables[j];
                long differ = 0;
                for (int word = 0; word < ti.Length; word++)
                    differ += BitOperations.PopCount(ti[word] ^ tj[word]);
                g[(long)i * k + j] = g[(long)j * k + i] = (double)(n - 2 * differ) / n;
            }
        }
        return Mat.Own(k, k, g);
    }

    /// <summary>
    /// ⟨f_v, f_w⟩ by Monte Carlo for any d ≤ <see cref="MaxDimension"/>: the mean of f_v(x)f_w(x) ∈ {−1, 1} over
    /// <paramref name="samples"/> uniform points, with the Hoeffding half-width √(2 ln(2/α)/N), α = 1 − confidence.
    /// </summary>
    public static Estimate InnerProductMonteCarlo(int d, ulong v, ulong w, long samples, ulong seed, double confidence)
    {
        RequireDimension(d);
        RequireMask(d, v, "v");
        RequireMask(d, w, "w");
        if (samples <= 0)
            throw new ArgumentOutOfRangeException(nameof(samples));
        if (!(confidence > 0 && confidence < 1))
            throw new ArgumentOutOfRangeException(nameof(confidence));
        var rng = new Rng(Rng.Derive(seed, "parity/monte-carlo"));
        long s = 0;
        for (long i = 0; i < samples; i++)
        {
            ulong x = Cube.RandomIndex(ref rng, d);
            s += Value(v, x) * Value(w, x);
        }
        double half = 2 * Math.Sqrt(DetMath.Log(2 / (1 - confidence)) / (2.0 * samples));
        return new Estimate((double)s / samples, half, confidence, samples, false);
    }
}
