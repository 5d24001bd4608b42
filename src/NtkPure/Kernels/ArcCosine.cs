using NtkPure.Numerics;

namespace NtkPure.Kernels;

/// <summary>
/// The arc-cosine functions of the ReLU kernels, as functions of the angle θ ∈ [0, π] (the accurate form) and of
/// the cosine u = cos θ (the slides' form, ntk-slides "NTK: Some properties"):
/// κ₀ = (π − θ)/π = (π − arccos u)/π, κ₁ = (sin θ + (π − θ)cos θ)/π = (u(π − arccos u) + √(1 − u²))/π,
/// and the two-layer ReLU NTK κ(u) = u·κ₀(u) + κ₁(u) (κ(1) = 2).
/// In Cho–Saul's normalisation the arc-cosine kernels of degree 0 and 1 are k₀(x, y) = 2E_w[1{wᵀx ≥ 0}1{wᵀy ≥ 0}]
/// = κ₀(θ) and k₁(x, y) = 2E_w[(wᵀx)₊(wᵀy)₊] = ‖x‖‖y‖κ₁(θ), w ~ N(0, I).
/// </summary>
public static class ArcCosine
{
    public static double Kappa0(double angle) => (Math.PI - angle) / Math.PI;

    public static double Kappa1(double angle) => (Math.Sin(angle) + (Math.PI - angle) * Math.Cos(angle)) / Math.PI;

    /// <summary>κ(θ) = cos θ·κ₀(θ) + κ₁(θ).</summary>
    public static double Kappa(double angle) => Math.Cos(angle) * Kappa0(angle) + Kappa1(angle);

    /// <summary>κ₀(u) = (π − arccos u)/π, u ∈ [−1, 1] — the slides' formula, literally.</summary>
    public static double Kappa0OfCosine(double u) => (Math.PI - Math.Acos(u)) / Math.PI;

    /// <summary>κ₁(u) = (u(π − arccos u) + √(1 − u²))/π — the slides' formula, literally.</summary>
    public static double Kappa1OfCosine(double u) => (u * (Math.PI - Math.Acos(u)) + Math.Sqrt(1 - u * u)) / Math.PI;

    /// <summary>κ(u) = u·κ₀(u) + κ₁(u) — the slides' two-layer ReLU NTK on the sphere.</summary>
    public static double KappaOfCosine(double u) => u * Kappa0OfCosine(u) + Kappa1OfCosine(u);

    /// <summary>Arc-cosine kernel of degree 0 (n×n): κ₀(θ_ij). Needs non-zero rows: the angle decides everything.</summary>
    public static Mat Degree0(Mat x)
    {
        Angles.RequireNonZeroRows(x, "the degree-0 arc-cosine kernel (it depends on the angle only)");
        return PairKernels.Matrix(x, new Degree0Kernel());
    }

    /// <summary>Arc-cosine kernel of degree 1 (n×n): ‖x_i‖‖x_j‖κ₁(θ_ij); 0 where a row is zero (the expectation is 0 there).</summary>
    public static Mat Degree1(Mat x) => PairKernels.Matrix(x, new Degree1Kernel());

    private readonly struct Degree0Kernel : IPairKernel
    {
        public double Value(in PairGeometry g) => Kappa0(g.Angle);
    }

    private readonly struct Degree1Kernel : IPairKernel
    {
        public double Value(in PairGeometry g) => g.NormX == 0 || g.NormY == 0 ? 0.0 : g.NormX * g.NormY * Kappa1(g.Angle);
    }
}
