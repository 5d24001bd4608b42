using NtkPure.Numerics;
using Xunit;

namespace NtkPure.Tests.Core;

public class StatisticsTests
{
    private static double BinomialCdf(int k, int n, double p)
    {
        // P[X ≤ k] summed directly in log space: an independent route from the Beta inverse
        double s = 0;
        for (int j = 0; j <= k; j++)
            s += Math.Exp(MathNet.Numerics.SpecialFunctions.BinomialLn(n, j) + j * Math.Log(p) + (n - j) * Math.Log(1 - p));
        return s;
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(3, 50)]
    [InlineData(17, 40)]
    [InlineData(40, 40)]
    public void ClopperPearsonEndpointsSolveTheBinomialTailEquations(int k, int n)
    {
        double alpha = 0.05;
        var ci = Statistics.ClopperPearson(k, n, alpha);
        // U solves P[X ≤ k | U] = α/2 and L solves P[X ≥ k | L] = α/2
        if (k < n)
            Assert.Equal(alpha / 2, BinomialCdf(k, n, ci.Upper), 9);
        else
            Assert.Equal(1.0, ci.Upper);
        if (k > 0)
            Assert.Equal(alpha / 2, 1 - BinomialCdf(k - 1, n, ci.Lower), 9);
        else
            Assert.Equal(0.0, ci.Lower);
    }

    [Fact]
    public void ZeroFailuresGiveTheRuleOfThreeBound()
    {
        // 1 − (α/2)^{1/n} ≈ 3.69/n at α = 0.05
        var ci = Statistics.ClopperPearson(0, 1000, 0.05);
        Assert.Equal(1 - Math.Pow(0.025, 1.0 / 1000), ci.Upper, 12);
    }

    [Fact]
    public void LogLogFitRecoversAnExactPowerLawAndCoversANoisyOne()
    {
        var x = new[] { 1.0, 2, 4, 8, 16, 32 };
        var fit = Statistics.FitLogLog(x, x.Select(v => 3 * Math.Pow(v, -0.5)).ToArray());
        Assert.Equal(-0.5, fit.Slope, 12);
        Assert.Equal(3.0, fit.Constant, 10);
        var rng = new Rng(4);
        int covered = 0;
        for (int rep = 0; rep < 200; rep++)
        {
            var y = x.Select(v => 2 * Math.Pow(v, 1.5) * Math.Exp(0.1 * rng.NextGaussian())).ToArray();
            if (Statistics.FitLogLog(x, y, 0.95).SlopeInside(1.5))
                covered++;
        }
        // 95% intervals: coverage over 200 fits is Binomial(200, 0.95); [178, 200] holds with prob > 0.999
        Assert.InRange(covered, 178, 200);
    }
}
