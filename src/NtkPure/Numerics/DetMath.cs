namespace NtkPure.Numerics;

/// <summary>
/// Elementary functions built from IEEE-754 +, −, ×, ÷ and √ only, so that their results are the same bits on
/// every machine and runtime version. The random streams depend on them: <see cref="Math.Log(double)"/> is
/// delegated to the platform's C library and is not guaranteed to round identically everywhere.
/// </summary>
public static class DetMath
{
    private const double Ln2Hi = 6.93147180369123816490e-01; // ln 2 split so that e·Ln2Hi is exact for |e| < 2^11
    private const double Ln2Lo = 1.90821492927058770002e-10;

    /// <summary>Natural logarithm of a positive finite normal or subnormal x, accurate to about 1 ulp.</summary>
    public static double Log(double x)
    {
        if (!(x > 0) || double.IsInfinity(x))
            return x == 0 ? double.NegativeInfinity : double.NaN;
        long bits = BitConverter.DoubleToInt64Bits(x);
        int e = (int)((bits >> 52) & 0x7FF);
        if (e == 0)
        {
            // subnormal: scale into the normal range first
            x *= 18014398509481984.0; // 2^54
            bits = BitConverter.DoubleToInt64Bits(x);
            e = (int)((bits >> 52) & 0x7FF) - 54;
        }
        int exponent = e - 1023;
        double m = BitConverter.Int64BitsToDouble((bits & 0x000FFFFFFFFFFFFFL) | 0x3FF0000000000000L); // m ∈ [1, 2)
        if (m > 1.4142135623730951)
        {
            m *= 0.5;
            exponent++;
        }
        // log m = 2 atanh(s), s = (m−1)/(m+1), |s| ≤ 0.1716: the odd series converges to 1e-17 in 11 terms.
        double s = (m - 1.0) / (m + 1.0);
        double s2 = s * s;
        double sum = 1.0 / 23.0;
        for (int k = 21; k >= 1; k -= 2)
            sum = 1.0 / k + s2 * sum;
        double logM = 2.0 * s * sum;
        return exponent * Ln2Hi + (logM + exponent * Ln2Lo);
    }
}
