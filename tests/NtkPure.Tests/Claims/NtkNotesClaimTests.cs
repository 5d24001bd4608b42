using NtkPure.Claims;
using Xunit;

namespace NtkPure.Tests.Claims;

public class NtkNotesClaimTests
{
    private static readonly ClaimRunOptions Options = new(Seed: 20261124, Alpha: 0.001);

    [Fact]
    public void EventAIsRefutedOnlyOnTheClosedBoundaryAndTheCorrectionHolds()
    {
        var r = ClaimRunner.Run(NtkNotesClaims.EventAClaim, Options);
        Assert.Equal(Verdict.Refuted, r.Verdict);
        var replay = ClaimRunner.Replay(NtkNotesClaims.EventAClaim, r.Counterexample!.Value);
        Assert.Contains("R = ", replay.Details);
        Assert.Equal(Verdict.Holds, ClaimRunner.Run(NtkNotesClaims.EventACorrected, Options).Verdict);
        // a wrong condition (|w̃ᵀx| < R/2) is caught on generic instances too
        Assert.Equal(Verdict.Refuted, ClaimRunner.Run(NtkNotesClaims.MakeEventA((dot, rad) => Math.Abs(dot) < rad / 2), Options).Verdict);
    }

    [Fact]
    public void EventAMatchesItsDefinitionByExhaustingTheBall()
    {
        // independent route in d = 2: sample the circle of radius R around w̃ densely and look for a flip
        var rng = new NtkPure.Numerics.Rng(5);
        for (int t = 0; t < 300; t++)
        {
            double[] w = [rng.NextGaussian(), rng.NextGaussian()], x = new double[2];
            rng.FillSphere(x);
            double radius = rng.NextDouble();
            bool sign = w[0] * x[0] + w[1] * x[1] >= 0, flips = false;
            for (int k = 0; k < 20000 && !flips; k++)
            {
                double phi = 2 * Math.PI * k / 20000;
                double ux = w[0] + radius * Math.Cos(phi), uy = w[1] + radius * Math.Sin(phi);
                flips = (ux * x[0] + uy * x[1] >= 0) != sign;
            }
            double margin = Math.Abs(Math.Abs(w[0] * x[0] + w[1] * x[1]) - radius);
            if (margin > 1e-6) // a grid of 20000 points resolves the boundary to R·(2π/20000)²/2 ≈ 5e-8·R
                Assert.Equal(flips, NtkNotesClaims.EventA(w, x, radius));
        }
    }

    [Fact]
    public void Eq6IsSupportedAndATooSmallBoundIsRefuted()
    {
        Assert.Equal(Verdict.Supported, ClaimRunner.Run(NtkNotesClaims.Eq6Anticoncentration, Options).Verdict);
        Assert.Equal(Verdict.Refuted, ClaimRunner.Run(NtkNotesClaims.MakeEq6(r => r / Math.Sqrt(2 * Math.PI)), Options).Verdict);
    }

    [Fact]
    public void Eq8HoldsAtItsTightChoiceAndFailsForALargerStep()
    {
        Assert.Equal(Verdict.Holds, ClaimRunner.Run(NtkNotesClaims.Eq8StepSize, Options).Verdict);
        Assert.Equal(Verdict.Refuted, ClaimRunner.Run(NtkNotesClaims.MakeEq8((l, n) => (l / (2.0 * n * n), l / (64.0 * n))), Options).Verdict);
        Assert.Equal(Verdict.Refuted, ClaimRunner.Run(NtkNotesClaims.MakeEq8((l, n) => (l / (4.0 * n * n), l / (32.0 * n))), Options).Verdict);
    }
}
