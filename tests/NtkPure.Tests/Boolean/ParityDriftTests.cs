using Xunit;
using NtkPure.Boolean;
using NtkPure.Numerics;

namespace NtkPure.Tests.Boolean;

public class ParityDriftTests
{
    [Fact]
    public void TheModelIsBoundedAndGFromOneForwardPassEqualsTheJacobianRoute()
    {
        for (int d = 2; d <= 6; d++)
        {
            var g = ParityDrift.Model(d, 5, (ulong)d, outputBound: 0.5);
            var x = Cube.All(d, CubeDomain.ZeroOne);
            Assert.Equal(0.5, g.Predict(x).NormInf(), 14);
            var jac = ParityDrift.Jacobian(g, x);
            Assert.Equal(jac.FrobeniusNorm() * jac.FrobeniusNorm() / x.Rows, ParityDrift.G(g), 13);
        }
    }

    [Fact]
    public void AtTheStartTheDriftIsBallisticAtTheParsevalRate()
    {
        int d = 5;
        var g = ParityDrift.Model(d, 6, 1);
        var (vs, all) = ParityDrift.Choose(d, 64, 0);
        Assert.True(all);
        var c = ParityDrift.Run(g, vs, all, 0.5, 8);
        Assert.Equal(0.0, c.MeanSquaredDistance[0]);
        Assert.Equal(0.0, c.Inner[0]);
        // at θ₀, for all 2^d parities and ∇h(0) = 0: E_f‖∇R^f‖² = E_f‖⟨f, ∇h⟩‖² = G(θ₀)/2^d exactly (Parseval)
        Assert.Equal(c.G0 / 32, c.RiskGradientSquare[0], 14);
        Assert.Equal(c.G0, c.ModelGradientSquare[0], 14);
        // so for small t, E_f‖θ_t − θ₀‖² ≈ t²·G(θ₀)/2^d
        double t = c.Times[1];
        Assert.Equal(1.0, c.MeanSquaredDistance[1] / (t * t * c.G0 / 32), 2);
        Assert.True(c.MaxAbsOutput < 1);
    }

    [Fact]
    public void TheMeanOverParitiesIsTheMeanOfTheSingleRunsAndTheFlowConvergesAtOrderFour()
    {
        int d = 3;
        var g = ParityDrift.Model(d, 4, 2);
        ulong[] vs = [0, 1, 2, 3, 4, 5, 6, 7];
        var together = ParityDrift.Run(g, vs, true, 1.0, 8);
        var singles = vs.Select(v => ParityDrift.Run(g, [v], false, 1.0, 8)).ToArray();
        for (int r = 0; r < together.Times.Count; r++)
        {
            double s = 0;
            foreach (var c in singles)
                s += c.MeanSquaredDistance[r];
            Assert.Equal(s / 8, together.MeanSquaredDistance[r]);
        }
        // the flow is RK4: halving the step cuts the error sixteenfold
        double reference = ParityDrift.Run(g, vs, true, 1.0, 128).MeanSquaredDistance[^1];
        double e8 = Math.Abs(together.MeanSquaredDistance[^1] - reference);
        double e16 = Math.Abs(ParityDrift.Run(g, vs, true, 1.0, 16).MeanSquaredDistance[^1] - reference);
        Assert.InRange(Math.Log2(e8 / e16), 3.5, 4.5);
    }

    [Fact]
    public void TheProofStep015FailsOnAFixedInstanceAtEveryResolution()
    {
        // d = 4, width 8, model seed 4: along the flow, 2E_f⟨θ − θ₀, −∇R^f⟩ exceeds 2^(1−d/2)√(E‖θ − θ₀‖²·E_f G) by about 1.5 %
        // at t ≈ 1.2; the Bessel step E_f‖∇R^f(θ_t^f)‖² ≤ E_f G(θ_t^f)/2^d, used at an f-dependent θ, fails with it.
        int d = 4;
        var g = ParityDrift.Model(d, 8, 4);
        var (vs, all) = ParityDrift.Choose(d, 64, 0);
        double time = 2 * 4 * Math.Sqrt(0.01 / ParityDrift.G(g));
        foreach (int steps in new[] { 16, 32, 64 })
        {
            var c = ParityDrift.Run(g, vs, all, time, steps);
            int r = steps * 3 / 4;
            double lhs = 2 * c.Inner[r], rhs = Math.Pow(2, 1 - d / 2.0) * Math.Sqrt(c.MeanSquaredDistance[r] * c.ModelGradientSquare[r]);
            Assert.InRange(lhs / rhs, 1.010, 1.020);
            Assert.True(c.RiskGradientSquare[r] > 1.02 * c.ModelGradientSquare[r] / 16);
        }
    }

    [Fact]
    public void EscapeTimeInterpolatesTheRootMeanSquareDistance()
    {
        var c = new DriftCurve(3, 1, 1, [0, 1, 2], [0, 1, 4], [0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0], 1, true, 1, 0, 0);
        Assert.Equal(1.5, c.EscapeTime(2.25), 14);
        Assert.Equal(double.PositiveInfinity, c.EscapeTime(5));
        Assert.Equal(2.5, c.At(1.5), 14);
    }
}
