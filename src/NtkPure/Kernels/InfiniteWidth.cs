using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Kernels;

/// <summary>
/// Closed forms of the infinite-width two-layer kernels on inputs X (n×d, any norms; a kernel whose value depends
/// only on the angle throws on a zero row, the others are 0 there because the expectation is). All matrices are
/// n×n and exactly symmetric.
/// </summary>
public static class InfiniteWidth
{
    /// <summary>
    /// H^cts = H^∞ of ntk-notes Lemma 1 / DZPS: H_ij = E_{w~N(0,ν²I)}[x_iᵀx_j 1{wᵀx_i ≥ 0, wᵀx_j ≥ 0}]
    /// = x_iᵀx_j (π − θ_ij)/(2π), the same for every ν &gt; 0 (the indicators are scale-free); for unit inputs this
    /// is ntk-slides' G^∞_ij = x_iᵀx_j (π − arccos x_iᵀx_j)/(2π).
    /// </summary>
    public static Mat Hinf(Mat x) => PairKernels.Matrix(x, new HinfKernel());

    /// <summary>
    /// The two-layer ReLU NTK of ntk-slides, f = √(2/m) Σ_j v_j σ(w_jᵀx) with w ~ N(0, I), E v² = 1, both layers:
    /// K(x, x') = 2xᵀx'·E[1{wᵀx ≥ 0}1{wᵀx' ≥ 0}] + 2E[(wᵀx)₊(wᵀx')₊] = ‖x‖‖x'‖κ(u), κ(u) = uκ₀(u) + κ₁(u).
    /// κ(1) = 2, so K_ii = 2‖x_i‖².
    /// </summary>
    public static Mat ReluNtk(Mat x) => PairKernels.Matrix(x, new ReluNtkKernel());

    /// <summary>
    /// wu's kernel (0.25) k(x, x') = E_{b~Unif(S^{d−1})}[σ(bᵀx)σ(bᵀx')] for ReLU σ. A Gaussian g ~ N(0, I_d) is
    /// ‖g‖·b with ‖g‖ independent of b and E‖g‖² = d, so this is the Gaussian expectation divided by d:
    /// k = ‖x‖‖x'‖κ₁(θ)/(2d).
    /// </summary>
    public static Mat WuSphere(Mat x) => PairKernels.Matrix(x, new WuSphereKernel(x.Cols));

    /// <summary>
    /// wu's limit kernel under the balanced initialisation (a ~ N(0, 1/m), b ~ N(0, I/(md))):
    /// k = E_{b~N(0,I/d)}[σ(bᵀx)σ(bᵀx') + σ'(bᵀx)σ'(bᵀx')xᵀx'] = ‖x‖‖x'‖κ₁(θ)/(2d) + xᵀx'κ₀(θ)/2.
    /// </summary>
    public static Mat WuBalanced(Mat x) => PairKernels.Matrix(x, new WuBalancedKernel(x.Cols));

    /// <summary>
    /// The two-layer NTK of an activation in the plain 1/√m parameterisation, f = (1/√m) Σ_j v_j φ(w_jᵀx) with
    /// w ~ N(0, I), E v² = 1, both layers (ntk-slides' K_σ before Proposition 9):
    /// K(x, x') = xᵀx'·E[φ'(wᵀx)φ'(wᵀx')] + E[φ(wᵀx)φ(wᵀx')]. Closed form where <see cref="GaussianExpectations"/>
    /// has one (ReLU gives ½ of <see cref="ReluNtk"/>), quadrature otherwise.
    /// </summary>
    public static Mat TwoLayerNtk(Activation act, Mat x, bool useQuadrature = false, GaussianQuadrature? quadrature = null)
    {
        var (values, derivatives) = GaussianExpectations.OfInputs(act, x, useQuadrature, quadrature);
        return x.Gram().Hadamard(derivatives) + values;
    }

    /// <summary>The erf two-layer NTK (<see cref="TwoLayerNtk"/> with φ = erf) in closed form.</summary>
    public static Mat ErfNtk(Mat x) => TwoLayerNtk(Activation.Erf, x);

    private readonly struct HinfKernel : IPairKernel
    {
        public double Value(in PairGeometry g) => g.Dot == 0 ? 0.0 : g.Dot * (Math.PI - g.Angle) / (2 * Math.PI);
    }

    private readonly struct ReluNtkKernel : IPairKernel
    {
        public double Value(in PairGeometry g) =>
            g.NormX == 0 || g.NormY == 0 ? 0.0 : g.Dot * ArcCosine.Kappa0(g.Angle) + g.NormX * g.NormY * ArcCosine.Kappa1(g.Angle);
    }

    private readonly struct WuSphereKernel(int d) : IPairKernel
    {
        public double Value(in PairGeometry g) =>
            g.NormX == 0 || g.NormY == 0 ? 0.0 : g.NormX * g.NormY * ArcCosine.Kappa1(g.Angle) / (2.0 * d);
    }

    private readonly struct WuBalancedKernel(int d) : IPairKernel
    {
        public double Value(in PairGeometry g) =>
            g.NormX == 0 || g.NormY == 0 ? 0.0 : g.NormX * g.NormY * ArcCosine.Kappa1(g.Angle) / (2.0 * d) + g.Dot * ArcCosine.Kappa0(g.Angle) / 2;
    }
}
