using NtkPure.Claims;
using NtkPure.Dynamics;
using NtkPure.Kernels;
using NtkPure.Model;
using NtkPure.Numerics;
using Xunit;

namespace NtkPure.Tests.Claims;

/// <summary>ntk-slides: each claim's verdict on the implementation, and a broken variant the check catches.</summary>
public class NtkSlidesClaimTests
{
    public static IEnumerable<object[]> FileClaims() => CatalogVerdictTests.Of(NtkSlidesClaims.All);

    [Theory]
    [MemberData(nameof(FileClaims))]
    public void EveryClaimGetsTheVerdictOfItsMathematics(string id) => CatalogVerdictTests.Check(id);

    private static readonly ClaimRunOptions Options = new(Seed: 20261124, Alpha: 0.01);

    private static ClaimResult Run(Claim c, int? trials = null) => ClaimRunner.Run(c, Options with { Trials = trials });

    private static void RefutedAndReplays(Claim c, int? trials = null)
    {
        var r = Run(c, trials);
        Assert.Equal(Verdict.Refuted, r.Verdict);
        Assert.NotNull(r.Counterexample);
        Assert.True(ClaimRunner.Replay(c, r.Counterexample!.Value).Margin < 0);
    }

    [Fact]
    public void KernelRegressionLimitHoldsAndARidgePredictorIsRefuted()
    {
        var r = Run(NtkSlidesClaims.KernelRegressionLimit, 12);
        Assert.Equal(Verdict.Holds, r.Verdict);
        Assert.True(r.HypothesisHeld > 0);
        RefutedAndReplays(NtkSlidesClaims.MakeKernelRegressionLimit((k, cross, y) => KernelRegression.Fit(k + Mat.Identity(k.Rows), y).Predict(cross)), 12);
    }

    [Fact]
    public void Theorem31IsSupportedAndADoubledKernelIsRefuted()
    {
        Assert.Equal(Verdict.Supported, Run(NtkSlidesClaims.Theorem31).Verdict);
        // c_σ dropped from the finite-width net: Θ̂ converges to the wrong kernel, so the error does not vanish
        var broken = Run(NtkSlidesClaims.MakeTheorem31((net, x) => DeepEmpiricalNtk.Of(net with { CSigma = 1.0 }, x)), 40);
        Assert.Contains(broken.Verdict, new[] { Verdict.Refuted, Verdict.Inconsistent });
    }

    [Fact]
    public void Theorem31WidthAndEpsilonInvertEachOther()
    {
        double m = NtkSlidesClaims.Theorem31Width(3, 0.05, 0.2);
        Assert.Equal(0.2, NtkSlidesClaims.Theorem31Epsilon(3, 0.05, (int)Math.Round(m)), 3);
    }

    [Fact]
    public void Theorem32IsConsistentAndAShiftedKernelPredictionIsNot()
    {
        Assert.Equal(Verdict.Consistent, Run(NtkSlidesClaims.Theorem32).Verdict);
        Assert.Equal(Verdict.Inconsistent, Run(NtkSlidesClaims.MakeTheorem32(p => p + Vec.Constant(p.Length, 0.3))).Verdict);
    }

    [Fact]
    public void DeepGradientMatchesTheExplicitJacobian()
    {
        var x = Datasets.Inputs(InputDistribution.Sphere, 3, 4, 1);
        var net = DeepNet.Init(4, 2, 7, Activation.Relu, 2.0, 2);
        var e = new[] { 0.3, -1.1, 0.7 };
        var grads = DeepGradientDescent.Gradient(DeepForward.Of(net, x), e);
        var flat = grads.SelectMany(g => g.ToArray()).ToArray();
        var viaJacobian = DeepEmpiricalNtk.Jacobian(net, x).TransposeTimes(Vec.Of(e));
        for (int k = 0; k < flat.Length; k++)
            Assert.Equal(viaJacobian[k], flat[k], 12);
    }

    [Fact]
    public void Prop3IsConsistentAndALipschitzKernelIsNot()
    {
        Assert.Equal(Verdict.Consistent, Run(NtkSlidesClaims.Prop3).Verdict);
        Assert.Equal(Verdict.Inconsistent, Run(NtkSlidesClaims.MakeProp3(ArcCosine.Degree1)).Verdict);
    }

    [Fact]
    public void Prop4IsRefutedAsTranscribedAndTheCorrectionHolds()
    {
        RefutedAndReplays(NtkSlidesClaims.Prop4);
        var r = Run(NtkSlidesClaims.Prop4Corrected);
        Assert.Equal(Verdict.Holds, r.Verdict);
        // antipodal unit pairs make item 1 an equality: the margin is at rounding level
        Assert.True(r.WorstMargin < 1e-10);
        RefutedAndReplays(NtkSlidesClaims.MakeProp4(corrected: true, x => 2.0 * ArcCosine.Degree0(x), InfiniteWidth.ReluNtk));
    }

    [Fact]
    public void Prop9HoldsTightlyAndASmallerConstantIsRefuted()
    {
        var r = Run(NtkSlidesClaims.Prop9, 60);
        Assert.Equal(Verdict.Holds, r.Verdict);
        RefutedAndReplays(NtkSlidesClaims.MakeProp9(a => 0.98 * NtkSlidesClaims.Prop9Constant(a)), 60);
    }

