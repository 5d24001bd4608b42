using Xunit;
using NtkPure.Dynamics;
using NtkPure.Numerics;

namespace NtkPure.Tests.Dynamics;

/// <summary>
/// Closed forms for single Runge–Kutta steps and the grid of <see cref="Ode"/>: each assertion is a value
/// derived by hand from the method's definition (Taylor polynomials, quadrature rules), not read off a run.
/// </summary>
public class OdeMutationTests
{
    private static readonly Rhs Growth = (_, y) => y; // y' = y

    private static readonly Rhs Cubic = (t, y) => Vec.Constant(y.Length, t * t * t); // y' = t³

    private static void Near(double expected, double actual, double scale = 1) =>
        Assert.InRange(actual, expected - 8 * Tolerance.Epsilon * scale, expected + 8 * Tolerance.Epsilon * scale);

    [Theory]
    [InlineData("euler", 1)]
    [InlineData("midpoint", 2)]
    [InlineData("rk4", 4)]
    [InlineData("rk38", 4)]
    public void OneStepOnYPrimeEqualsYIsTheTaylorPolynomialOfTheOrder(string name, int order)
    {
        // for y' = y every explicit RK method of order p ≤ 4 with p stages reproduces Σ_{k≤p} h^k/k! exactly
        var tab = name switch
        {
            "euler" => Tableau.Euler,
            "midpoint" => Tableau.Midpoint,
            "rk4" => Tableau.Rk4,
            _ => Tableau.Rk38,
        };
        Assert.Equal(order, tab.Order);
        Assert.Equal(name, tab.Name);
        foreach (double h in new[] { 0.1, 0.5, 1.0 })
        {
            double taylor = 0, term = 1;
            for (int k = 0; k <= order; k++)
            {
                taylor += term;
                term *= h / (k + 1);
            }
            var y = ExplicitRk.Step(tab, Growth, 0.3, Vec.Of(2.0), h);
            Near(2 * taylor, y[0], 4);
        }
    }

    [Fact]
    public void UnrolledRk4IsTheFourthOrderTaylorPolynomialOnYPrimeEqualsY()
    {
        foreach (double h in new[] { 0.1, 0.5, 1.0 })
        {
            double taylor = 1 + h + h * h / 2 + h * h * h / 6 + h * h * h * h / 24;
            Near(-3 * taylor, Rk4.Step(Growth, 7.0, Vec.Of(-3.0), h)[0], 4);
        }
    }

    [Fact]
    public void FourthOrderStepsIntegrateACubicInTimeExactly()
    {
        // y' = t³: a step is a quadrature rule with nodes c_s; Simpson's and the 3/8 rule are exact on cubics,
        // the midpoint rule on linears, so the c's and b's are all exercised.
        double t = 1.0, h = 0.5;
        double exact = (Math.Pow(t + h, 4) - Math.Pow(t, 4)) / 4;
        Near(5 + exact, Rk4.Step(Cubic, t, Vec.Of(5.0), h)[0], 8);
        Near(5 + exact, ExplicitRk.Step(Tableau.Rk4, Cubic, t, Vec.Of(5.0), h)[0], 8);
        Near(5 + exact, ExplicitRk.Step(Tableau.Rk38, Cubic, t, Vec.Of(5.0), h)[0], 8);
        Rhs linear = (s, y) => Vec.Constant(y.Length, s);
        Near(5 + ((t + h) * (t + h) - t * t) / 2, ExplicitRk.Step(Tableau.Midpoint, linear, t, Vec.Of(5.0), h)[0], 8);
        // Euler samples the left end only
        Near(5 + h * t * t * t, ExplicitRk.Step(Tableau.Euler, Cubic, t, Vec.Of(5.0), h)[0], 8);
    }

