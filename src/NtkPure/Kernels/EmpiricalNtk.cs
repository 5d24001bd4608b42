using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Kernels;

/// <summary>
/// Empirical NTKs of a <see cref="TwoLayerNet"/> on inputs X (n×d), by the structured formulas:
/// first layer K₁ = c_out²·c_in²·(X·Xᵀ) ⊙ (Φ'·diag(a²)·Φ'ᵀ) — for ReLU, unit a_r² and c_out = 1/√m this is H(W) of
/// ntk-notes Definition 3 — and second layer K₂ = c_out²·Φ·Φᵀ, where Φ = φ(c_in·X·Wᵀ) and Φ' = φ'(c_in·X·Wᵀ).
/// Each equals J·Jᵀ restricted to the layer (tested against <see cref="Dynamics.Jacobian"/>).
/// </summary>
public static class EmpiricalNtk
{
    public static Mat FirstLayer(TwoLayerNet net, Mat x) => FirstLayer(net, x, Forward.Of(net, x));

    public static Mat FirstLayer(TwoLayerNet net, Mat x, Forward f)
    {
        int n = f.N, m = f.M;
        double c = net.OutputFactor * net.InputFactor;
        if (Forward.IsPiecewiseLinear(net.Activation) && EqualMagnitudes(net.A.Span) is { } alpha)
        {
            // φ' takes two values and a_r² is one number: Φ'·diag(a²)·Φ'ᵀ = a²·(popcount Gram of the pattern).
            var counts = PatternGram.Of(f.Pattern, n, m, net.Activation.Derivative(1.0), net.Activation.Derivative(-1.0));
            return (c * c * alpha * alpha) * x.Gram().Hadamard(Mat.Own(n, n, counts));
        }
        var s = new double[n * m];
        var a = net.A.Span;
        for (int i = 0; i < n; i++)
        {
            var d = f.Derivatives.Slice(i * m, m);
            var row = s.AsSpan(i * m, m);
            for (int r = 0; r < m; r++)
                row[r] = Math.Abs(a[r]) * d[r];
        }
        var pattern = Mat.Own(n, m, s).Gram();
        return (c * c) * x.Gram().Hadamard(pattern);
    }

    /// <summary>The common |a_r| when all are equal (±1 in the dzps and symmetric initialisations), else null.</summary>
    private static double? EqualMagnitudes(ReadOnlySpan<double> a)
    {
        if (a.Length == 0)
            return null;
        double m0 = Math.Abs(a[0]);
        foreach (var v in a)
            if (Math.Abs(v) != m0)
                return null;
        return m0;
    }

    public static Mat SecondLayer(TwoLayerNet net, Mat x) => SecondLayer(net, Forward.Of(net, x));

    public static Mat SecondLayer(TwoLayerNet net, Forward f)
    {
        double c = net.OutputFactor;
        return (c * c) * Mat.Own(f.N, f.M, f.Phi).Gram();
    }

    /// <summary>η₁·K₁ + η₂·K₂ over the trained layers: the kernel of one GD step in function space.</summary>
    public static Mat Weighted(TwoLayerNet net, Mat x, Layers train, double eta1, double eta2) =>
        Weighted(net, x, Forward.Of(net, x), train, eta1, eta2);

    public static Mat Weighted(TwoLayerNet net, Mat x, Forward f, Layers train, double eta1, double eta2)
    {
        Mat? k = null;
        if (train.TrainsFirst())
            k = eta1 * FirstLayer(net, x, f);
        if (train.TrainsSecond())
        {
            var k2 = eta2 * SecondLayer(net, f);
            k = k is null ? k2 : k + k2;
        }
        return k!;
    }

    /// <summary>The NTK of the trained layers (unit rates).</summary>
    public static Mat OfLayers(TwoLayerNet net, Mat x, Layers train) => Weighted(net, x, train, 1.0, 1.0);

    /// <summary>Both layers: K₁ + K₂ = J·Jᵀ over all parameters.</summary>
    public static Mat Both(TwoLayerNet net, Mat x) => OfLayers(net, x, Layers.Both);

