using NtkPure.Claims;
using NtkPure.Kernels;
using NtkPure.Model;
using NtkPure.Numerics;
using Xunit;

namespace NtkPure.Tests.Claims;

/// <summary>lecture7: each claim's verdict on the implementation, and a broken variant the check catches.</summary>
public class Lecture7ClaimTests
{
    public static IEnumerable<object[]> FileClaims() => CatalogVerdictTests.Of(Lecture7Claims.All);

    [Theory]
    [MemberData(nameof(FileClaims))]
    public void EveryClaimGetsTheVerdictOfItsMathematics(string id) => CatalogVerdictTests.Check(id);

    private static readonly ClaimRunOptions Options = new(Seed: 20261124, Alpha: 0.01);

    private static ClaimResult Run(Claim c, int? trials = null) => ClaimRunner.Run(c, Options with { Trials = trials });

    [Fact]
    public void Corollary22IsSupportedAtTheProofsWidthAndAHalvedKernelIsRefuted()
    {
        var (_, lambda0, m) = Lecture7Claims.Corollary22Instance();
        Assert.InRange(Lecture7Claims.Corollary22Delta(4, lambda0, m), 0.09, 0.1);
        Assert.Equal(Verdict.Supported, Run(Lecture7Claims.Corollary22).Verdict);
        var broken = Run(Lecture7Claims.MakeCorollary22((w, x) => 0.5 * EmpiricalNtk.Definition3(w, x)), 20);
        Assert.Equal(Verdict.Refuted, broken.Verdict);
        Assert.True(Lecture7Claims.MakeCorollary22((w, x) => 0.5 * EmpiricalNtk.Definition3(w, x)).Check(broken.Counterexample!.Value).Margin < 0);
    }

    [Fact]
    public void TheWorstCaseStaysInTheBallAndFlipsWhatItCan()
    {
        var x = Datasets.Inputs(InputDistribution.Sphere, 5, 4, 3);
        var (w0, _) = Initialization.Draw(InitScheme.Dzps, 200, 4, 3);
        const double radius = 0.3;
        var w = Lecture7Claims.FlipWithin(w0, x, radius);
        for (int r = 0; r < w0.Rows; r++)
        {
            double s = 0;
            for (int k = 0; k < 4; k++)
                s += (w[r, k] - w0[r, k]) * (w[r, k] - w0[r, k]);
            Assert.True(Math.Sqrt(s) <= radius * (1 + 1e-12));
        }
        // every activation within the radius of its boundary and alone in its neuron is flipped, so at least the
        // neurons with a flippable point flip one
        var z0 = x.MultiplyTransposed(w0);
        int neurons = 0;
        for (int r = 0; r < w0.Rows; r++)
        {
            bool any = false;
            for (int i = 0; i < x.Rows; i++)
                any |= Math.Abs(z0[i, r]) < radius;
            neurons += any ? 1 : 0;
        }
        Assert.True(Lecture7Claims.Flips(w0, w, x) >= neurons);
        Assert.True(neurons > 0);
    }

    [Fact]
    public void Lemma23IsSupportedAndARadiusWithoutItsSmallFactorsIsRefuted()
    {
        Assert.Equal(Verdict.Supported, Run(Lecture7Claims.Lemma23).Verdict);
        var broken = Lecture7Claims.MakeLemma23((c, eps, lambda0, n) => lambda0, EmpiricalNtk.Definition3);
        var r = Run(broken, 60);
        Assert.Equal(Verdict.Refuted, r.Verdict);
        Assert.True(broken.Check(r.Counterexample!.Value).Margin < 0);
    }

    [Fact]
    public void MeanFieldIsReproducedAndFailsOnTheNtkTimeScale()
    {
        Assert.Equal(Verdict.Reproduced, Run(Lecture7Claims.MeanField).Verdict);
        Assert.Equal(Verdict.NotReproduced, Run(Lecture7Claims.MakeMeanField(meanFieldTimeScale: false)).Verdict);
    }

    [Fact]
    public void Theorem41IsRefutedWithTheL1NormAndTheCorrectionIsSupported()
    {
        var r = Run(Lecture7Claims.Theorem41, 50);
        Assert.Equal(Verdict.Refuted, r.Verdict);
        Assert.True(Lecture7Claims.Theorem41.Check(r.Counterexample!.Value).Margin < 0);
        Assert.Equal(Verdict.Supported, Run(Lecture7Claims.Theorem41Corrected).Verdict);
        var tooTight = Lecture7Claims.MakeTheorem41(corrected: true, (g, m, eps) => g * g / ((double)m * m * m));
        Assert.Equal(Verdict.Refuted, Run(tooTight, 50).Verdict);
    }

    [Fact]
    public void RandomFeatureRiskMatchesMonteCarlo()
    {
        var rng = new Rng(9);
        int d = 3, m = 12;
        var b = new double[m * d];
        for (int k = 0; k < m; k++)
            rng.FillSphere(b.AsSpan(k * d, d));
        var bm = Mat.FromRowMajor(m, d, b);
        double alpha = 0.4;
        var beta = Vec.Of(0.3, -0.2, 0.5);
        var a = Vec.Of(Enumerable.Range(0, m).Select(k => (alpha + Blas.Dot(beta.Span, bm.Row(k))) / m).ToArray());
        double exact = Lecture7Claims.RandomFeatureRisk(a, bm, alpha, beta);
        double cd = Lecture7Claims.HalfMean(d), sum = 0, sumSq = 0;
        const int samples = 200_000;
        var x = new double[d];
        for (int s = 0; s < samples; s++)
        {
            rng.FillSphere(x);
            double f = 0;
            for (int k = 0; k < m; k++)
                f += a[k] * Math.Max(0, Blas.Dot(bm.Row(k), x));
            double target = alpha * cd + Blas.Dot(beta.Span, x) / (2.0 * d);
            double v = (f - target) * (f - target);
            sum += v;
            sumSq += v * v;
        }
        double mean = sum / samples, se = Math.Sqrt((sumSq / samples - mean * mean) / samples);
        Assert.InRange(exact, mean - 5 * se, mean + 5 * se);
        // c_d = E[(b₁)₊] on S^{d−1}: 1/π on the circle, 1/4 on S²
        Assert.Equal(1 / Math.PI, Lecture7Claims.HalfMean(2), 12);
        Assert.Equal(0.25, Lecture7Claims.HalfMean(3), 12);
    }
}
