using System.Numerics;
using NtkPure.Model;

namespace NtkPure.Boolean;

/// <summary>
/// wu "Parity functions as two-layer neural networks", eqs. (0.3)–(0.4): for v, x ∈ {0,1}^d, vᵀx ∈ {0, …, d} and
/// (−1)^{vᵀx} = σ_tri(vᵀx) = Σ_{i=0}^d (−1)^i σ_hat(vᵀx − i) with σ_hat(z) = σ(2z + 1) − 2σ(2z) + σ(2z − 1), σ = ReLU.
/// </summary>
public static class TriangleWave
{
    private static double Relu(double z) => z >= 0 ? z : 0.0;

    /// <summary>σ_hat(z) = σ(2z + 1) − 2σ(2z) + σ(2z − 1): the hat of height 1 on [−½, ½].</summary>
    public static double Hat(double z) => Relu(2 * z + 1) - 2 * Relu(2 * z) + Relu(2 * z - 1);

    /// <summary>σ_tri(s) = Σ_{i=0}^d (−1)^i σ_hat(s − i), eq. (0.3).</summary>
    public static double Tri(double s, int d)
    {
        double t = 0;
        for (int i = 0; i <= d; i++)
            t += ((i & 1) == 0 ? 1.0 : -1.0) * Hat(s - i);
        return t;
    }

    /// <summary>
    /// Eq. (0.4) as an unscaled ReLU TwoLayerNet on (x, 1), x ∈ {0,1}^d: width 3(d + 1), input dimension d + 1.
    /// Hat i contributes the neurons (2v, 1 − 2i), (2v, −2i), (2v, −2i − 1) with output weights (−1)^i·(1, −2, 1).
    /// </summary>
    public static TwoLayerNet ParityNetwork(int d, ulong v)
    {
        Parity.RequireDimension(d);
        if (d < 64 && (v >> d) != 0)
            throw new ArgumentException($"v = {v:X} has bits beyond d = {d}");
        var rows = new double[3 * (d + 1)][];
        var a = new double[3 * (d + 1)];
        ReadOnlySpan<double> shifts = [1.0, 0.0, -1.0];
        ReadOnlySpan<double> coefficients = [1.0, -2.0, 1.0];
        for (int i = 0; i <= d; i++)
        {
            double sign = (i & 1) == 0 ? 1.0 : -1.0;
            for (int t = 0; t < 3; t++)
            {
                var row = new double[d + 1];
                for (int j = 0; j < d; j++)
                    row[j] = ((v >> j) & 1UL) == 0 ? 0.0 : 2.0;
                row[d] = -2.0 * i + shifts[t];
                rows[3 * i + t] = row;
                a[3 * i + t] = sign * coefficients[t];
            }
        }
        return Networks.Relu(rows, a);
    }

    /// <summary>
    /// The path norm of <see cref="ParityNetwork"/> in closed form: Σ_i [(2s + |1 − 2i|) + 2(2s + 2i) + (2s + 2i + 1)]
    /// = 8s(d + 1) + 4d(d + 1) + 2 with s = |v|. At most 12d(d + 1) + 2 (v = 1…1), so the seed's "≤ Cd²" holds with
    /// C → 12 as d grows (C = 26 at d = 1).
    /// </summary>
    public static double PathNormClosedForm(int d, ulong v)
    {
        double s = BitOperations.PopCount(v);
        return 8 * s * (d + 1) + 4.0 * d * (d + 1) + 2;
    }
}
