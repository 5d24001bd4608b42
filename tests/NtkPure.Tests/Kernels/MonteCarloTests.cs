using NtkPure.Kernels;
using NtkPure.Model;
using NtkPure.Numerics;
using Xunit;

namespace NtkPure.Tests.Kernels;

/// <summary>
/// Closed forms against Monte Carlo. Every comparison is a confidence interval at level α = 1e-3 with a Bonferroni
/// split over the entries (Hoeffding where one draw's term is bounded, CLT otherwise), so each assertion fails on
/// a correct implementation with probability ≤ α; the seeds are fixed, so the run is reproducible.
/// </summary>
public class MonteCarloTests
{
    private const double Alpha = 1e-3;

    public static IEnumerable<object[]> Kernels() =>
        new[] { "hinf", "arccos0", "arccos1", "relu-ntk", "rf-sphere", "wu-balanced", "erf-ntk", "tanh-ntk", "leaky-ntk", "hinf-nu" }.Select(k => new object[] { k });

    private static (Activation Act, WeightDistribution Dist, KernelTerms Terms, Mat Exact) Case(string kind, Mat x)
    {
        int d = x.Cols;
        return kind switch
        {
            "hinf" => (Activation.Relu, WeightDistribution.Gaussian(), KernelTerms.Hinf, InfiniteWidth.Hinf(x)),
            "hinf-nu" => (Activation.Relu, WeightDistribution.Gaussian(37.0), KernelTerms.Hinf, InfiniteWidth.Hinf(x)),
            "arccos0" => (Activation.Relu, WeightDistribution.Gaussian(), KernelTerms.ArcCos0, ArcCosine.Degree0(x)),
            "arccos1" => (Activation.Relu, WeightDistribution.Gaussian(), KernelTerms.ArcCos1, ArcCosine.Degree1(x)),
            "relu-ntk" => (Activation.Relu, WeightDistribution.Gaussian(), KernelTerms.ReluNtk, InfiniteWidth.ReluNtk(x)),
            "rf-sphere" => (Activation.Relu, WeightDistribution.Sphere, KernelTerms.RandomFeatures, InfiniteWidth.WuSphere(x)),
            "wu-balanced" => (Activation.Relu, WeightDistribution.Gaussian(1 / Math.Sqrt(d)), KernelTerms.TwoLayerNtk, InfiniteWidth.WuBalanced(x)),
            "erf-ntk" => (Activation.Erf, WeightDistribution.Gaussian(), KernelTerms.TwoLayerNtk, InfiniteWidth.ErfNtk(x)),
            "tanh-ntk" => (Activation.Tanh, WeightDistribution.Gaussian(), KernelTerms.TwoLayerNtk, InfiniteWidth.TwoLayerNtk(Activation.Tanh, x)),
            "leaky-ntk" => (Activation.LeakyRelu(-0.4), WeightDistribution.Gaussian(), KernelTerms.TwoLayerNtk, InfiniteWidth.TwoLayerNtk(Activation.LeakyRelu(-0.4), x)),
            _ => throw new ArgumentException(kind),
        };
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void ClosedFormLiesInsideTheMonteCarloConfidenceInterval(string kind)
    {
        var x = ClosedFormTests.Inputs(6, 3, 31);
        if (kind == "tanh-ntk")
            x = 0.25 * x; // the trapezoid's cost grows with the variance squared; the comparison does not need norms of 18
        var (act, dist, terms, exact) = Case(kind, x);
        var moments = MonteCarlo.Sample(x, act, dist, 1 << 15, Rng.Derive(5, kind));
        int count = x.Rows * (x.Rows + 1) / 2;
        var worst = MonteCarlo.WorstEntry(moments, terms, act, dist, exact, Alpha, count);
        Assert.True(worst.Margin >= 0, $"{kind}: entry [{worst.Row},{worst.Col}] outside its {worst.Bound} interval (half-width {worst.HalfWidth:G3}, margin {worst.Margin:G3})");
    }

    [Theory]
    [InlineData("relu-ntk")]
    [InlineData("rf-sphere")]
    public void AWrongFactorFallsOutsideTheInterval(string kind)
    {
        // the test has power: the Gaussian-b kernel where wu's sphere kernel is meant (a factor d), or the
        // √(2/m) NTK without its factor 2, is far outside the interval
        var x = ClosedFormTests.Inputs(6, 3, 31);
        var (act, dist, terms, exact) = Case(kind, x);
        var wrong = kind == "rf-sphere" ? (double)x.Cols * exact : 0.5 * exact;
        var moments = MonteCarlo.Sample(x, act, dist, 1 << 15, Rng.Derive(5, kind));
        Assert.True(MonteCarlo.WorstEntry(moments, terms, act, dist, wrong, Alpha, 21).Margin < 0);
    }

    [Fact]
    public void RunningEstimatesSnapshotAtPowersOfTwoAndExtendEachOther()
    {
        var x = ClosedFormTests.Inputs(4, 3, 2);
        var running = MonteCarlo.Running(x, Activation.Relu, WeightDistribution.Gaussian(), 100, 9);
        Assert.Equal(new[] { 1, 2, 4, 8, 16, 32, 64, 100 }, running.Select(r => r.Samples).ToArray());
        // the first 64 draws of a 100-draw run are the 64-draw run
        var short64 = MonteCarlo.Sample(x, Activation.Relu, WeightDistribution.Gaussian(), 64, 9);
        Assert.Equal(short64.SumA, running[6].SumA);
        Assert.Equal(short64.SumBB, running[6].SumBB);
    }

    [Fact]
    public void MonteCarloMeanIsTheEmpiricalKernelOfTheNetWithThoseWeights()
    {
        // H^dis with m draws = ntk-notes Definition 3 of the net whose rows are those draws (here: drawn the same way)
        var x = ClosedFormTests.Inputs(5, 3, 4);
        int m = 64;
        var moments = MonteCarlo.Sample(x, Activation.Relu, WeightDistribution.Gaussian(), m, 12);
        var rng = new Rng(Rng.Derive(12, "mc/w"));
        var w = new double[m * 3];
        for (int r = 0; r < m; r++)
            rng.FillGaussian(w.AsSpan(r * 3, 3), 1.0);
        var h = EmpiricalNtk.Definition3(Mat.FromRowMajor(m, 3, w), x);
        var mean = moments.Mean(KernelTerms.Hinf);
        Assert.True(Tolerance.ForOperations(2 * m, h.MaxAbs()).Close(h, mean));
    }

    [Theory]
    [InlineData("hinf")]
    [InlineData("relu-ntk")]
    [InlineData("erf-ntk")]
    [InlineData("rf-sphere")]
    public void TheErrorDecaysLikeOneOverRootM(string kind)
    {
        // RMS over 48 independent runs of ‖K̂_m − K‖_F along the running estimates; E‖K̂_m − K‖² = tr Var/m exactly,
        // so log RMS is linear in log m with slope −½. The fit starts at m = 16, where the RMS of 48 runs is no
        // longer dominated by a few heavy draws.
        var x = ClosedFormTests.Inputs(5, 3, 8);
        var (act, dist, terms, exact) = Case(kind, x);
        var (m, rms) = MonteCarlo.ErrorCurve(x, act, dist, terms, exact, 1 << 12, 48, Rng.Derive(3, kind));
        Assert.Equal(13, m.Length); // 1, 2, 4, …, 4096
        var fit = Statistics.FitLogLog(m[4..], rms[4..], 0.99);
        Assert.True(fit.SlopeInside(-0.5), $"{kind}: slope {fit.Slope:F3} [{fit.SlopeLower:F3}, {fit.SlopeUpper:F3}]");
        Assert.True(fit.SlopeUpper - fit.SlopeLower < 0.15, $"{kind}: the interval [{fit.SlopeLower:F3}, {fit.SlopeUpper:F3}] is too wide to say anything");
    }

    [Fact]
    public void HoeffdingAndCltHalfWidthsFollowTheirFormulas()
    {
        Assert.Equal(Math.Sqrt(Math.Log(2.0 * 10 / 0.01) / 2000), MonteCarlo.HoeffdingHalfWidth(1, 1000, 0.01, 10), 15);
        // z_{1 − 0.05/2} = 1.959964…
        Assert.Equal(1.959963984540054 * Math.Sqrt(4.0 / 100), MonteCarlo.CltHalfWidth(4, 100, 0.05, 1), 12);
        var gauss = WeightDistribution.Gaussian();
        // indicators: range |x_iᵀx_j|; bounded erf values: range 2; ReLU values under a Gaussian: CLT with E φ⁴ = 3σ⁴/2
        Assert.Equal(("Hoeffding", MonteCarlo.HoeffdingHalfWidth(0.3, 100, 0.01, 1)), Swap(MonteCarlo.HalfWidth(Activation.Relu, gauss, KernelTerms.Hinf, 1, 1, -0.3, 100, 0.01, 1)));
        Assert.Equal(("Hoeffding", MonteCarlo.HoeffdingHalfWidth(2, 100, 0.01, 1)), Swap(MonteCarlo.HalfWidth(Activation.Erf, gauss, KernelTerms.RandomFeatures, 5, 5, 0, 100, 0.01, 1)));
        var (clt, name) = MonteCarlo.HalfWidth(Activation.Relu, gauss, KernelTerms.ArcCos1, 1, 2, 0, 100, 0.01, 1);
        Assert.Equal("CLT", name);
        double rms = 2 * Math.Pow(1.5 * 1.5 * 16, 0.25); // |V|·(E φ(u)⁴ E φ(v)⁴)^{1/4}, σ = 1 and 2
        Assert.True(Math.Abs(clt - MonteCarlo.CltHalfWidth(rms * rms, 100, 0.01, 1)) <= 1e-12 * clt);
        // on the sphere every term is bounded: ReLU values on [−r, r] lie in [0, r]
        Assert.Equal(("Hoeffding", MonteCarlo.HoeffdingHalfWidth(6, 100, 0.01, 1)), Swap(MonteCarlo.HalfWidth(Activation.Relu, WeightDistribution.Sphere, KernelTerms.RandomFeatures, 2, 3, 0, 100, 0.01, 1)));
    }

    private static (string, double) Swap((double HalfWidth, string Bound) t) => (t.Bound, t.HalfWidth);
}
