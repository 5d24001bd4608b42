using NtkPure.Numerics;

namespace NtkPure.Boolean;

/// <summary>
/// The two encodings of the Boolean cube used by wu: {0,1}^d (the parities of "Orthonormal class") and
/// {−1,1}^d (the halfspaces of "Learning intersections of halfspaces").
/// </summary>
public enum CubeDomain
{
    /// <summary>x ∈ {0,1}^d.</summary>
    ZeroOne,

    /// <summary>x ∈ {−1,1}^d.</summary>
    PlusMinus,
}

/// <summary>
/// An estimate of a mean with its uncertainty: exact enumeration (HalfWidth is then a bound on the rounding
/// of the sum) or Monte Carlo (HalfWidth is a Hoeffding half-width at <see cref="Confidence"/>).
/// </summary>
public sealed record Estimate(double Mean, double HalfWidth, double Confidence, long Samples, bool Exact)
{
    public double Lower => Mean - HalfWidth;
    public double Upper => Mean + HalfWidth;

    public bool Contains(double value) => Lower <= value && value <= Upper;
}

/// <summary>
/// The cube {0,1}^d or {−1,1}^d under the uniform distribution. Point number i (0 ≤ i &lt; 2^d) has the bits of i as
/// its {0,1} coordinates: b_j = (i ≫ j) &amp; 1; in the ±1 encoding x_j = (−1)^{b_j} = 1 − 2b_j, so that the parity
/// (−1)^{⟨v,b⟩} of the {0,1} point is the character Π_{j: v_j = 1} x_j of the ±1 point. Expectations are exact
/// (enumeration in chunks, compensated sums) up to d = <see cref="ExactLimit"/> and Monte Carlo beyond.
/// </summary>
public static class Cube
{
    /// <summary>The largest d for which expectations enumerate the 2^d points.</summary>
    public const int ExactLimit = 20;

    /// <summary>Points per chunk: the only buffer an enumeration allocates, whatever d.</summary>
    public const int ChunkSize = 4096;

    public static long Size(int d)
    {
        if (d < 0 || d > 62)
            throw new ArgumentOutOfRangeException(nameof(d), $"the cube is indexed by 63-bit integers: need 0 ≤ d ≤ 62, got {d}");
        return 1L << d;
    }

    /// <summary>Writes point <paramref name="index"/> (d coordinates) into <paramref name="x"/>.</summary>
    public static void Fill(ulong index, int d, CubeDomain domain, Span<double> x)
    {
        if (domain == CubeDomain.ZeroOne)
            for (int j = 0; j < d; j++)
                x[j] = (index >> j) & 1UL;
        else
            for (int j = 0; j < d; j++)
                x[j] = ((index >> j) & 1UL) == 0 ? 1.0 : -1.0;
    }

    /// <summary>
    /// Points start … start + count − 1 as the rows of a count×d matrix, or count×(d+1) with a last coordinate
    /// 1 when <paramref name="bias"/> (the (x, 1) inputs on which a bias-free net carries its biases).
    /// </summary>
    public static Mat Points(int d, CubeDomain domain, long start, int count, bool bias = false)
    {
        long size = Size(d);
        if (start < 0 || count < 0 || start + count > size)
            throw new ArgumentOutOfRangeException(nameof(start), $"points {start}…{start + count - 1} are not all in the cube of size {size}");
        int cols = d + (bias ? 1 : 0);
        var x = new double[count * cols];
        for (int i = 0; i < count; i++)
        {
            var row = x.AsSpan(i * cols, cols);
            Fill((ulong)(start + i), d, domain, row);
            if (bias)
                row[d] = 1.0;
        }
        return Mat.Own(count, cols, x);
    }

    /// <summary>All 2^d points (2^d×d, or 2^d×(d+1) with the bias coordinate), in index order. d ≤ <see cref="ExactLimit"/>.</summary>
    public static Mat All(int d, CubeDomain domain, bool bias = false)
    {
        RequireExact(d);
        return Points(d, domain, 0, (int)Size(d), bias);
    }

    internal static void RequireExact(int d)
    {
        if (d < 0 || d > ExactLimit)
            throw new ArgumentOutOfRangeException(nameof(d), $"exact enumeration needs 0 ≤ d ≤ {ExactLimit}, got {d}");
    }