    [Theory]
    [InlineData(-1.0, 0.1)]
    [InlineData(1.0, 0.0)]
    [InlineData(1.0, -0.1)]
    [InlineData(double.PositiveInfinity, 0.1)]
    [InlineData(double.NaN, 0.1)]
    [InlineData(1.0, double.NaN)]
    public void FixedRejectsANegativeOrNonFiniteTimeAndANonPositiveStep(double time, double h)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Ode.Fixed(Growth, Vec.Of(1.0), time, h));
        Assert.Contains("need time ≥ 0 and step h > 0", e.Message);
    }

    [Fact]
    public void TheGridHasCeilingOfTOverHStepsEndingAtT()
    {
        // 1.1/0.1 rounds to 11.000000000000002: the grid still has 11 steps, not 12
        var a = Ode.Fixed(Growth, Vec.Of(1.0), 1.1, 0.1);
        Assert.Equal(12, a.Times.Count);
        Assert.Equal(12, a.States.Count);
        // ⌈1/0.3⌉ = 4 steps of 0.25
        var b = Ode.Fixed(Growth, Vec.Of(1.0), 1.0, 0.3);
        Assert.Equal(0.25, b.StepSize);
        Assert.Equal([0.0, 0.25, 0.5, 0.75, 1.0], b.Times);
        Assert.True(double.IsNaN(b.EstimatedError));
        Assert.Equal(0, b.Halvings);
        // T = 0: one step of size 0 that leaves y where it is
        var c = Ode.Fixed(Growth, Vec.Of(3.0), 0.0, 0.1);
        Assert.Equal(2, c.States.Count);
        Assert.Equal(3.0, c.States[1][0]);
        Assert.Equal(Vec.Of(3.0), c.States[0]);
    }

    [Fact]
    public void ProgressReportsEveryStepOfEveryGrid()
    {
        var seen = new List<(int, int)>();
        Ode.Fixed(Growth, Vec.Of(1.0), 1.0, 0.25, progress: (k, n) => seen.Add((k, n)));
        Assert.Equal([(1, 4), (2, 4), (3, 4), (4, 4)], seen);
    }

    [Fact]
    public void HalvingReturnsTheFirstGridThatAgreesWithItsParentAndThatDifference()
    {
        // recompute the stated rule with independent calls of Fixed: grids h, h/2, h/4, …; stop at the first
        // pair whose maximum difference on the coarse points is ≤ tol·(1 + max|fine|)
        var a = Mat.FromRows([-3.0, 1.0], [1.0, -2.0]);
        Rhs f = (_, y) => a * y;
        // states of size ~10³ make the relative part of the criterion, tol·(1 + max|y|), decide
        var y0 = Vec.Of(1000.0, 2000.0);
        double tol = 1e-9, h = 0.5;
        var coarse = Ode.Fixed(f, y0, 1.0, h);
        int expectedHalvings = 0;
        double expectedError = 0;
        for (int halving = 1; halving <= 12; halving++)
        {
            var fine = Ode.Fixed(f, y0, 1.0, h / (1 << halving));
            double err = 0, scale = 0;
            for (int k = 0; k < coarse.States.Count; k++)
                for (int i = 0; i < 2; i++)
                {
                    err = Math.Max(err, Math.Abs(coarse.States[k][i] - fine.States[2 * k][i]));
                    scale = Math.Max(scale, Math.Abs(fine.States[2 * k][i]));
                }
            if (err <= tol * (1 + scale))
            {
                expectedHalvings = halving;
                expectedError = err;
                break;
            }
            coarse = fine;
        }
        Assert.True(expectedHalvings >= 2, "the case should need more than one halving");
        var sol = Ode.Halving(f, y0, 1.0, h, tol);
        Assert.Equal(expectedHalvings, sol.Halvings);
        Assert.Equal(expectedError, sol.EstimatedError);
        Assert.Equal((2 << expectedHalvings) + 1, sol.States.Count);
        Assert.Equal(h / (1 << expectedHalvings), sol.StepSize);
        // exactly as many halvings as allowed is enough
        Assert.Equal(expectedHalvings, Ode.Halving(f, y0, 1.0, h, tol, maxHalvings: expectedHalvings).Halvings);
        Assert.Throws<InvalidOperationException>(() => Ode.Halving(f, y0, 1.0, h, tol, maxHalvings: expectedHalvings - 1));
    }

    [Fact]
    public void HalvingThatRunsOutOfHalvingsSaysSo()
    {
        var a = Mat.FromRows([-3.0, 1.0], [1.0, -2.0]);
        Rhs f = (_, y) => a * y;
        var e = Assert.Throws<InvalidOperationException>(() => Ode.Halving(f, Vec.Of(1.0, 2.0), 1.0, 0.5, 1e-30, maxHalvings: 3));
        Assert.StartsWith("gradient flow did not reach tolerance 1E-30 after 3 halvings (last difference ", e.Message);
        // the last difference is that of the h/4 and h/8 grids: finite and positive
        var last = Ode.Fixed(f, Vec.Of(1.0, 2.0), 1.0, 0.5 / 8).States[^1] - Ode.Fixed(f, Vec.Of(1.0, 2.0), 1.0, 0.5 / 4).States[^1];
        Assert.True(last.NormInf() > 0);
        Assert.DoesNotContain("Infinity", e.Message);
        var zero = Assert.Throws<InvalidOperationException>(() => Ode.Halving(f, Vec.Of(1.0, 2.0), 1.0, 0.5, 1e-3, maxHalvings: 0));
        Assert.Contains("after 0 halvings (last difference Infinity)", zero.Message);
    }

    [Fact]
    public void HalvingOfAnExactlyIntegratedProblemStopsAtTheFirstHalving()
    {
        // y' = t³ is integrated exactly by RK4 on any grid: the first comparison already agrees
        var sol = Ode.Halving(Cubic, Vec.Of(0.0), 2.0, 1.0, 1e-12);
        Assert.Equal(1, sol.Halvings);
        Assert.InRange(sol.EstimatedError, 0, 1e-14);
        Near(4.0, sol.States[^1][0], 8);
        var seen = 0;
        Ode.Halving(Cubic, Vec.Of(0.0), 2.0, 1.0, 1e-12, progress: (_, _) => seen++);
        Assert.Equal(2 + 4, seen); // the coarse grid's 2 steps and the fine grid's 4
    }
}
