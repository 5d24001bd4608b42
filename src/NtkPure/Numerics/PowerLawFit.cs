using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra.Double;

namespace NtkPure.Numerics;

/// <summary>
/// A power law with its leading corrections, log y = c + s·log x + Σ_{j=1}^{J} b_j·x^{−j}, fitted by least squares
/// (Householder QR on centred, scaled regressors) with a Student-t interval on the exponent s. For sequences with
/// an asymptotic expansion in 1/x (Mercer coefficients, quadrature errors) the plain log-log fit of
/// <see cref="Statistics.FitLogLog"/> measures a local slope s + O(1/x) whose interval, from deterministic
/// residuals, can be narrow enough to exclude the true s; the corrections absorb that bias.
/// </summary>
public static class PowerLawFit
{
    /// <summary>The fit with <paramref name="corrections"/> terms x^{−1} … x^{−J}; needs more points than J + 2 and x, y &gt; 0.</summary>
    public static LogLogFit WithCorrections(IReadOnlyList<double> x, IReadOnlyList<double> y, int corrections, double confidence = 0.95)
    {
        int n = x.Count, p = corrections + 2;
        if (y.Count != n)
            throw new ArgumentException("x and y differ in length");
        if (n <= p)
            throw new ArgumentException($"a fit with {corrections} corrections needs more than {p} points, got {n}");
        var lx = new double[n];
        var ly = new double[n];
        for (int i = 0; i < n; i++)
        {
            if (!(x[i] > 0 && y[i] > 0) || !double.IsFinite(x[i]) || !double.IsFinite(y[i]))
                throw new ArgumentException($"a power-law fit needs positive finite values, got ({x[i]}, {y[i]}) at {i}");
            lx[i] = Math.Log(x[i]);
            ly[i] = Math.Log(y[i]);
        }
        // columns: 1, log x, x^{-1}, …, x^{-J}, each centred and scaled (except the constant) for conditioning
        var columns = new double[p][];
        columns[0] = Enumerable.Repeat(1.0, n).ToArray();
        columns[1] = lx;
        for (int j = 1; j <= corrections; j++)
            columns[j + 1] = x.Select(v => Math.Pow(v, -j)).ToArray();
        var scale = new double[p];
        var shift = new double[p];
        scale[0] = 1;
        for (int c = 1; c < p; c++)
        {
            double mean = columns[c].Average();
            double sd = Math.Sqrt(columns[c].Sum(v => (v - mean) * (v - mean)) / n);
            if (!(sd > 0))
                throw new ArgumentException("a power-law fit needs at least two distinct x values per term");
            shift[c] = mean;
            scale[c] = sd;
        }
        var a = DenseMatrix.Create(n, p, (i, c) => c == 0 ? 1.0 : (columns[c][i] - shift[c]) / scale[c]);
        var qr = a.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin);
        var b = qr.Solve(DenseVector.OfArray(ly));
        var residual = DenseVector.OfArray(ly) - a * b;
        double rss = residual.DotProduct(residual);
        var rInv = qr.R.Inverse();
        double covSlope = rInv.Row(1).DotProduct(rInv.Row(1)); // (AᵀA)⁻¹ = R⁻¹R⁻ᵀ, entry (1, 1)
        double se = Math.Sqrt(rss / (n - p) * covSlope) / scale[1];
        double slope = b[1] / scale[1];
        double intercept = b[0];
        for (int c = 1; c < p; c++)
            intercept -= b[c] * shift[c] / scale[c];
        double tq = StudentT.InvCDF(0, 1, n - p, 1 - (1 - confidence) / 2);
        return new LogLogFit(slope, intercept, slope - tq * se, slope + tq * se, confidence, n);
    }

    /// <summary>
    /// For a deterministic sequence: the fit with J corrections, its interval widened to cover twice the change of
    /// the exponent from the fit with J − 1 corrections (the truncation error of the expansion, which the residuals
    /// of a smooth sequence do not show).
    /// </summary>
    public static LogLogFit Deterministic(IReadOnlyList<double> x, IReadOnlyList<double> y, int corrections, double confidence = 0.95)
    {
        if (corrections < 1)
            throw new ArgumentOutOfRangeException(nameof(corrections), "the truncation estimate needs at least one correction term");
        var fine = WithCorrections(x, y, corrections, confidence);
        var coarse = WithCorrections(x, y, corrections - 1, confidence);
        double half = Math.Max(0.5 * (fine.SlopeUpper - fine.SlopeLower), 2 * Math.Abs(fine.Slope - coarse.Slope));
        return fine with { SlopeLower = fine.Slope - half, SlopeUpper = fine.Slope + half };
    }
}
