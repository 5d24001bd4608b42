using NtkPure.Numerics;

namespace NtkPure.Dynamics;

/// <summary>The right-hand side of y' = f(t, y).</summary>
public delegate Vec Rhs(double t, Vec y);

/// <summary>An explicit Runge–Kutta method as data: the Butcher tableau (A strictly lower triangular, B, C).</summary>
public sealed record Tableau(string Name, double[][] A, double[] B, double[] C, int Order)
{
    public int Stages => B.Length;

    public static readonly Tableau Euler = new("euler", [[]], [1.0], [0.0], 1);

    public static readonly Tableau Midpoint = new("midpoint", [[], [0.5]], [0.0, 1.0], [0.0, 0.5], 2);

    /// <summary>The classical fourth-order method.</summary>
    public static readonly Tableau Rk4 = new(
        "rk4",
        [[], [0.5], [0.0, 0.5], [0.0, 0.0, 1.0]],
        [1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6],
        [0.0, 0.5, 0.5, 1.0],
        4
    );

    /// <summary>Kutta's 3/8 rule, another fourth-order method.</summary>
    public static readonly Tableau Rk38 = new(
        "rk38",
        [[], [1.0 / 3], [-1.0 / 3, 1.0], [1.0, -1.0, 1.0]],
        [1.0 / 8, 3.0 / 8, 3.0 / 8, 1.0 / 8],
        [0.0, 1.0 / 3, 2.0 / 3, 1.0],
        4
    );
}

/// <summary>The reference explicit Runge–Kutta step for any <see cref="Tableau"/>.</summary>
public static class ExplicitRk
{
    public static Vec Step(Tableau tab, Rhs f, double t, Vec y, double h)
    {
        var k = new Vec[tab.Stages];
        for (int s = 0; s < tab.Stages; s++)
        {
            var ys = y;
            for (int j = 0; j < s; j++)
                if (tab.A[s][j] != 0.0)
                    ys = ys.AddScaled(h * tab.A[s][j], k[j]);
            k[s] = f(t + tab.C[s] * h, ys);
        }
        var next = y;
        for (int s = 0; s < tab.Stages; s++)
            if (tab.B[s] != 0.0)
                next = next.AddScaled(h * tab.B[s], k[s]);
        return next;
    }
}

/// <summary>The classical RK4 step unrolled by hand; tested equal to <see cref="ExplicitRk"/> with <see cref="Tableau.Rk4"/>.</summary>
public static class Rk4
{
    public static Vec Step(Rhs f, double t, Vec y, double h)
    {
        var k1 = f(t, y);
        var k2 = f(t + 0.5 * h, y.AddScaled(0.5 * h, k1));
        var k3 = f(t + 0.5 * h, y.AddScaled(0.5 * h, k2));
        var k4 = f(t + h, y.AddScaled(h, k3));
        var r = y.ToArray();
        ReadOnlySpan<double> a1 = k1.Span, a2 = k2.Span, a3 = k3.Span, a4 = k4.Span;
        double h6 = h / 6, h3 = h / 3;
        for (int i = 0; i < r.Length; i++)
            r[i] += h6 * a1[i] + h3 * a2[i] + h3 * a3[i] + h6 * a4[i];
        return Vec.Own(r);
    }
}

/// <summary>A solution on a uniform grid t_k = k·h, k = 0..N, with h = T/N.</summary>
public sealed record OdeSolution(IReadOnlyList<double> Times, IReadOnlyList<Vec> States, double StepSize, double EstimatedError, int Halvings);

public static class Ode
{
    /// <summary>N = ⌈T/h⌉ steps of size T/N (so the grid ends exactly at T), by RK4 unless another tableau is given.</summary>
    public static OdeSolution Fixed(Rhs f, Vec y0, double time, double h, Tableau? tableau = null, Action<int, int>? progress = null)
    {
        if (!(time >= 0) || !(h > 0) || !double.IsFinite(time))
            throw new ArgumentOutOfRangeException(nameof(h), "need time ≥ 0 and step h > 0");
        int steps = Math.Max(1, (int)Math.Ceiling(time / h - 1e-9));
        return Grid(f, y0, time, steps, tableau, progress);
    }

    private static OdeSolution Grid(Rhs f, Vec y0, double time, int steps, Tableau? tableau, Action<int, int>? progress)
    {
        double h = time / steps;
        var times = new double[steps + 1];
        var states = new Vec[steps + 1];
        states[0] = y0;
        for (int k = 0; k < steps; k++)
        {
            double t = k * h;
            states[k + 1] = tableau is null ? Rk4.Step(f, t, states[k], h) : ExplicitRk.Step(tableau, f, t, states[k], h);
            times[k + 1] = (k + 1) * h;
            progress?.Invoke(k + 1, steps);
        }
        return new OdeSolution(times, states, h, double.NaN, 0);
    }

    /// <summary>
    /// Solves with step h, then h/2, h/4, … until two successive solutions agree at every point of the coarser
    /// grid to max|Δ| ≤ tol·(1 + max|y|), and returns the finer one with the agreement it reached. Fails loudly
    /// (with the last disagreement) after <paramref name="maxHalvings"/> halvings instead of returning a guess.
    /// </summary>
    public static OdeSolution Halving(Rhs f, Vec y0, double time, double h, double tol, int maxHalvings = 12, Tableau? tableau = null, Action<int, int>? progress = null)
    {
        var coarse = Fixed(f, y0, time, h, tableau, progress);
        int steps = coarse.Times.Count - 1;
        double err = double.PositiveInfinity;
        for (int halving = 1; halving <= maxHalvings; halving++)
        {
            steps *= 2;
            var fine = Grid(f, y0, time, steps, tableau, progress);
            err = 0;
            double scale = 0;
            for (int k = 0; k < coarse.States.Count; k++)
            {
                var a = coarse.States[k].Span;
                var b = fine.States[2 * k].Span;
                for (int i = 0; i < a.Length; i++)
                {
                    err = Math.Max(err, Math.Abs(a[i] - b[i]));
                    scale = Math.Max(scale, Math.Abs(b[i]));
                }
            }
            if (err <= tol * (1 + scale))
                return fine with { EstimatedError = err, Halvings = halving };
            coarse = fine;
        }
        throw new InvalidOperationException(
            FormattableString.Invariant($"gradient flow did not reach tolerance {tol:G3} after {maxHalvings} halvings (last difference {err:G3})"));
    }
}