    /// <summary>
    /// E_x f(x) under Unif(cube) by enumeration. <paramref name="f"/> maps a chunk of points (rows) to their values;
    /// it is called once per chunk of up to <see cref="ChunkSize"/> points, in index order, and the values are
    /// added by Neumaier's compensated sum, so the result is within about 2ε·E|f| of the exact mean.
    /// </summary>
    public static Estimate Mean(int d, CubeDomain domain, Func<Mat, Vec> f, bool bias = false)
    {
        RequireExact(d);
        long size = Size(d);
        var sum = new CompensatedSum();
        double abs = 0;
        for (long start = 0; start < size; start += ChunkSize)
        {
            int count = (int)Math.Min(ChunkSize, size - start);
            var v = f(Points(d, domain, start, count, bias));
            if (v.Length != count)
                throw new ArgumentException($"the function returned {v.Length} values for {count} points");
            var s = v.Span;
            for (int i = 0; i < count; i++)
            {
                sum.Add(s[i]);
                abs += Math.Abs(s[i]);
            }
        }
        double mean = sum.Value / size, meanAbs = abs / size;
        // Neumaier: |error| ≤ 2ε|Σ| + O(nε²)Σ|f|; the division by 2^d is exact.
        return new Estimate(mean, 2 * Tolerance.Epsilon * Math.Abs(mean) + 4 * size * Tolerance.Epsilon * Tolerance.Epsilon * meanAbs, 1.0, size, true);
    }

    /// <summary>
    /// E_x f(x) by Monte Carlo for f with values in [lo, hi]: <paramref name="samples"/> uniform points from the
    /// stream of <paramref name="seed"/>, and the two-sided Hoeffding half-width (hi − lo)·√(ln(2/α)/(2N)) with
    /// α = 1 − confidence. Any d ≥ 1.
    /// </summary>
    public static Estimate MonteCarloMean(int d, CubeDomain domain, Func<Mat, Vec> f, double lo, double hi, long samples, ulong seed, double confidence, bool bias = false)
    {
        if (samples <= 0)
            throw new ArgumentOutOfRangeException(nameof(samples));
        if (!(confidence > 0 && confidence < 1))
            throw new ArgumentOutOfRangeException(nameof(confidence));
        if (!(hi >= lo))
            throw new ArgumentException("need lo ≤ hi");
        var rng = new Rng(Rng.Derive(seed, "cube/monte-carlo"));
        var sum = new CompensatedSum();
        int cols = d + (bias ? 1 : 0);
        for (long done = 0; done < samples;)
        {
            int count = (int)Math.Min(ChunkSize, samples - done);
            var x = new double[count * cols];
            for (int i = 0; i < count; i++)
            {
                var row = x.AsSpan(i * cols, cols);
                Random(ref rng, d, domain, row);
                if (bias)
                    row[d] = 1.0;
            }
            var v = f(Mat.Own(count, cols, x));
            if (v.Length != count)
                throw new ArgumentException($"the function returned {v.Length} values for {count} points");
            var s = v.Span;
            for (int i = 0; i < count; i++)
            {
                if (!(s[i] >= lo && s[i] <= hi))
                    throw new ArgumentException(FormattableString.Invariant($"f = {s[i]} lies outside the stated range [{lo}, {hi}]: the Hoeffding bound does not apply"));
                sum.Add(s[i]);
            }
            done += count;
        }
        double alpha = 1 - confidence;
        double half = (hi - lo) * Math.Sqrt(DetMath.Log(2 / alpha) / (2.0 * samples));
        return new Estimate(sum.Value / samples, half, confidence, samples, false);
    }

    /// <summary>Exact for d ≤ <see cref="ExactLimit"/>, Monte Carlo (Hoeffding at <paramref name="confidence"/>) beyond.</summary>
    public static Estimate Expectation(int d, CubeDomain domain, Func<Mat, Vec> f, double lo, double hi, ulong seed, long samples = 1 << 16, double confidence = 0.999, bool bias = false) =>
        d <= ExactLimit ? Mean(d, domain, f, bias) : MonteCarloMean(d, domain, f, lo, hi, samples, seed, confidence, bias);

    /// <summary>A uniform random point of the cube: d fair bits, 64 per draw.</summary>
    public static void Random(ref Rng rng, int d, CubeDomain domain, Span<double> x)
    {
        ulong bits = 0;
        for (int j = 0; j < d; j++)
        {
            if ((j & 63) == 0)
                bits = rng.NextULong();
            ulong b = (bits >> (j & 63)) & 1UL;
            x[j] = domain == CubeDomain.ZeroOne ? b : (b == 0 ? 1.0 : -1.0);
        }
    }

    /// <summary>A uniform random point index for d ≤ 63: the low d bits of one draw.</summary>
    public static ulong RandomIndex(ref Rng rng, int d) => d >= 64 ? rng.NextULong() : rng.NextULong() & ((1UL << d) - 1);
}

/// <summary>Neumaier's compensated sum: the running error of each addition is kept and added back at the end.</summary>
internal struct CompensatedSum
{
    private double _sum, _c;

    public void Add(double x)
    {
        double t = _sum + x;
        _c += Math.Abs(_sum) >= Math.Abs(x) ? (_sum - t) + x : (x - t) + _sum;
        _sum = t;
    }

    public readonly double Value => _sum + _c;
}
