using NtkPure.Numerics;

namespace NtkPure.Kernels;

/// <summary>
/// The ReLU NTK of a fully-connected net through its feature map, ntk-slides Lemma 1 (Bietti–Mairal 2019):
/// K(x, x') = ⟨Φ_n(x), Φ_n(x')⟩ with Φ₀ = Ψ₀ = x, Ψ_k = φ₁(Ψ_{k−1}), Φ_k = (φ₀(Ψ_{k−1}) ⊗ Φ_{k−1}; φ₁(Ψ_{k−1})),
/// where φ₀, φ₁ are feature maps of the kernels (z, z') ↦ κ₀(⟨z,z'⟩/‖z‖‖z'‖) and ‖z‖‖z'‖κ₁(⟨z,z'⟩/‖z‖‖z'‖).
/// Only inner products are needed: ⟨a ⊗ b, a' ⊗ b'⟩ = ⟨a,a'⟩⟨b,b'⟩ and a stacked vector's inner product is the
/// sum of its blocks', so with P_k = ⟨Ψ_k(x), Ψ_k(x')⟩ and u_k = P_k/(‖Ψ_k(x)‖‖Ψ_k(x')‖):
/// P_k = ‖Ψ_{k−1}(x)‖‖Ψ_{k−1}(x')‖κ₁(u_{k−1}), ‖Ψ_k(x)‖ = ‖Ψ_{k−1}(x)‖ (κ₁(1) = 1),
/// K_k = κ₀(u_{k−1})·K_{k−1} + P_k.
/// Written independently of <see cref="MultiLayerNtk"/>: it iterates the slides' κ's in the cosine u (with arccos,
/// so entries with u within δ of ±1 carry an extra rounding error of about ε/√δ), while the recursion
/// multiplies out Σ̇ products from Gaussian expectations. K_n equals Θ^(n) with c_σ = 2 and Σ̇^(n+1) := 1.
/// </summary>
public static class FeatureMapNtk
{
    /// <summary>⟨Φ_n(x_i), Φ_n(x_j)⟩ (n×n) for inputs X (rows non-zero) and depth n ≥ 1.</summary>
    public static Mat Kernel(Mat x, int depth)
    {
        if (depth < 1)
            throw new ArgumentOutOfRangeException(nameof(depth), $"the feature map needs depth ≥ 1, got {depth}");
        Angles.RequireNonZeroRows(x, "the normalised inner product of the feature map");
        int n = x.Rows;
        var norm = new double[n];
        for (int i = 0; i < n; i++)
            norm[i] = Math.Sqrt(Blas.Dot(x.Row(i), x.Row(i)));
        var psi = x.Gram().ToArray(); // P_0 = ⟨x, x'⟩
        var phi = x.Gram().ToArray(); // K_0 = ⟨x, x'⟩
        for (int k = 1; k <= depth; k++)
            for (int i = 0; i < n; i++)
                for (int j = 0; j <= i; j++)
                {
                    double s = norm[i] * norm[j];
                    // rounding can put |u| a few ulps above 1; arccos is undefined there
                    double u = i == j ? 1.0 : Math.Clamp(psi[i * n + j] / s, -1.0, 1.0);
                    double p = s * ArcCosine.Kappa1OfCosine(u);
                    double kk = ArcCosine.Kappa0OfCosine(u) * phi[i * n + j] + p;
                    psi[i * n + j] = psi[j * n + i] = p;
                    phi[i * n + j] = phi[j * n + i] = kk;
                }
        return Mat.Own(n, n, phi);
    }
}
