using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Kernels;

/// <summary>
/// The constants of hu's linear models for an activation φ and data covariance Σ (g ~ N(0, 1)):
/// ζ = E[φ'(g)], ν = E[gφ'(g)]·√(Tr[Σ²]/d) (§3), ϑ₀ = E[φ(g)], ϑ₁ = E[gφ'(g)], ϑ₂ = E[(½g³ − g)φ'(g)] (eq. (4)).
/// </summary>
public sealed record HuConstants(double Zeta, double Nu, double Theta0, double Theta1, double Theta2, double TraceSigmaSquaredOverD)
{
    /// <summary>By quadrature (<see cref="GaussianExpectations.Moments"/>), for any activation.</summary>
    public static HuConstants Of(Activation act, double traceSigmaSquaredOverD, GaussianQuadrature? quadrature = null)
    {
        CheckTrace(traceSigmaSquaredOverD);
        var m = GaussianExpectations.Moments(act, 1.0, quadrature);
        return new HuConstants(m.MeanDerivative, m.MeanGDerivative * Math.Sqrt(traceSigmaSquaredOverD), m.Mean, m.MeanGDerivative, m.MeanCubicDerivative,
            traceSigmaSquaredOverD);
    }

    /// <summary>
    /// Closed forms from the half-normal moments E[g 1{g ≥ 0}] = 1/√(2π), E[g³ 1{g ≥ 0}] = 2/√(2π):
    /// ReLU ζ = ½, ϑ₀ = ϑ₁ = 1/√(2π), ϑ₂ = 0; leaky ReLU(α) ζ = (1+α)/2, ϑ₀ = ϑ₁ = (1−α)/√(2π), ϑ₂ = 0;
    /// erf ζ = 2/√(3π), ϑ₀ = ϑ₁ = ϑ₂ = 0 (odd φ); identity ζ = 1, the rest 0.
    /// </summary>
    public static HuConstants ClosedForm(Activation act, double traceSigmaSquaredOverD)
    {
        CheckTrace(traceSigmaSquaredOverD);
        double r = 1 / Math.Sqrt(2 * Math.PI);
        var (zeta, theta0, theta1) = act.Kind switch
        {
            ActivationKind.Relu => (0.5, r, r),
            ActivationKind.LeakyRelu => (0.5 * (1 + act.Slope), (1 - act.Slope) * r, (1 - act.Slope) * r),
            ActivationKind.Erf => (2 / Math.Sqrt(3 * Math.PI), 0.0, 0.0),
            ActivationKind.Identity => (1.0, 0.0, 0.0),
            _ => throw new NotSupportedException($"no closed form for hu's constants of {act.Name}; use HuConstants.Of"),
        };
        return new HuConstants(zeta, theta1 * Math.Sqrt(traceSigmaSquaredOverD), theta0, theta1, 0.0, traceSigmaSquaredOverD);
    }

    private static void CheckTrace(double t)
    {
        if (!(t >= 0) || !double.IsFinite(t))
            throw new ArgumentException($"Tr[Σ²]/d must be finite and non-negative, got {t:G6}");
    }
}

/// <summary>
/// hu (Hu, Xiao, Adlam, Pennington 2020) for the net f(x) = (1/√m)·vᵀφ(Wx/√d), W: m×d: the first- and
/// second-layer NTK matrices at W and the kernels of the linear models that track them early in training.
/// Inputs X: n×d.
/// </summary>
public static class HuKernels
{
    /// <summary>Tr[Σ²]/d for a covariance Σ (d×d).</summary>
    public static double TraceSigmaSquaredOverD(Mat sigma)
    {
        if (sigma.Rows != sigma.Cols)
            throw new ArgumentException("a covariance must be square");
        // Tr[Σ²] = Σ_ij Σ_ij Σ_ji = ‖Σ‖_F² for symmetric Σ
        double f = sigma.FrobeniusNorm();
        return f * f / sigma.Rows;
    }

    /// <summary>Tr[Σ̂²]/d for the second-moment matrix Σ̂ = XᵀX/n of the data (hu's inputs have mean 0).</summary>
    public static double SampleTraceSigmaSquaredOverD(Mat x) => TraceSigmaSquaredOverD((1.0 / x.Rows) * x.TransposeMultiply(x));

    /// <summary>ψ₁(x_i) = (ζx_i; ν)/√d as rows (n×(d+1)).</summary>
    public static Mat Psi1(Mat x, HuConstants c)
    {
        int n = x.Rows, d = x.Cols;
        double s = 1 / Math.Sqrt(d);
        var f = new double[n * (d + 1)];
        for (int i = 0; i < n; i++)
        {
            var xi = x.Row(i);
            for (int k = 0; k < d; k++)
                f[i * (d + 1) + k] = s * c.Zeta * xi[k];
            f[i * (d + 1) + d] = s * c.Nu;
        }
        return Mat.Own(n, d + 1, f);
    }

