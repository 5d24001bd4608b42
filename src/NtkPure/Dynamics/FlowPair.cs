using NtkPure.Numerics;

namespace NtkPure.Dynamics;

/// <summary>
/// A flow solved twice, on a grid and on the grid with half the step: a quantity evaluated on both at the
/// coarse grid's points differs by about its error on the coarse grid (RK4: 15 times the fine one's), and
/// that difference is the error bar the checks add to their tolerance.
/// </summary>
public sealed record FlowPair(OdeSolution Fine, OdeSolution Coarse)
{
    public int CoarsePoints => Coarse.States.Count;

    public Vec FineAt(int j) => Fine.States[2 * j];

    public double TimeAt(int j) => Coarse.Times[j];
}

public static class FlowPairs
{
    private static string F(FormattableString s) => FormattableString.Invariant(s);

    /// <summary>
    /// Halves the step from h until the two solutions agree at the coarse points to tol·(1 + max|·|) — in the state
    /// itself, or in the observables <paramref name="observe"/> makes of it when the state mixes scales (wu's a_j of
    /// order 1/m next to b_j of order 1 that move by 1/m²: what the checks read is the net's output). A ReLU flow
    /// whose pattern changes, or that slides along a kink, converges more slowly than RK4's order: with
    /// <paramref name="strict"/> false the last pair is returned after <paramref name="maxHalvings"/>, and the error
    /// bars the checks take from its two solutions say how far it got.
    /// </summary>
    public static FlowPair Solve(Rhs f, Vec y0, double time, double h, double tol = 1e-9, Func<Vec, Vec>? observe = null, int maxHalvings = 14, bool strict = true)
    {
        observe ??= v => v;
        var coarse = Ode.Fixed(f, y0, time, h);
        var coarseObs = coarse.States.Select(observe).ToArray();
        double err = double.PositiveInfinity;
        for (int k = 0; k < maxHalvings; k++)
        {
            int steps = coarse.Times.Count - 1;
            var fine = Ode.Fixed(f, y0, time, time / (2 * steps));
            if (fine.Times.Count != 2 * steps + 1)
                throw new InvalidOperationException("the halved grid does not refine the coarse one");
            var fineObs = fine.States.Select(observe).ToArray();
            if (!fineObs[^1].AllFinite())
                throw new InvalidOperationException(F($"the flow diverged (non-finite state at t = {time:G4} with step {time / (2 * steps):G3})"));
            err = 0;
            double scale = 0;
            for (int j = 0; j <= steps; j++)
            {
                var a = coarseObs[j].Span;
                var b = fineObs[2 * j].Span;
                for (int i = 0; i < a.Length; i++)
                {
                    err = Math.Max(err, Math.Abs(a[i] - b[i]));
                    scale = Math.Max(scale, Math.Abs(b[i]));
                }
            }
            if (err <= tol * (1 + scale) || (!strict && k == maxHalvings - 1))
                return new FlowPair(fine, coarse);
            coarse = fine;
            coarseObs = fineObs;
        }
        throw new InvalidOperationException(F($"the flow did not reach tolerance {tol:G3} after {maxHalvings} halvings (last difference {err:G3})"));
    }
}
