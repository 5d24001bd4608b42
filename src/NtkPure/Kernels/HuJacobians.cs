using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Kernels;

/// <summary>
/// Products of first-layer Jacobians of hu's net f(x) = (1/√m)·vᵀφ(Wx/√d) at two first-layer weights W, W̃ (m×d)
/// with the same second layer v, on inputs X (n×d). The Jacobian J₁(W) (n×md) has entries
/// ∂f(x_i)/∂w_rk = v_r φ'(w_rᵀx_i/√d) x_ik/√(md), so every product is an n×n matrix built from the derivative
/// matrices Φ'(W) = φ'(XWᵀ/√d) (n×m) without forming J₁:
/// J₁(W)J₁(W̃)ᵀ = (Φ'(W)·diag(v²)·Φ'(W̃)ᵀ ⊙ XXᵀ)/(md), and (J₁(W) − J₁(W̃))(J₁(W) − J₁(W̃))ᵀ the same with both
/// factors replaced by the difference Φ'(W) − Φ'(W̃) — formed before the product, so nothing cancels.
/// </summary>
public static class HuJacobians
{
    /// <summary>Φ'(W) = φ'(XWᵀ/√d) (n×m).</summary>
    public static Mat Derivatives(Mat w, Mat x, Activation act)
    {
        if (w.Cols != x.Cols)
            throw new ArgumentException($"W has d = {w.Cols} columns but the inputs have d = {x.Cols}");
        var z = x.MultiplyTransposed(w).ToArray();
        double s = 1 / Math.Sqrt(x.Cols);
        for (int k = 0; k < z.Length; k++)
            z[k] *= s;
        var dphi = new double[z.Length];
        act.Derivatives(z, dphi);
        return Mat.Own(x.Rows, w.Rows, dphi);
    }

    /// <summary>J₁(W, v)·J₁(W̃, v)ᵀ (n×n; not symmetric unless W = W̃).</summary>
    public static Mat CrossGram(Mat w, Mat wTilde, Vec v, Mat x, Activation act)
    {
        CheckShapes(w, wTilde, v);
        var a = Weighted(Derivatives(w, x, act), v);
        var b = ReferenceEquals(w, wTilde) ? a : Weighted(Derivatives(wTilde, x, act), v);
        return (1.0 / ((double)w.Rows * x.Cols)) * a.MultiplyTransposed(b).Hadamard(x.Gram());
    }

    /// <summary>(J₁(W, v) − J₁(W̃, v))(J₁(W, v) − J₁(W̃, v))ᵀ (n×n, symmetric PSD); ‖J₁(W) − J₁(W̃)‖² is its top eigenvalue.</summary>
    public static Mat DifferenceGram(Mat w, Mat wTilde, Vec v, Mat x, Activation act)
    {
        CheckShapes(w, wTilde, v);
        var diff = Derivatives(w, x, act) - Derivatives(wTilde, x, act);
        var a = Weighted(diff, v);
        return (1.0 / ((double)w.Rows * x.Cols)) * a.Gram().Hadamard(x.Gram());
    }

    /// <summary>‖J₁(W, v) − J₁(W̃, v)‖₂ (spectral norm).</summary>
    public static double DifferenceNorm(Mat w, Mat wTilde, Vec v, Mat x, Activation act) =>
        Math.Sqrt(OperatorNorm.Of(DifferenceGram(w, wTilde, v, x, act)));

    // A·diag(|v|): the Gram then carries v_r², the only way v enters a product of first-layer Jacobians.
    private static Mat Weighted(Mat a, Vec v)
    {
        int n = a.Rows, m = a.Cols;
        var r = a.ToArray();
        for (int i = 0; i < n; i++)
            for (int k = 0; k < m; k++)
                r[i * m + k] *= Math.Abs(v[k]);
        return Mat.Own(n, m, r);
    }

    private static void CheckShapes(Mat w, Mat wTilde, Vec v)
    {
        if (w.Rows != wTilde.Rows || w.Cols != wTilde.Cols)
            throw new ArgumentException($"W is {w.Rows}×{w.Cols} but W̃ is {wTilde.Rows}×{wTilde.Cols}");
        if (v.Length != w.Rows)
            throw new ArgumentException($"v has {v.Length} entries for m = {w.Rows} neurons");
    }
}