    /// <summary>
    /// ntk-notes Definition 3 from the weights alone: H(W)_ij = (1/m)·x_iᵀx_j·#{r : w_rᵀx_i ≥ 0, w_rᵀx_j ≥ 0}
    /// (n×n) for W (m×d), X (n×d) — the ReLU first-layer kernel with a_r² = 1, through <see cref="ActivationPattern"/>.
    /// </summary>
    public static Mat Definition3(Mat w, Mat x) => (1.0 / w.Rows) * x.Gram().Hadamard(ActivationPattern.Of(w, x).CoOccurrence());

    /// <summary>
    /// wu's Gram matrix G = m·K̂ for f_m(x) = Σ_j a_j σ(b_jᵀx) (no output scaling):
    /// G_ii' = Σ_j σ(b_jᵀx_i)σ(b_jᵀx_i') + a_j² σ'(b_jᵀx_i)σ'(b_jᵀx_i') x_iᵀx_i' = J·Jᵀ. Needs a net with
    /// <see cref="OutputScaling.None"/> and unscaled inputs (wu's model); K̂ = G/m.
    /// </summary>
    public static Mat WuGram(TwoLayerNet net, Mat x)
    {
        if (net.Scaling != OutputScaling.None || net.InputScaled)
            throw new ArgumentException("wu's G is defined for f = Σ_j a_j σ(b_jᵀx): use OutputScaling.None and unscaled inputs");
        return Both(net, x);
    }

    /// <summary>
    /// ntk-notes' S_i as an n×m 0/1 matrix: entry (i, r) is 1 when r ∈ S_i, i.e. no w with ‖w − w_r(0)‖ ≤ R changes
    /// 1{wᵀx_i ≥ 0}. The extreme points of the ball give: r ∈ S_i iff w_r(0)ᵀx_i ≥ R‖x_i‖ or w_r(0)ᵀx_i &lt; −R‖x_i‖
    /// (the boundary value −R‖x_i‖ itself can be moved to 0, which counts as active). A zero x_i never flips.
    /// </summary>
    public static Mat StableSets(Mat w0, Mat x, double radius)
    {
        if (!(radius >= 0))
            throw new ArgumentOutOfRangeException(nameof(radius), "the radius R must be non-negative");
        int n = x.Rows, m = w0.Rows;
        var z = new double[n * m];
        Gemm.Multiply(MatView.RowMajor(x.Span, n, x.Cols), MatView.Transposed(w0.Span, m, x.Cols), z, accumulate: false);
        for (int i = 0; i < n; i++)
        {
            double r = radius * Math.Sqrt(Blas.Dot(x.Row(i), x.Row(i)));
            for (int k = i * m; k < (i + 1) * m; k++)
                z[k] = r == 0 || z[k] >= r || z[k] < -r ? 1.0 : 0.0;
        }
        return Mat.Own(n, m, z);
    }

    /// <summary>
    /// ntk-notes' H(k)^⊥_ij = (1/m) Σ_{r ∉ S_i} x_iᵀx_j 1{w_r(k)ᵀx_i ≥ 0, w_r(k)ᵀx_j ≥ 0} (n×n, not symmetric:
    /// the sum runs over the complement of S_i, which depends on the row), with S_i from W(0) and radius R and
    /// the pattern from W(k). Structured: (XXᵀ) ⊙ (M·S(k)ᵀ)/m with M_ir = 1{r ∉ S_i}·S(k)_ir.
    /// </summary>
    public static Mat Perp(Mat w0, Mat wk, Mat x, double radius)
    {
        if (w0.Rows != wk.Rows || w0.Cols != wk.Cols)
            throw new ArgumentException("W(0) and W(k) differ in shape");
        int n = x.Rows, m = w0.Rows;
        var stable = StableSets(w0, x, radius);
        var pattern = new double[n * m];
        Gemm.Multiply(MatView.RowMajor(x.Span, n, x.Cols), MatView.Transposed(wk.Span, m, x.Cols), pattern, accumulate: false);
        var masked = new double[n * m];
        for (int k = 0; k < pattern.Length; k++)
        {
            pattern[k] = pattern[k] >= 0 ? 1.0 : 0.0;
            masked[k] = (1.0 - stable.Span[k]) * pattern[k];
        }
        var counts = Mat.Own(n, m, masked).MultiplyTransposed(Mat.Own(n, m, pattern));
        return (1.0 / m) * x.Gram().Hadamard(counts);
    }
}
