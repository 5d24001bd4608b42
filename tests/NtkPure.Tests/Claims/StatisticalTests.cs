using NtkPure.Claims;
using NtkPure.Numerics;
using Xunit;

namespace NtkPure.Tests.Claims;

public class StatisticalTests
{
    private static Claim Bernoulli(double p) =>
        new("test/bernoulli", "test", "fails with probability p", ClaimKind.Probabilistic, "none", 2000, seed =>
        {
            var rng = new Rng(seed);
            bool fail = rng.NextDouble() < p;
            return new Evidence(0, 0, fail ? -1 : 1, true, "");
        });

    [Fact]
    public void ATrueBoundIsSupportedAFalseOneRefutedAndACloseOneInconclusive()
    {
        var o = new ClaimRunOptions(Seed: 1, Alpha: 0.001);
        Assert.Equal(Verdict.Supported, Statistical.Probabilistic(Bernoulli(0.01), o, 0.05, null).Verdict);
        var refuted = Statistical.Probabilistic(Bernoulli(0.2), o, 0.05, null);
        Assert.Equal(Verdict.Refuted, refuted.Verdict);
        Assert.NotNull(refuted.Counterexample);
        Assert.True(Bernoulli(0.2).Check(refuted.Counterexample!.Value).Margin < 0);
        Assert.Equal(Verdict.Inconclusive, Statistical.Probabilistic(Bernoulli(0.05), o, 0.05, null).Verdict);
    }

    [Fact]
    public void DeltaAtLeastOneOrNoHypothesisIsVacuous()
    {
        Assert.Equal(Verdict.Vacuous, Statistical.Decide(1.5, 100, 100, 0, null, 0.01).Verdict);
        Assert.Equal(Verdict.Vacuous, Statistical.Decide(0.1, 100, 0, 0, null, 0.01).Verdict);
    }

    [Fact]
    public void DecisionFollowsTheClopperPearsonEndpoints()
    {
        // 0 failures in 1000 at α = 0.01: U = 1 − 0.005^{1/1000} ≈ 0.0053
        Assert.Equal(Verdict.Supported, Statistical.Decide(0.006, 1000, 1000, 0, null, 0.01).Verdict);
        Assert.Equal(Verdict.Inconclusive, Statistical.Decide(0.005, 1000, 1000, 0, null, 0.01).Verdict);
    }

    [Fact]
    public void AsymptoticVerdictsCompareTheClaimedExponentWithTheInterval()
    {
        var x = new double[] { 16, 32, 64, 128, 256, 512 };
        var rng = new Rng(2);
        var y = x.Select(v => 5 / Math.Sqrt(v) * Math.Exp(0.05 * rng.NextGaussian())).ToArray();
        Assert.Equal(Verdict.Consistent, Statistical.Asymptotic(x, y, -0.5, Statistical.Side.Equal, 0.01, "t").Verdict);
        Assert.Equal(Verdict.Inconsistent, Statistical.Asymptotic(x, y, -1.0, Statistical.Side.Equal, 0.01, "t").Verdict);
        Assert.Equal(Verdict.Consistent, Statistical.Asymptotic(x, y, 0.0, Statistical.Side.AtMost, 0.01, "t").Verdict);
        Assert.Equal(Verdict.Inconsistent, Statistical.Asymptotic(x, y, -1.0, Statistical.Side.AtMost, 0.01, "t").Verdict);
        Assert.Equal(Verdict.Consistent, Statistical.Asymptotic(x, y, -1.0, Statistical.Side.AtLeast, 0.01, "t").Verdict);
    }
}
