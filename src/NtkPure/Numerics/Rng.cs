namespace NtkPure.Numerics;

/// <summary>
/// A seeded random stream whose algorithm is ours and fixed: xoshiro256** (Blackman and Vigna, 2018) with its
/// state filled by SplitMix64 from the 64-bit seed. Uniform doubles take the top 53 bits; Gaussians use the
/// Marsaglia polar method with <see cref="DetMath.Log"/>, so the same seed gives the same bits on every machine
/// and runtime version. A mutable struct: create one inside a pure function from a seed argument and never
/// let it escape.
/// </summary>
public struct Rng
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spare;
    private bool _hasSpare;

    public Rng(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
        _spare = 0;
        _hasSpare = false;
    }

    /// <summary>A child seed for a named sub-stream: independent streams for W, a, X, y from one user seed.</summary>
    public static ulong Derive(ulong seed, string label)
    {
        // FNV-1a over the label's UTF-16 code units, then mixed with the seed through SplitMix64.
        ulong h = 14695981039346656037UL;
        foreach (char c in label)
        {
            h ^= c;
            h *= 1099511628211UL;
        }
        ulong x = seed ^ h;
        SplitMix(ref x);
        return SplitMix(ref x);
    }

    private static ulong SplitMix(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        ulong z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The first SplitMix64 output from a state, exposed to test against the reference sequence.</summary>
    internal static ulong SplitMixFirst(ulong state) => SplitMix(ref state);

    private static ulong Rotl(ulong x, int k) => (x << k) | (x >> (64 - k));

    public ulong NextULong()
    {
        ulong result = Rotl(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = Rotl(_s3, 45);
        return result;
    }

    /// <summary>Uniform on [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / 9007199254740992.0);

    /// <summary>Uniform on {−1, +1}.</summary>
    public double NextSign() => (NextULong() >> 63) == 0 ? 1.0 : -1.0;

    /// <summary>Uniform integer in [0, n) without modulo bias (Lemire's method with rejection).</summary>
    public int NextInt(int n)
    {
        if (n <= 0)
            throw new ArgumentOutOfRangeException(nameof(n));
        ulong bound = (ulong)n;
        ulong threshold = (0UL - bound) % bound;
        while (true)
        {
            ulong r = NextULong();
            UInt128 product = (UInt128)r * bound;
            if ((ulong)product >= threshold)
                return (int)(ulong)(product >> 64);
        }
    }

    /// <summary>Standard normal N(0, 1) by the Marsaglia polar method.</summary>
    public double NextGaussian()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spare;
        }
        double u, v, s;
        do
        {
            u = 2.0 * NextDouble() - 1.0;
            v = 2.0 * NextDouble() - 1.0;
            s = u * u + v * v;
        } while (s >= 1.0 || s == 0.0);
        double f = Math.Sqrt(-2.0 * DetMath.Log(s) / s);
        _spare = v * f;
        _hasSpare = true;
        return u * f;
    }

    public void FillGaussian(Span<double> target, double std = 1.0)
    {
        for (int i = 0; i < target.Length; i++)
            target[i] = std * NextGaussian();
    }

    /// <summary>A point uniform on the unit sphere S^{d−1}: a normalised Gaussian vector.</summary>
    public void FillSphere(Span<double> target)
    {
        double norm;
        do
        {
            FillGaussian(target);
            norm = Math.Sqrt(Blas.Dot(target, target));
        } while (norm == 0.0);
        for (int i = 0; i < target.Length; i++)
            target[i] /= norm;
    }
}
