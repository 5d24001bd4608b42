using System.Collections.Immutable;
using NtkPure.Model;

namespace NtkPure.Boolean;

/// <summary>
/// A halfspace of wu Theorem 4 (Kalai–Klivans): h(x) = σ_step(c(x)) with c(x) = wᵀx − b − ½ on x ∈ {−1,1}^d.
/// The seed takes w ∈ ℕ^d and b ∈ ℕ; the proof uses only that wᵀx − b is an integer (so |c(x)| ≥ ½), and this
/// type accepts any integers.
/// </summary>
public sealed record Halfspace(ImmutableArray<int> W, int B)
{
    public int Dimension => W.Length;

    /// <summary>‖w‖₁.</summary>
    public long L1
    {
        get
        {
            long s = 0;
            foreach (int w in W)
                s += Math.Abs((long)w);
            return s;
        }
    }

    /// <summary>wᵀx − b in integer arithmetic for a cube point given by its index (x_j = (−1)^{bit j}).</summary>
    public long Affine(ulong index)
    {
        long s = -(long)B;
        for (int j = 0; j < W.Length; j++)
            s += ((index >> j) & 1UL) == 0 ? W[j] : -W[j];
        return s;
    }

    /// <summary>c(x) = wᵀx − b − ½, exact (a half-integer well inside double range).</summary>
    public double C(ulong index) => Affine(index) - 0.5;

    /// <summary>h(x) = σ_step(c(x)) ∈ {0, 1}.</summary>
    public double Indicator(ulong index) => Networks.Step(C(index));
}

/// <summary>
/// wu's proof of Theorem 5 (Livni et al.): the intersection h₁ ∧ … ∧ h_k of k halfspaces is the sign of the
/// two-layer ReLU network g(x) = (1/2k)(Σ_i (ReLU(2c_i(x)) − ReLU(2c_i(x) − 1)) − k + ⅓).
/// </summary>
public static class HalfspaceIntersection
{
    /// <summary>h₁(x) ∧ … ∧ h_k(x) as ±1: +1 when every h_i(x) = 1, −1 otherwise (the values sign(g) must take).</summary>
    public static double Intersection(IReadOnlyList<Halfspace> hs, ulong index)
    {
        foreach (var h in hs)
            if (h.Indicator(index) == 0)
                return -1.0;
        return 1.0;
    }

    private static int Dimension(IReadOnlyList<Halfspace> hs)
    {
        if (hs.Count == 0)
            throw new ArgumentException("need at least one halfspace");
        int d = hs[0].Dimension;
        foreach (var h in hs)
            if (h.Dimension != d)
                throw new ArgumentException("halfspaces of different dimensions");
        return d;
    }

    /// <summary>
    /// g as an unscaled ReLU TwoLayerNet on (x, 1), input dimension d + 1, width 2k + 1: for each i the neurons
    /// 2c_i = (2w_i, −2b_i − 1) with output weight 1/(2k) and 2c_i − 1 = (2w_i, −2b_i − 2) with −1/(2k); last, the
    /// constant neuron (0, 1) with output weight (⅓ − k)/(2k).
    /// </summary>
    public static TwoLayerNet Network(IReadOnlyList<Halfspace> hs)
    {
        int d = Dimension(hs), k = hs.Count;
        var rows = new double[2 * k + 1][];
        var a = new double[2 * k + 1];
        for (int i = 0; i < k; i++)
        {
            var r1 = new double[d + 1];
            var r2 = new double[d + 1];
            for (int j = 0; j < d; j++)
                r1[j] = r2[j] = 2.0 * hs[i].W[j];
            r1[d] = -2.0 * hs[i].B - 1.0;
            r2[d] = -2.0 * hs[i].B - 2.0;
            rows[2 * i] = r1;
            rows[2 * i + 1] = r2;
            a[2 * i] = 1.0 / (2 * k);
            a[2 * i + 1] = -1.0 / (2 * k);
        }
        var c = new double[d + 1];
        c[d] = 1.0;
        rows[2 * k] = c;
        a[2 * k] = (1.0 / 3 - k) / (2 * k);
        return Networks.Relu(rows, a);
    }

    /// <summary>The seed's bound on g's path norm: (1/2k)(k + ⅓ + Σ_i (2(2‖w_i‖₁ + |b_i| + ½) + 1)), as written.</summary>
    public static double SeedPathNormBound(IReadOnlyList<Halfspace> hs)
    {
        int k = hs.Count;
        double s = k + 1.0 / 3;
        foreach (var h in hs)
            s += 2 * (2.0 * h.L1 + Math.Abs((double)h.B) + 0.5) + 1;
        return s / (2 * k);
    }

    /// <summary>
    /// A bound that the construction does satisfy: (1/2k)(k + ⅓ + Σ_i (4‖w_i‖₁ + 4|b_i| + 3)). Neuron 2c_i has
    /// ℓ₁ weight 2‖w_i‖₁ + |2b_i + 1| and neuron 2c_i − 1 has 2‖w_i‖₁ + |2b_i + 2|; their sum is at most
    /// 4‖w_i‖₁ + 4|b_i| + 3 (equal for b_i ≥ 0), and the output bias contributes |⅓ − k| ≤ k + ⅓. The seed's
    /// bound counts |b_i| + 1 where the two biases contribute 4|b_i| + 3.
    /// </summary>
    public static double PathNormBound(IReadOnlyList<Halfspace> hs)
    {
        int k = hs.Count;
        double s = k + 1.0 / 3;
        foreach (var h in hs)
            s += 4.0 * h.L1 + 4.0 * Math.Abs((double)h.B) + 3;
        return s / (2 * k);
    }
}
