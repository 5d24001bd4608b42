using MathNet.Numerics.Distributions;

namespace NtkPure.Numerics;

/// <summary>An exact two-sided binomial confidence interval for a probability.</summary>
public sealed record BinomialInterval(int Failures, int Trials, double Lower, double Upper, double Confidence);

/// <summary>A least-squares line log y = Intercept + Slope·log x with a confidence interval on the slope.</summary>
public sealed record LogLogFit(double Slope, double Intercept, double SlopeLower, double SlopeUpper, double Confidence, int Points)
{
    /// <summary>The implied constant C in y ≈ C·x^slope.</summary>
    public double Constant => Math.Exp(Intercept);

    public bool SlopeInside(double exponent) => SlopeLower <= exponent && exponent <= SlopeUpper;
}

public static class Statistics
{
    /// <summary>
    /// Clopper–Pearson: the exact interval [L, U] for p from k failures in n trials, each side at level α/2
    /// (L = Beta⁻¹(α/2; k, n−k+1), U = Beta⁻¹(1−α/2; k+1, n−k), with L = 0 at k = 0 and U = 1 at k = n).
    /// </summary>
    public static BinomialInterval ClopperPearson(int failures, int trials, double alpha)
    {
        if (trials <= 0 || failures < 0 || failures > trials)
            throw new ArgumentOutOfRangeException(nameof(failures), $"need 0 ≤ k ≤ n and n > 0, got k = {failures}, n = {trials}");
        if (!(alpha > 0 && alpha < 1))
            throw new ArgumentOutOfRangeException(nameof(alpha));
        double lower = failures == 0 ? 0.0 : Beta.InvCDF(failures, trials - failures + 1, alpha / 2);
        double upper = failures == trials ? 1.0 : Beta.InvCDF(failures + 1, trials - failures, 1 - alpha / 2);
        return new BinomialInterval(failures, trials, lower, upper, 1 - alpha);
    }

    /// <summary>
    /// Fits log y on log x by least squares; the slope interval is the Student-t interval at the given confidence
    /// (n − 2 degrees of freedom). Needs at least three points with x, y &gt; 0.
    /// </summary>
    public static LogLogFit FitLogLog(IReadOnlyList<double> x, IReadOnlyList<double> y, double confidence = 0.95)
    {
        if (x.Count != y.Count)
            throw new ArgumentException("x and y differ in length");
        int n = x.Count;
        if (n < 3)
            throw new ArgumentException("a log-log fit with an interval needs at least 3 points");
        var lx = new double[n];
        var ly = new double[n];
        for (int i = 0; i < n; i++)
        {
            if (!(x[i] > 0 && y[i] > 0) || !double.IsFinite(x[i]) || !double.IsFinite(y[i]))
                throw new ArgumentException($"log-log fit needs positive finite values, got ({x[i]}, {y[i]}) at {i}");
            lx[i] = Math.Log(x[i]);
            ly[i] = Math.Log(y[i]);
        }
        double mx = lx.Average(), my = ly.Average();
        double sxx = 0, sxy = 0;
        for (int i = 0; i < n; i++)
        {
            sxx += (lx[i] - mx) * (lx[i] - mx);
            sxy += (lx[i] - mx) * (ly[i] - my);
        }
        if (sxx == 0)
            throw new ArgumentException("log-log fit needs at least two distinct x values");
        double slope = sxy / sxx, intercept = my - slope * mx;
        double rss = 0;
        for (int i = 0; i < n; i++)
        {
            double r = ly[i] - intercept - slope * lx[i];
            rss += r * r;
        }
        double se = Math.Sqrt(rss / (n - 2) / sxx);
        double tq = StudentT.InvCDF(0, 1, n - 2, 1 - (1 - confidence) / 2);
        return new LogLogFit(slope, intercept, slope - tq * se, slope + tq * se, confidence, n);
    }
}
