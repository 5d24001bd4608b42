using NtkPure.Numerics;

namespace NtkPure.Experiments;

/// <summary>Which activations a perturbation tries to flip: inactive ones on, active ones off, or the nearest of either.</summary>
public enum FlipDirection
{
    On,
    Off,
    Both,
}

/// <summary>A first-layer weight matrix W = W(0) + Δ in the Frobenius ball ‖Δ‖_F ≤ R, how it was built, and what it flips.</summary>
public sealed record Perturbation(string Name, Mat W, double FrobeniusDistance, double SpectralDistance, int FlipsPerNeuron, long PatternChanges);

/// <summary>
/// Perturbations of the first layer inside the ball ‖W − W(0)‖_F ≤ R, for statements that hold "for all W in
/// the ball" (hu's Assumption 1 and its lemma, eq. (7)): random directions, and for piecewise-linear activations
/// the constructions that flip as many activations as the budget allows. Each neuron r gets the minimum-norm
/// move δ_r with x_iᵀ(w_r + δ_r) = ±τ‖x_i‖ for its k activations nearest the boundary (on the chosen side), so
/// those k patterns flip; k is the largest count whose total cost Σ_r‖δ_r‖² fits R². Every returned W is inside
/// the ball and its pattern changes are counted from W itself, not assumed.
/// </summary>
public static class HuWorstCase
{
    /// <summary>How far past the boundary a targeted input is moved, in units of ‖x_i‖.</summary>
    private const double Overshoot = 1e-3;

    /// <summary>W(0) + R·G/‖G‖_F for a standard Gaussian G from <paramref name="seed"/>.</summary>
    public static Perturbation Random(Mat w0, Mat x, double radius, ulong seed)
    {
        var rng = new Rng(seed);
        var g = new double[w0.Rows * w0.Cols];
        rng.FillGaussian(g);
        var delta = Mat.FromRowMajor(w0.Rows, w0.Cols, g);
        delta = (radius / delta.FrobeniusNorm()) * delta;
        return Describe("random", w0, w0 + delta, x, 0);
    }

    /// <summary>The flipping construction (see the type's summary) in direction <paramref name="direction"/>.</summary>
    public static Perturbation Flip(Mat w0, Mat x, double radius, FlipDirection direction)
    {
        int m = w0.Rows, d = w0.Cols;
        var z = x.MultiplyTransposed(w0); // n×m, only signs and distances matter
        var norms = new double[x.Rows];
        for (int i = 0; i < x.Rows; i++)
            norms[i] = Math.Sqrt(Blas.Dot(x.Row(i), x.Row(i)));
        var order = new int[m][];
        for (int r = 0; r < m; r++)
            order[r] = Candidates(z, norms, r, direction);
        // k rows of a d-column system stay well-conditioned only well below d
        int kMax = Math.Min(d / 2, order.Min(o => o.Length));
        // cost[r][k] = ‖δ_r‖² for the k nearest: one incremental Cholesky pass per neuron gives every k at once
        var cost = new double[m][];
        for (int r = 0; r < m; r++)
            cost[r] = Costs(x, z, norms, order[r], r, kMax);
        double budget = radius * radius;
        int best = 0;
        for (int k = 1; k <= kMax; k++)
        {
            double total = 0;
            for (int r = 0; r < m; r++)
                total += cost[r][k];
            if (!(total <= budget))
                break;
            best = k;
        }
        var delta = new double[m * d];
        if (best > 0)
            for (int r = 0; r < m; r++)
                Move(x, z, norms, order[r], r, best, delta.AsSpan(r * d, d));
        var dm = Mat.FromRowMajor(m, d, delta);
        double f = dm.FrobeniusNorm();
        if (f > radius) // rounding only: the cost test used the same numbers
            dm = (radius / f) * dm;
        return Describe("flip-" + direction.ToString().ToLowerInvariant(), w0, w0 + dm, x, best);
    }

