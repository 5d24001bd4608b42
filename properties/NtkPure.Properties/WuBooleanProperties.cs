using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NtkPure.Boolean;
using NtkPure.Claims;
using Xunit;

namespace NtkPure.Properties;

/// <summary>
/// wu's Boolean-cube statements as properties over instance seeds: each seed builds a valid instance (the same
/// builders the claims use), so FsCheck's shrinking works on the seed and a failure replays with
/// <c>ntk check --replay ID@SEED</c>.
/// </summary>
public class WuBooleanProperties
{
    private static Property Holds(Claim claim, ulong seed)
    {
        var e = claim.Check(seed);
        return (!e.HypothesisHeld || e.Margin >= 0).Label($"{claim.Id}@{seed}: {e.Details}");
    }

    [Property(MaxTest = 50)]
    public Property StepFromRelu(ulong seed) => Holds(WuBooleanClaims.StepFromRelu, seed);

    [Property(MaxTest = 30)]
    public Property HalfspaceSignAndCorrectedPathNorm(ulong seed) => Holds(WuBooleanClaims.HalfspaceIntersectionCorrected, seed);

    [Property(MaxTest = 20)]
    public Property ParitiesAreOrthonormal(ulong seed) => Holds(WuBooleanClaims.ParityOrthonormal, seed);

    [Property(MaxTest = 20)]
    public Property ParityIsATriangleWaveNetwork(ulong seed) => Holds(WuBooleanClaims.ParityAsReluNetwork, seed);

    [Property(MaxTest = 40)]
    public Property Theorem7Corrected(ulong seed) => Holds(WuBooleanClaims.Theorem7Corrected, seed);

    /// <summary>As written, Theorem 7 fails exactly on the instances with a large class: the variance is 4× the corrected one.</summary>
    [Property(MaxTest = 40)]
    public Property Theorem7AsWrittenIsFourTimesTheCorrectedVariance(ulong seed)
    {
        var (model, cls) = WuBooleanClaims.GradientVarianceInstance(seed);
        var half = GradientVariance.Of(model, cls, RiskNormalisation.Half);
        var asWritten = GradientVariance.Of(model, cls, RiskNormalisation.AsWritten);
        return (Math.Abs(asWritten.Variance - 4 * half.Variance) <= 4 * half.Slack + 1e-15).Label($"{asWritten.Variance} vs 4·{half.Variance}");
    }

    [Fact]
    public void TheCosineClassCountIsTheCentralBinomialCoefficient()
    {
        for (int d = 0; d <= 9; d++)
            Assert.Equal((long)CosineClass.Count(d), CosineClass.CountByEnumeration(d));
    }
}
