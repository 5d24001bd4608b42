using NtkPure.Numerics;

namespace NtkPure.Kernels;

/// <summary>
/// Kernel regression with a positive definite kernel matrix K (n×n) and labels y (n): the t → ∞ limit of the
/// kernel gradient flow from zero, f*(x) = k(x, X)·K⁻¹y (ntk-slides "kernel regression", Theorem 3.2). K is
/// factored once by Cholesky; predictions reuse the factor and α = K⁻¹y.
/// </summary>
public sealed class KernelRegression
{
    private readonly Mat _lower;

    public Vec Y { get; }

    /// <summary>α = K⁻¹y.</summary>
    public Vec Coefficients { get; }

    private KernelRegression(Mat lower, Vec y, Vec alpha)
    {
        _lower = lower;
        Y = y;
        Coefficients = alpha;
    }

    /// <summary>Factors K; throws when K is not numerically positive definite (e.g. duplicate inputs: λ_min = 0).</summary>
    public static KernelRegression Fit(Mat k, Vec y)
    {
        if (k.Rows != y.Length)
            throw new ArgumentException($"K is {k.Rows}×{k.Cols} but y has {y.Length} entries");
        var lower = Cholesky.Lower(k);
        return new KernelRegression(lower, y, Cholesky.Solve(lower, y));
    }

    /// <summary>f*(x) = k(x, X)ᵀα for one row k(x, X) of cross-kernel values (length n).</summary>
    public double Predict(ReadOnlySpan<double> kxX) => Blas.Dot(kxX, Coefficients.Span);

    /// <summary>f* on test points from the cross-kernel K(X_test, X) (p×n).</summary>
    public Vec Predict(Mat crossKernel) => crossKernel * Coefficients;

    /// <summary>yᵀK⁻¹y = ‖L⁻¹y‖² (the squared RKHS norm of the interpolant).</summary>
    public double QuadraticForm()
    {
        int n = Y.Length;
        var z = Y.ToArray();
        for (int i = 0; i < n; i++)
            z[i] = (z[i] - Blas.Dot(_lower.Row(i)[..i], z.AsSpan(0, i))) / _lower[i, i];
        return Blas.Dot(z, z);
    }

    /// <summary>
    /// The generalisation quantity √(2yᵀK⁻¹y/n) of Arora et al. (ntk-slides Theorem 3.3, eq. (4); with K = H^∞ or
    /// G^∞, the bound's leading term).
    /// </summary>
    public double GeneralizationBound() => Math.Sqrt(2 * QuadraticForm() / Y.Length);

    public static double GeneralizationBound(Mat k, Vec y) => Fit(k, y).GeneralizationBound();
}
