using NtkPure.Numerics;

namespace NtkPure.Kernels;

/// <summary>
/// The spectrum of a symmetric kernel matrix K (n×n) and, given labels y, the projections p_k = v_kᵀy on its unit
/// eigenvectors (ascending λ_k) — Arora et al.'s fine-grained picture: ‖(I − ηK)^t y‖² = Σ_k (1 − ηλ_k)^{2t} p_k²
/// and yᵀK⁻¹y = Σ_k p_k²/λ_k. Eigenvalues are as computed: rounding can leave a PSD K with λ_min slightly below 0
/// and it is reported, never clamped.
/// </summary>
public sealed record KernelSpectrum(Vec Eigenvalues, Mat Eigenvectors, Vec? Projections)
{
    public double Min => Eigenvalues[0];
    public double Max => Eigenvalues[Eigenvalues.Length - 1];

    /// <summary>λ_max/λ_min when λ_min &gt; 0; +∞ when λ_min ≤ 0 (singular or indefinite as computed).</summary>
    public double Condition => Min > 0 ? Max / Min : double.PositiveInfinity;

    /// <summary>How many eigenvalues came out negative.</summary>
    public int NegativeCount
    {
        get
        {
            int c = 0;
            foreach (var v in Eigenvalues)
                if (v < 0)
                    c++;
            return c;
        }
    }

    public static KernelSpectrum Of(Mat k, Vec? y = null)
    {
        var e = SymmetricEigen.Of(k);
        return new KernelSpectrum(e.Values, e.Vectors, y is null ? null : e.Vectors.TransposeTimes(y));
    }

    /// <summary>Σ_k (1 − ηλ_k)^{2t} p_k² = ‖(I − ηK)^t y‖² (ntk-slides' fine-grained dynamics, Φ(W(t)) ≈ ½ of it).</summary>
    public double ResidualSquared(double eta, int t)
    {
        var p = Projections ?? throw new InvalidOperationException("the spectrum was computed without labels");
        double s = 0;
        for (int k = 0; k < p.Length; k++)
        {
            double f = Math.Pow(1 - eta * Eigenvalues[k], 2.0 * t);
            s += f * p[k] * p[k];
        }
        return s;
    }

    /// <summary>Σ_k p_k²/λ_k = yᵀK⁻¹y, finite only when every λ_k &gt; 0.</summary>
    public double QuadraticFormInverse()
    {
        var p = Projections ?? throw new InvalidOperationException("the spectrum was computed without labels");
        double s = 0;
        for (int k = 0; k < p.Length; k++)
            s += p[k] * p[k] / Eigenvalues[k];
        return s;
    }
}