    /// <summary>
    /// ψ₂(x_i) = (ζx_i/√d; ν/√(2d); ϑ₀ + ϑ₁(‖x_i‖/√d − 1) + ϑ₂(‖x_i‖/√d − 1)²) as rows (n×(d+2)), hu eq. (3).
    /// </summary>
    public static Mat Psi2(Mat x, HuConstants c)
    {
        int n = x.Rows, d = x.Cols;
        double s = 1 / Math.Sqrt(d);
        var q = NormFeature(x, c);
        var f = new double[n * (d + 2)];
        for (int i = 0; i < n; i++)
        {
            var xi = x.Row(i);
            for (int k = 0; k < d; k++)
                f[i * (d + 2) + k] = s * c.Zeta * xi[k];
            f[i * (d + 2) + d] = c.Nu / Math.Sqrt(2.0 * d);
            f[i * (d + 2) + d + 1] = q[i];
        }
        return Mat.Own(n, d + 2, f);
    }

    /// <summary>q_i = ϑ₀ + ϑ₁(‖x_i‖/√d − 1) + ϑ₂(‖x_i‖/√d − 1)²: the last coordinate of ψ₂.</summary>
    public static Vec NormFeature(Mat x, HuConstants c)
    {
        int n = x.Rows, d = x.Cols;
        var q = new double[n];
        for (int i = 0; i < n; i++)
        {
            double t = Math.Sqrt(Blas.Dot(x.Row(i), x.Row(i))) / Math.Sqrt(d) - 1;
            q[i] = c.Theta0 + c.Theta1 * t + c.Theta2 * t * t;
        }
        return Vec.Own(q);
    }

    /// <summary>Θ^lin1 = ψ₁ψ₁ᵀ = (ζ²XXᵀ + ν²11ᵀ)/d (n×n).</summary>
    public static Mat Lin1(Mat x, HuConstants c)
    {
        int n = x.Rows, d = x.Cols;
        var k = x.Gram().ToArray();
        for (int e = 0; e < k.Length; e++)
            k[e] = (c.Zeta * c.Zeta * k[e] + c.Nu * c.Nu) / d;
        return Mat.Own(n, n, k);
    }

    /// <summary>Θ^lin2 = ψ₂ψ₂ᵀ = ζ²XXᵀ/d + ν²11ᵀ/(2d) + qqᵀ (n×n), the second-layer analogue.</summary>
    public static Mat Lin2(Mat x, HuConstants c)
    {
        int n = x.Rows, d = x.Cols;
        var k = x.Gram().ToArray();
        var q = NormFeature(x, c);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                k[i * n + j] = c.Zeta * c.Zeta * k[i * n + j] / d + c.Nu * c.Nu / (2.0 * d) + q[i] * q[j];
        return Mat.Own(n, n, k);
    }

    /// <summary>Θ₁(W) = (φ'(XWᵀ/√d)·φ'(XWᵀ/√d)ᵀ/m) ⊙ (XXᵀ/d) (n×n), hu's first-layer NTK matrix (v_r² = 1).</summary>
    public static Mat Theta1(Mat w, Mat x, Activation act)
    {
        var (_, dphi) = Features(w, x, act);
        int m = w.Rows, d = x.Cols;
        return (1.0 / ((double)m * d)) * dphi.Gram().Hadamard(x.Gram());
    }

    /// <summary>Θ₂(W) = φ(XWᵀ/√d)·φ(XWᵀ/√d)ᵀ/m (n×n), the second-layer NTK matrix.</summary>
    public static Mat Theta2(Mat w, Mat x, Activation act)
    {
        var (phi, _) = Features(w, x, act);
        return (1.0 / w.Rows) * phi.Gram();
    }

    private static (Mat Phi, Mat DPhi) Features(Mat w, Mat x, Activation act)
    {
        if (w.Cols != x.Cols)
            throw new ArgumentException($"W has d = {w.Cols} columns but the inputs have d = {x.Cols}");
        int n = x.Rows, m = w.Rows;
        var z = x.MultiplyTransposed(w).ToArray();
        double s = 1 / Math.Sqrt(x.Cols);
        for (int k = 0; k < z.Length; k++)
            z[k] *= s;
        var phi = new double[n * m];
        var dphi = new double[n * m];
        act.Apply(z, phi, dphi);
        return (Mat.Own(n, m, phi), Mat.Own(n, m, dphi));
    }
}
