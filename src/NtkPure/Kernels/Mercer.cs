using MathNet.Numerics;
using NtkPure.Numerics;

namespace NtkPure.Kernels;

/// <summary>
/// Mercer decomposition of a dot-product kernel κ(⟨x, y⟩) on the sphere S^{p−1} (ntk-slides Proposition 5):
/// κ(⟨x,y⟩) = Σ_k μ_k Σ_{j=1}^{N(p,k)} Y_kj(x)Y_kj(y) with Y_kj orthonormal in L²(τ), τ the uniform probability
/// measure, so μ_k is the eigenvalue of f ↦ ∫κ(⟨·,y⟩)f(y)dτ(y) on degree-k harmonics. By Funk–Hecke,
/// μ_k = (|S^{p−2}|/|S^{p−1}|)·∫_{−1}^{1} κ(t)P_k(t)(1 − t²)^{(p−3)/2} dt with P_k the Legendre (Gegenbauer)
/// polynomial of dimension p, P_k(1) = 1, and κ(t) = Σ_k μ_k N(p,k) P_k(t).
/// The integral is taken in θ (t = cos θ), where the ReLU kernels are smooth (κ has √(1−t²) and arccos t in t),
/// by Gauss–Legendre on [0, π].
/// </summary>
public static class Mercer
{
    /// <summary>
    /// μ_0 … μ_kMax for κ given as a function of the angle θ ∈ [0, π] (dimension p ≥ 2). A delegate, called once per
    /// quadrature node, not per pair of points.
    /// </summary>
    public static Vec Coefficients(Func<double, double> kappaOfAngle, int p, int kMax, int nodes = 0)
    {
        if (p < 2)
            throw new ArgumentOutOfRangeException(nameof(p), "the sphere S^{p−1} needs p ≥ 2");
        if (kMax < 0)
            throw new ArgumentOutOfRangeException(nameof(kMax));
        int count = nodes > 0 ? nodes : Math.Max(128, 2 * kMax + 64);
        var rule = GaussRule.Legendre(count, 0, Math.PI);
        double ratio = SphereAreaRatio(p);
        var mu = new double[kMax + 1];
        var legendre = new double[kMax + 1];
        for (int q = 0; q < count; q++)
        {
            double theta = rule.Nodes[q];
            double t = Math.Cos(theta);
            double w = rule.Weights[q] * kappaOfAngle(theta) * Math.Pow(Math.Sin(theta), p - 2);
            Legendre(p, t, legendre);
            for (int k = 0; k <= kMax; k++)
                mu[k] += w * legendre[k];
        }
        for (int k = 0; k <= kMax; k++)
            mu[k] *= ratio;
        return Vec.Own(mu);
    }

    /// <summary>μ_k of the two-layer ReLU NTK κ(u) = uκ₀(u) + κ₁(u) on S^{p−1}.</summary>
    public static Vec ReluNtk(int p, int kMax, int nodes = 0) => Coefficients(ArcCosine.Kappa, p, kMax, nodes);

    /// <summary>|S^{p−2}|/|S^{p−1}| = Γ(p/2)/(√π·Γ((p−1)/2)).</summary>
    public static double SphereAreaRatio(int p) =>
        Math.Exp(SpecialFunctions.GammaLn(p / 2.0) - SpecialFunctions.GammaLn((p - 1) / 2.0)) / Math.Sqrt(Math.PI);

    /// <summary>N(p, k), the dimension of the degree-k spherical harmonics on S^{p−1}: 1 for k = 0, else (2k+p−2)/k·C(k+p−3, k−1).</summary>
    public static double Multiplicity(int p, int k)
    {
        if (k == 0)
            return 1;
        // C(k+p−3, k−1) = Π_{i=1}^{k−1} (p−2+i)/i
        double c = 1;
        for (int i = 1; i <= k - 1; i++)
            c = c * (p - 2 + i) / i;
        return (2.0 * k + p - 2) / k * c;
    }

    /// <summary>
    /// P_0(t) … P_kMax(t) of dimension p into <paramref name="values"/>: P_0 = 1, P_1 = t,
    /// P_{k+1} = ((2k+p−2)·t·P_k − k·P_{k−1})/(k+p−2). p = 2: Chebyshev T_k; p = 3: Legendre.
    /// </summary>
    public static void Legendre(int p, double t, Span<double> values)
    {
        if (values.Length == 0)
            return;
        values[0] = 1;
        if (values.Length == 1)
            return;
        values[1] = t;
        for (int k = 1; k + 1 < values.Length; k++)
            values[k + 1] = ((2.0 * k + p - 2) * t * values[k] - k * values[k - 1]) / (k + p - 2);
    }

    /// <summary>Σ_k μ_k N(p,k) P_k(t): the truncated expansion of κ(t).</summary>
    public static double Reconstruct(Vec mu, int p, double t)
    {
        var legendre = new double[mu.Length];
        Legendre(p, t, legendre);
        double s = 0;
        for (int k = 0; k < mu.Length; k++)
            s += mu[k] * Multiplicity(p, k) * legendre[k];
        return s;
    }
}
