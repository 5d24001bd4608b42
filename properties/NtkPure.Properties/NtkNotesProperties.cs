using FsCheck;
using FsCheck.Fluent;
using NtkPure.Claims;
using Xunit;

namespace NtkPure.Properties;

/// <summary>ntk-notes (DZPS19 / Song–Yang 19): eqs. (1)–(3), Algorithm 1, Fact 4.</summary>
public class NtkNotesProperties
{
    private static Property Holds(Claim c) =>
        Prop.ForAll(Generators.Seeds.ToArbitrary(), seed =>
        {
            var e = c.Check(seed);
            return Prop.When(e.HypothesisHeld, () => e.Margin >= 0).Label(e.Details);
        });

    [Fact]
    public void Eq1GradientMatchesFiniteDifferencesAndTheJacobian() => PropertyRunner.Check(nameof(Eq1GradientMatchesFiniteDifferencesAndTheJacobian), Holds(FoundationClaims.Eq1Gradient));

    [Fact]
    public void Algorithm1EqualsTheVectorisedStep() => PropertyRunner.Check(nameof(Algorithm1EqualsTheVectorisedStep), Holds(FoundationClaims.Algorithm1), 50);

    [Fact]
    public void Fact4PredictionsFollowHTimesResidual() => PropertyRunner.Check(nameof(Fact4PredictionsFollowHTimesResidual), Holds(FoundationClaims.Fact4), 50);
}

/// <summary>lecture7: eq. (10).</summary>
public class Lecture7Properties
{
    [Fact]
    public void Eq10LossDerivative() =>
        PropertyRunner.Check(nameof(Eq10LossDerivative), Prop.ForAll(Generators.Seeds.ToArbitrary(), seed => FoundationClaims.Eq10LossDerivative.Check(seed).Margin >= 0), 50);
}

/// <summary>Linear algebra used across the seeds: Weyl's inequality.</summary>
public class LinalgProperties
{
    [Fact]
    public void Weyl() =>
        PropertyRunner.Check(nameof(Weyl), Prop.ForAll(Generators.Seeds.ToArbitrary(), seed => FoundationClaims.Weyl.Check(seed).Margin >= 0), 200);
}

/// <summary>ntk-slides: the constant-kernel solution.</summary>
public class NtkSlidesProperties
{
    [Fact]
    public void ConstantKernelSolution() =>
        PropertyRunner.Check(nameof(ConstantKernelSolution), Prop.ForAll(Generators.Seeds.ToArbitrary(), seed => FoundationClaims.ConstantKernelSolution.Check(seed).Margin >= 0), 30);
}