    private static int[] Candidates(Mat z, double[] norms, int r, FlipDirection direction)
    {
        int n = z.Rows, count = 0;
        var idx = new int[n];
        var key = new double[n];
        for (int i = 0; i < n; i++)
        {
            if (norms[i] == 0)
                continue;
            bool on = z[i, r] >= 0;
            if (direction == FlipDirection.Both || (direction == FlipDirection.On) != on)
            {
                idx[count] = i;
                key[count++] = Math.Abs(z[i, r]) / norms[i];
            }
        }
        // nearest to the boundary first; equal distances in index order, so the order is a function of the data alone
        var pos = new int[count];
        for (int k = 0; k < count; k++)
            pos[k] = k;
        Array.Sort(pos, (a, b) =>
        {
            int c = key[a].CompareTo(key[b]);
            return c != 0 ? c : a.CompareTo(b);
        });
        var order = new int[count];
        for (int k = 0; k < count; k++)
            order[k] = idx[pos[k]];
        return order;
    }

    /// <summary>The target shift t_i − x_iᵀw_r that puts input i at ±τ‖x_i‖ on the other side.</summary>
    private static double Shift(Mat z, double[] norms, int i, int r) => (z[i, r] >= 0 ? -1 : 1) * Overshoot * norms[i] - z[i, r];

    /// <summary>
    /// ‖δ‖² = bᵀG⁻¹b = ‖L⁻¹b‖² for G = X_B X_Bᵀ = LLᵀ and b the shifts, for B = the first k of <paramref name="order"/>,
    /// k = 0..kMax: appending an input appends a row to L and an entry to L⁻¹b, so the costs are prefix sums.
    /// A non-positive pivot (dependent inputs) makes that and every larger k infinitely expensive.
    /// </summary>
    private static double[] Costs(Mat x, Mat z, double[] norms, int[] order, int r, int kMax)
    {
        var costs = new double[kMax + 1];
        var l = new double[kMax * kMax];
        var c = new double[kMax];
        for (int a = 0; a < kMax; a++)
        {
            var xa = x.Row(order[a]);
            for (int b = 0; b < a; b++)
                l[a * kMax + b] = (Blas.Dot(xa, x.Row(order[b])) - Blas.Dot(l.AsSpan(a * kMax, b), l.AsSpan(b * kMax, b))) / l[b * kMax + b];
            double pivot = Blas.Dot(xa, xa) - Blas.Dot(l.AsSpan(a * kMax, a), l.AsSpan(a * kMax, a));
            if (!(pivot > 1e-12 * Blas.Dot(xa, xa)))
            {
                for (int k = a + 1; k <= kMax; k++)
                    costs[k] = double.PositiveInfinity;
                return costs;
            }
            l[a * kMax + a] = Math.Sqrt(pivot);
            c[a] = (Shift(z, norms, order[a], r) - Blas.Dot(l.AsSpan(a * kMax, a), c.AsSpan(0, a))) / l[a * kMax + a];
            costs[a + 1] = costs[a] + c[a] * c[a];
        }
        return costs;
    }

    /// <summary>δ = X_Bᵀ(X_B X_Bᵀ)⁻¹b: the minimum-norm move putting the k chosen inputs at ±τ‖x_i‖ across.</summary>
    private static void Move(Mat x, Mat z, double[] norms, int[] order, int r, int k, Span<double> delta)
    {
        var g = new double[k * k];
        var rhs = new double[k];
        for (int a = 0; a < k; a++)
        {
            var xa = x.Row(order[a]);
            for (int b = 0; b <= a; b++)
                g[a * k + b] = g[b * k + a] = Blas.Dot(xa, x.Row(order[b]));
            rhs[a] = Shift(z, norms, order[a], r);
        }
        var coef = Cholesky.Solve(Cholesky.Lower(Mat.FromRowMajor(k, k, g)), Vec.Of(rhs));
        for (int a = 0; a < k; a++)
            Blas.Axpy(coef[a], x.Row(order[a]), delta);
    }

    private static Perturbation Describe(string name, Mat w0, Mat w, Mat x, int k)
    {
        var delta = w - w0;
        var z0 = x.MultiplyTransposed(w0);
        var z1 = x.MultiplyTransposed(w);
        long changes = 0;
        for (int e = 0; e < z0.Rows * z0.Cols; e++)
            if ((z0.Span[e] >= 0) != (z1.Span[e] >= 0))
                changes++;
        return new Perturbation(name, w, delta.FrobeniusNorm(), OperatorNorm.Of(delta), k, changes);
    }
}