    [Fact]
    public void Prop9ExampleConstantsAreRefutedAndTheFormulasValuesHold()
    {
        Assert.Equal(Math.Sqrt(3) / Math.E, NtkSlidesClaims.Prop9Constant(NtkSlidesClaims.ExpShifted), 12);
        RefutedAndReplays(NtkSlidesClaims.Prop9Examples);
        Assert.Equal(Verdict.Holds, Run(NtkSlidesClaims.Prop9ExamplesCorrected).Verdict);
        Assert.Equal(Verdict.Refuted, Run(NtkSlidesClaims.MakeProp9Examples(corrected: true, a => 1.01 * NtkSlidesClaims.Prop9Constant(a))).Verdict);
    }

    [Fact]
    public void ExpKernelClosedFormMatchesQuadrature()
    {
        // (1 + u)e^{u−3} against a tensor Gauss–Hermite rule for E[σσ] + u·E[σ'σ'] with σ = e^{u−2}
        var rule = GaussRule.Hermite(60);
        foreach (double u in new[] { -0.9, -0.2, 0.4, 0.95 })
        {
            double s = 0;
            for (int i = 0; i < rule.Count; i++)
                for (int j = 0; j < rule.Count; j++)
                {
                    double a = rule.Nodes[i], b = u * a + Math.Sqrt(1 - u * u) * rule.Nodes[j];
                    s += rule.Weights[i] * rule.Weights[j] * (1 + u) * Math.Exp(a - 2) * Math.Exp(b - 2);
                }
            var x = Mat.FromRows([1.0, 0.0], [u, Math.Sqrt(1 - u * u)]);
            Assert.Equal(s, NtkSlidesClaims.ExpShifted.Kernel(x)[0, 1], 10);
        }
    }

    [Fact]
    public void Prop5IsConsistentAndKernelsWithOtherSpectraAreCaught()
    {
        Assert.Equal(Verdict.Consistent, Run(NtkSlidesClaims.Prop5).Verdict);
        // κ₀ has odd coefficients (arcsin is odd); κ₁ alone decays like k^{−(p+2)}
        Assert.Equal(Verdict.Refuted, Run(NtkSlidesClaims.MakeProp5((p, k) => Mercer.Coefficients(ArcCosine.Kappa0, p, k))).Verdict);
        Assert.Equal(Verdict.Inconsistent, Run(NtkSlidesClaims.MakeProp5((p, k) => Mercer.Coefficients(ArcCosine.Kappa1, p, k))).Verdict);
    }

    [Fact]
    public void NaturalGradientStepIsThePseudoInverseStep()
    {
        var data = Datasets.Synthetic(InputDistribution.Sphere, 3, 5, 4);
        var net = Initialization.Net(InitScheme.Dzps, 6, 5, 4, Activation.Softplus, OutputScaling.Ntk);
        var next = NaturalGradient.Step(data, 0.7, NaturalGradient.Start(data, net)).Net;
        var j = Jacobian.Restrict(Jacobian.Of(net, data.X), net, Layers.First);
        var alpha = Cholesky.Solve(Cholesky.Lower(j.Gram()), net.Predict(data.X) - data.Y);
        var expected = net.Flatten() - 0.7 * j.TransposeTimes(alpha);
        var w = next.W.Span;
        for (int k = 0; k < w.Length; k++)
            Assert.Equal(expected[k], w[k], 12);
    }

    [Fact]
    public void NgdTheorem1HoldsWhereConditionsAreCertifiedAndASlowerStepIsRefuted()
    {
        var r = Run(NtkSlidesClaims.NgdTheorem1, 10);
        Assert.Equal(Verdict.Holds, r.Verdict);
        Assert.True(r.HypothesisHeld > 0);
        RefutedAndReplays(NtkSlidesClaims.MakeNgdTheorem1((data, eta, s) => NaturalGradient.Step(data, eta / 4, s)), 10);
    }

    [Fact]
    public void FineGrainedDynamicsIsInconsistentAsWrittenConsistentCorrectedAndCatchesAWrongPrediction()
    {
        Assert.Equal(Verdict.Inconsistent, Run(NtkSlidesClaims.FineGrained).Verdict);
        Assert.Equal(Verdict.Consistent, Run(NtkSlidesClaims.FineGrainedCorrected).Verdict);
        Assert.Equal(Verdict.Inconsistent, Run(NtkSlidesClaims.MakeFineGrained(corrected: true, (s, eta, k) => s.ResidualSquared(0.5 * eta, k))).Verdict);
    }

    [Fact]
    public void GeneralizationBoundIsReproducedAndAnIdentityKernelIsNot()
    {
        Assert.Equal(Verdict.Reproduced, Run(NtkSlidesClaims.GeneralizationBoundClaim).Verdict);
        Assert.Equal(Verdict.NotReproduced, Run(NtkSlidesClaims.MakeGeneralizationBound(x => Mat.Identity(x.Rows))).Verdict);
    }

    [Fact]
    public void DzpsFigure1IsReproducedAndTheMeanFieldScalingIsNot()
    {
        Assert.Equal(Verdict.Reproduced, Run(NtkSlidesClaims.DzpsFigure1Claim).Verdict);
        Assert.Equal(Verdict.NotReproduced, Run(NtkSlidesClaims.MakeDzpsFigure1(OutputScaling.MeanField)).Verdict);
    }

    [Fact]
    public void PowerLawFitRecoversTheExponentOfACorrectedSequence()
    {
        var x = Enumerable.Range(20, 60).Select(k => (double)k).ToArray();
        var y = x.Select(k => 3 * Math.Pow(k, -2.5) * (1 + 0.7 / k - 0.2 / (k * k))).ToArray();
        var fit = PowerLawFit.Deterministic(x, y, 3);
        Assert.True(fit.SlopeInside(-2.5));
        Assert.Equal(3, fit.Constant, 3);
        Assert.False(Statistics.FitLogLog(x, y).SlopeInside(-2.5));
    }
}
