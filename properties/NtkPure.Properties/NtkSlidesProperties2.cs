using FsCheck;
using FsCheck.Fluent;
using NtkPure.Claims;
using Xunit;

namespace NtkPure.Properties;

/// <summary>ntk-slides: the kernel-regression limit, Propositions 4 (corrected) and 9, NGD Theorem 1, and Theorem 3.1 as seeded batches.</summary>
public class NtkSlidesProperties2
{
    private static Property Holds(Claim c) =>
        Prop.ForAll(Generators.Seeds.ToArbitrary(), seed =>
        {
            var e = c.Check(seed);
            return Prop.When(e.HypothesisHeld, () => e.Margin >= 0).Label(e.Details);
        });

    [Fact]
    public void KernelRegressionLimitIsTheFlowsLimit() => PropertyRunner.Check(nameof(KernelRegressionLimitIsTheFlowsLimit), Holds(NtkSlidesClaims.KernelRegressionLimit), 15);

    [Fact]
    public void Prop4CorrectedBoundsHold() => PropertyRunner.Check(nameof(Prop4CorrectedBoundsHold), Holds(NtkSlidesClaims.Prop4Corrected), 300);

    [Fact]
    public void Prop9LipschitzBoundHolds() => PropertyRunner.Check(nameof(Prop9LipschitzBoundHolds), Holds(NtkSlidesClaims.Prop9), 40);

    [Fact]
    public void NgdConvergesAtTheStatedRateWhereConditionsAreCertified() => PropertyRunner.Check(nameof(NgdConvergesAtTheStatedRateWhereConditionsAreCertified), Holds(NtkSlidesClaims.NgdTheorem1), 6);

    /// <summary>One case = one seeded batch of Theorem 3.1 trials, decided by Clopper–Pearson against δ.</summary>
    [Fact]
    public void Theorem31BatchIsNotRefuted() =>
        PropertyRunner.Check(nameof(Theorem31BatchIsNotRefuted), Prop.ForAll(Generators.Seeds.ToArbitrary(), seed =>
            Statistical.Probabilistic(NtkSlidesClaims.Theorem31, new ClaimRunOptions(Seed: seed, Trials: 40, Alpha: 0.01), 0.1, null).Verdict != Verdict.Refuted), 3);
}
