using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Dynamics;

/// <summary>
/// wu's random-feature model (RFM) f_m(x; a, B₀) = Σ_j a_j σ(b_j(0)ᵀx) ("Characterization of the whole GD
/// trajectory"): the first layer B₀ (m×d, row j is b_j(0)) is frozen and only a (m) is trained. No output scaling,
/// as in wu's two-layer net (0.18).
/// </summary>
public sealed record RandomFeatureModel(Mat B0, Activation Activation)
{
    public int Width => B0.Rows;

    /// <summary>The model as a two-layer net with second layer a (wu's scaling: none).</summary>
    public TwoLayerNet AsNet(Vec a) => new(B0, a, Activation, OutputScaling.None);

    /// <summary>Φ (n×m) with Φ_ij = σ(b_jᵀx_i) for X: n×d.</summary>
    public Mat Features(Mat x)
    {
        var f = Forward.Of(AsNet(Vec.Zeros(Width)), x);
        return Mat.FromRowMajor(x.Rows, Width, f.Values);
    }

    /// <summary>Lemma 14's kernel k_m(x, x') = (1/m)Σ_j σ(b_jᵀx)σ(b_jᵀx') for the rows of X (p×d) and X' (q×d): p×q.</summary>
    public Mat Kernel(Mat x, Mat x2) => (1.0 / Width) * Features(x).MultiplyTransposed(Features(x2));

    /// <summary>f_m(x_i; a, B₀) for the rows of X.</summary>
    public Vec Predict(Vec a, Mat x) => Features(x) * a;
}

/// <summary>
/// Training the RFM from a = 0 on (X, y) in closed form, from one cached eigendecomposition of G = ΦΦᵀ (n×n).
/// The flow is ȧ = −c·Φᵀe with e = Φa − y: c = 1 is wu's flow (0.20) and Lemma 14 (the gradient flow of ½‖e‖²),
/// c = 1/n the gradient flow of R̂_n = (1/2n)‖e‖². Then e(t) = −e^{−cGt}y, ∫₀ᵗe = −V·g(Λ)·Vᵀy with
/// g(λ) = (1 − e^{−cλt})/(cλ) (= t at λ = 0), and ã(t) = −cΦᵀ∫₀ᵗe. GD with step η is the same with
/// g replaced by h(λ) = (1 − (1 − ηcλ)^k)/(ηcλ) (= k at λ = 0) for Σ_{s&lt;k} e(s), and ã(k) = −ηcΦᵀΣe(s).
/// Eigenvalues are used as computed (rounding may leave tiny negative ones; nothing is clamped).
/// </summary>
public sealed class RandomFeatureTraining
{
    private readonly Vec _yCoef;

    public RandomFeatureModel Model { get; }
    public Dataset Data { get; }
    public double Rate { get; }

    /// <summary>Φ (n×m) on the training inputs.</summary>
    public Mat Phi { get; }

    /// <summary>G = ΦΦᵀ = m·k_m(X, X) (n×n): the RFM's Gram matrix (wu's G at a = 0).</summary>
    public Mat Gram { get; }

    public SymmetricEigen Eigen { get; }

    public RandomFeatureTraining(RandomFeatureModel model, Dataset data, double rate = 1.0)
    {
        if (!(rate > 0))
            throw new ArgumentOutOfRangeException(nameof(rate), "the rate c must be positive");
        Model = model;
        Data = data;
        Rate = rate;
        Phi = model.Features(data.X);
        Gram = Phi.Gram();
        Eigen = SymmetricEigen.Of(Gram);
        _yCoef = Eigen.Vectors.TransposeTimes(data.Y);
    }

    /// <summary>e(t) = f(X; ã(t)) − y = −e^{−cGt}y.</summary>
    public Vec Residual(double t) => -1.0 * Spectral(lambda => Math.Exp(-Rate * lambda * t));

    /// <summary>∫₀ᵗ e(s) ds = −V·diag((1 − e^{−cλt})/(cλ))·Vᵀy.</summary>
    public Vec IntegratedResidual(double t) => -1.0 * Spectral(lambda => t * OneMinusExpOver(Rate * lambda * t));

    /// <summary>Lemma 14's weights w(t) = −m·c·∫₀ᵗ e, so that f(x; ã(t)) = Σ_i w_i(t)·k_m(x_i, x).</summary>
    public Vec RepresenterWeights(double t) => (-Model.Width * Rate) * IntegratedResidual(t);

    /// <summary>ã(t) = −c·Φᵀ∫₀ᵗe (m).</summary>
    public Vec Parameters(double t) => Phi.TransposeTimes((-Rate) * IntegratedResidual(t));

    /// <summary>f_m(x; ã(t), B₀) at the rows of X.</summary>
    public Vec Predict(double t, Mat x) => Model.Predict(Parameters(t), x);

    /// <summary>ã after k GD steps of size η from 0: −ηc·Φᵀ·Σ_{s&lt;k} e(s).</summary>
    public Vec GdParameters(int k, double eta)
    {
        if (k < 0)
            throw new ArgumentOutOfRangeException(nameof(k));
        var sum = -1.0 * Spectral(lambda => GeometricSum(eta * Rate * lambda, k));
        return Phi.TransposeTimes((-eta * Rate) * sum);
    }

    /// <summary>V·diag(g(λ))·Vᵀy.</summary>
    private Vec Spectral(Func<double, double> g)
    {
        int n = _yCoef.Length;
        var c = new double[n];
        for (int k = 0; k < n; k++)
            c[k] = g(Eigen.Values[k]) * _yCoef[k];
        return Eigen.Vectors * Vec.Own(c);
    }

    /// <summary>(1 − e^{−x})/x, accurate for small |x| (1 at x = 0).</summary>
    internal static double OneMinusExpOver(double x) => x == 0 ? 1.0 : -ExpM1(-x) / x;

    /// <summary>e^x − 1 without cancellation: 2·tanh(x/2)/(1 − tanh(x/2)) for |x| &lt; ½.</summary>
    internal static double ExpM1(double x)
    {
        if (Math.Abs(x) >= 0.5)
            return Math.Exp(x) - 1;
        double t = Math.Tanh(x / 2);
        return 2 * t / (1 - t);
    }

    /// <summary>Σ_{s&lt;k} (1 − q)^s = (1 − (1 − q)^k)/q (= k at q = 0), for q = ηcλ.</summary>
    internal static double GeometricSum(double q, int k)
    {
        if (q == 0)
            return k;
        if (q > 0 && q < 0.5)
        {
            // 1 − (1 − q)^k = −expm1(k·log1p(−q)); log1p(−q) = −q·log(u)/(u − 1)·… with u = 1 − q rounded
            double u = 1 - q;
            double log1p = u == 1 ? -q : Math.Log(u) * (-q) / (u - 1);
            return -ExpM1(k * log1p) / q;
        }
        return (1 - DiscreteLinear.PowInt(1 - q, k)) / q;
    }
}
