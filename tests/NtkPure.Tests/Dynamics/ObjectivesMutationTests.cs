using Xunit;
using NtkPure.Dynamics;
using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Tests.Dynamics;

/// <summary>
/// The objective families at points where their constants are known by hand: a least-squares problem with a
/// diagonal design (singular values read off), the radial families at a chosen radius (where the PL ratios are
/// attained), and Rosenbrock's box bound at two starts.
/// </summary>
public class ObjectivesMutationTests
{
    private static void Close(double expected, double actual, double rel = 1e-12) =>
        Assert.InRange(actual, expected - rel * (1 + Math.Abs(expected)), expected + rel * (1 + Math.Abs(expected)));

    [Fact]
    public void LeastSquaresWithADiagonalDesign()
    {
        // F = [[3,0],[0,1],[0,0]] (n = 3, r = 2), G = [[1,0,0],[0,1,0]] (p = 3): A = diag(3, 1, 0) padded,
        // σ = (3, 1). inf R = y₃²/(2n); the nearest minimiser sets θ₁ = y₁/3, θ₂ = y₂ and keeps θ₃.
        var f = Mat.FromRows([3.0, 0.0], [0.0, 1.0], [0.0, 0.0]);
        var g = Mat.FromRows([1.0, 0.0, 0.0], [0.0, 1.0, 0.0]);
        var y = Vec.Of(6.0, -1.0, 2.0);
        var o = Objectives.LeastSquares(f, g, y);
        Assert.Equal("least squares n = 3, p = 3, rank 2", o.Name);
        Assert.Equal(o.Name, o.ToString());
        Assert.Equal(3, o.Dimension);
        Assert.True(o.Convex);
        Close(4.0 / 6, o.Infimum);
        var theta0 = Vec.Of(1.0, 1.0, 5.0);
        var star = o.NearestMinimizer!(theta0);
        Close(2.0, star[0]);
        Close(-1.0, star[1]);
        Close(5.0, star[2]);
        // R(θ₀) = ((3 − 6)² + (1 + 1)² + 2²)/6; excess without the 2²
        Close((9.0 + 4.0) / 6, o.Excess(theta0));
        Close((9.0 + 4.0 + 4.0) / 6, o.Value(theta0));
        // ∇R = (1/n)Aᵀ(Aθ − y) = (3·(−3), 1·2, 0)/3
        var grad = o.Gradient(theta0);
        Close(-3.0, grad[0]);
        Close(2.0 / 3, grad[1]);
        Close(0.0, grad[2]);
        var flow = o.Flow(0, theta0);
        Close(3.0, flow[0]);
        Close(-2.0 / 3, flow[1]);
        Close(9.0 / 3, o.Smoothness(theta0)); // σ₁²/n
        Close(2.0 * 1.0 / 3, o.PlConstant!(theta0)); // 2σ_r²/n
        // the first-power constant on {Δ ≤ Δ₀}: √(C/Δ₀)
        Close(Math.Sqrt((2.0 / 3) / (13.0 / 6)), o.LinearPlConstant!(theta0));
        // the rounding bound is tiny but positive, and grows with the residual
        Assert.InRange(o.ExcessError(theta0), 1e-16, 1e-12);
        Assert.True(o.ExcessError(Vec.Of(100.0, 100.0, 5.0)) > o.ExcessError(theta0));
        Assert.InRange(o.ExcessError(star), 0, 1e-12);
    }

    [Fact]
    public void LeastSquaresRejectsMismatchedFactors()
    {
        var f = Mat.FromRows([3.0, 0.0], [0.0, 1.0], [0.0, 0.0]);
        var e = Assert.Throws<ArgumentException>(() => Objectives.LeastSquares(f, Mat.FromRows([1.0, 0.0, 0.0]), Vec.Of(1.0, 2.0, 3.0)));
        Assert.Equal("F is 3×2, G is 1×3 and y has 3 entries", e.Message);
        Assert.Throws<ArgumentException>(() => Objectives.LeastSquares(f, Mat.FromRows([1.0, 0.0, 0.0], [0.0, 1.0, 0.0]), Vec.Of(1.0, 2.0)));
    }

    [Fact]
    public void PseudoHuberConstantsAreTheRatiosAtTheStartRadius()
    {
        double eps = 0.5;
        var o = Objectives.PseudoHuber(2, eps);
        Assert.Equal("pseudo-Huber p = 2, ε = 0.5", o.Name);
        var theta0 = Vec.Of(1.2, 0.9); // r = 1.5, S = √(0.25 + 2.25)
        double r = 1.5, s = Math.Sqrt(eps * eps + r * r);
        Close(s - eps, o.Excess(theta0));
        Close(r / s, o.Gradient(theta0).Norm2());
        Close(1.2 / s, o.Gradient(theta0)[0]);
        Close((r / s) * (r / s) / (s - eps), o.PlConstant!(theta0));
        Close((r / s) / (s - eps), o.LinearPlConstant!(theta0));
        Assert.Equal(double.PositiveInfinity, o.LinearPlConstant!(Vec.Zeros(2)));
        Close(1 / eps, o.Smoothness(theta0));
        Assert.True(o.Convex);
        Assert.Equal(Vec.Zeros(2), o.NearestMinimizer!(theta0));
        Assert.Equal(0.0, o.Infimum);
        Assert.InRange(o.ExcessError(theta0), 1e-16, 1e-13);
    }

    [Fact]
    public void CoshNormConstantsAreItsLimitsAtTheOrigin()
    {
        double s = 3.0;
        var o = Objectives.CoshNorm(2, s);
        Assert.Equal("cosh(‖θ‖/s) − 1, p = 2, s = 3", o.Name);
        var theta = Vec.Of(0.6, 0.8); // r = 1
        Close(Math.Cosh(1 / s) - 1, o.Excess(theta));
        Close(Math.Sinh(1 / s) / s, o.Gradient(theta).Norm2());
        // near the origin the series branch: ∇R ≈ θ/s²
        Assert.True(o.Convex);
        // just inside the series branch (r < 10⁻⁴s) the gradient keeps full precision: sinh(x)/x is accurate there
        double rr = 0.9e-4 * s;
        Close(Math.Sinh(rr / s) / (s * rr), o.Gradient(Vec.Of(rr, 0))[0] / rr, 1e-15);
        var tiny = Vec.Of(1e-6, 0.0);
        Close(1e-6 / (s * s), o.Gradient(tiny)[0], 1e-12);
        Close(Math.Sinh(2e-4 * s / s) / (s * 2e-4 * s) * 2e-4 * s, o.Gradient(Vec.Of(2e-4 * s, 0))[0], 1e-13);
        // ‖∇R‖²/R → 2/s² and ‖∇R‖/R → ∞ as r → 0; ‖∇R‖/R → 1/s as r → ∞ (coth → 1)
        Close(2 / (s * s), o.PlConstant!(theta));
        Close(1 / s, o.LinearPlConstant!(theta));
        // the Hessian's top eigenvalue at radius r₀ is the radial one, cosh(r₀/s)/s²
        Close(Math.Cosh(1 / s) / (s * s), o.Smoothness(theta));
        Assert.InRange(o.ExcessError(theta), 1e-17, 1e-13);
    }

    [Fact]
    public void RosenbrockAtItsMinimumAndTheBoxBound()
    {
        var o = Objectives.Rosenbrock(1.0);
        Assert.Equal("Rosenbrock b = 1", o.Name);
        Assert.False(o.Convex);
        Assert.Equal(0.0, o.Excess(Vec.Of(1.0, 1.0)));
        Assert.Equal(Vec.Of(1.0, 1.0), o.NearestMinimizer!(Vec.Of(0.0, 0.0)));
        // R(0, 0) = 1, ∇R(0, 0) = (−2, 0); R(2, 1) = 1 + 9 = 10, ∇R(2, 1) = (2 − 4·2·(−3), 2·(−3)) = (26, −6)
        Assert.Equal(1.0, o.Excess(Vec.Of(0.0, 0.0)));
        Assert.Equal(Vec.Of(-2.0, 0.0), o.Gradient(Vec.Of(0.0, 0.0)));
        Assert.Equal(10.0, o.Excess(Vec.Of(2.0, 1.0)));
        Assert.Equal(Vec.Of(26.0, -6.0), o.Gradient(Vec.Of(2.0, 1.0)));
        // Σ|H_ij| at the box corner: from (1, 1) the box is |x| ≤ 1, |y| ≤ 1: 2 + 4b(1 + 1) + 8b + 8b + 2b = 28
        Assert.Equal(28.0, o.Smoothness(Vec.Of(1.0, 1.0)));
        // from (0, 0): R₀ = 1, x ≤ 2, y ≤ 5: 2 + 4·9 + 32 + 16 + 2 = 88
        Assert.Equal(88.0, o.Smoothness(Vec.Of(0.0, 0.0)));
        // with b = 4 from (0, 0): x ≤ 2, y ≤ 4 + ½: 2 + 16·8.5 + 128 + 64 + 8 = 338
        Assert.Equal(338.0, Objectives.Rosenbrock(4.0).Smoothness(Vec.Of(0.0, 0.0)));
        Assert.InRange(o.ExcessError(Vec.Of(0.0, 0.0)), 1e-16, 1e-13);
        Assert.True(o.ExcessError(Vec.Of(-3.0, 0.0)) > o.ExcessError(Vec.Of(0.0, 0.0)));
        Assert.True(o.ExcessError(Vec.Of(0.0, 3.0)) > o.ExcessError(Vec.Of(0.0, 0.0)));
    }

    [Fact]
    public void LogisticArgumentChecksAndRidgeConstants()
    {
        var x = Mat.FromRows([1.0, 0.5], [-1.0, 0.2], [0.3, -1.0]);
        var y = Vec.Of(1.0, -1.0, -1.0);
        var e = Assert.Throws<ArgumentException>(() => Objectives.Logistic(x, Vec.Of(1.0, -1.0), 0.1));
        Assert.Equal("X has 3 rows and y has 2 entries", e.Message);
        var noSep = Assert.Throws<ArgumentException>(() => Objectives.Logistic(x, y, 0.0));
        Assert.Contains("give the separator", noSep.Message);
        // (1, 1) separates all three (margins 1.5, 0.8, 0.7 over √2); (0, −1) fails point 0 and (1, 0) point 2
        var bad = Assert.Throws<ArgumentException>(() => Objectives.Logistic(x, y, 0.0, Vec.Of(0.0, -1.0)));
        Assert.Equal("the separator does not separate point 0", bad.Message);
        var onLine = Assert.Throws<ArgumentException>(() => Objectives.Logistic(x, y, 0.0, Vec.Of(1.0, 0.0)));
        Assert.Equal("the separator does not separate point 2", onLine.Message);
        // a point on the separator's hyperplane (margin exactly 0) is not separated
        Assert.Throws<ArgumentException>(() => Objectives.Logistic(Mat.FromRows([1.0, 0.0], [0.0, 1.0]), Vec.Of(1.0, 1.0), 0.0, Vec.Of(1.0, 0.0)));
        var sep = Objectives.Logistic(x, y, 0.0, Vec.Of(1.0, 1.0));
        Assert.True(sep.Convex);
        Assert.Null(sep.NearestMinimizer);
        Assert.Null(sep.PlConstant);
        Assert.Equal(0.0, sep.Infimum);
        // R(0) = log 2 for any data; ∇R(0) = −(1/2n)Σ y_i x_i
        Close(Math.Log(2), sep.Excess(Vec.Zeros(2)));
        var g0 = sep.Gradient(Vec.Zeros(2));
        Close(-(1.0 + 1.0 - 0.3) / 6, g0[0]);
        Close(-(0.5 - 0.2 + 1.0) / 6, g0[1]);
        // margins y_i sᵀx_i/‖s‖ = 1.5, 0.8, 0.7 over √2: γ = 0.7/√2
        Assert.Contains("margin 0.495", sep.Name);
        double n = 3, gamma = 0.7 / Math.Sqrt(2), l = n * Math.Log(2);
        Close(gamma * (1 - Math.Exp(-l)) / l, sep.LinearPlConstant!(Vec.Zeros(2)));
        double lmax = Spectral.MaxEigenvalue(x.TransposeMultiply(x));
        Close(lmax / (4 * n), sep.Smoothness(Vec.Zeros(2)));
        var ridge = Objectives.Logistic(x, y, 0.25);
        Assert.Equal("ridge-logistic n = 3, p = 2, μ = 0.25", ridge.Name);
        Close(0.5, ridge.PlConstant!(Vec.Zeros(2)));
        Close(lmax / (4 * n) + 0.25, ridge.Smoothness(Vec.Zeros(2)));
        Assert.True(ridge.Convex);
        var star = ridge.NearestMinimizer!(Vec.Zeros(2));
        Assert.True(ridge.Gradient(star).Norm2() <= 1e-14);
        // R(0) − inf R by the ridge objective's own value at its minimiser
        Close(Math.Log(2) - ridge.Infimum, ridge.Excess(Vec.Zeros(2)));
        Close(Math.Sqrt(0.5 / (Math.Log(2) - ridge.Infimum)), ridge.LinearPlConstant!(Vec.Zeros(2)));
        Assert.True(ridge.Infimum > 0 && ridge.Infimum < Math.Log(2));
        Assert.InRange(ridge.ExcessError(Vec.Zeros(2)), 1e-16, 1e-12);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(2.5)]
    [InlineData(-2.5)]
    [InlineData(40.0)]
    [InlineData(-40.0)]
    public void SoftplusAndSigmoidAreTheirDefinitions(double z)
    {
        Close(Math.Log(1 + Math.Exp(z)), Objectives.Softplus(z), 1e-15);
        Close(1 / (1 + Math.Exp(-z)), Objectives.Sigmoid(z), 1e-15);
        Assert.Equal(800.0, Objectives.Softplus(800.0)); // no overflow: log(1 + e^z) = z + log(1 + e^{−z})
        Assert.Equal(1.0, Objectives.Sigmoid(800.0));
        Assert.Equal(0.0, Objectives.Sigmoid(-800.0));
    }

    [Fact]
    public void NetSquaredLossNeedsFullRowRankFeatures()
    {
        var data = Core.TestData.Sphere(6, 3, 141);
        // m = 4 < n = 6: Φ (6×4) cannot have full row rank
        var narrow = Core.TestData.Net(4, 3, 142, Activation.Tanh, OutputScaling.None);
        Assert.Null(Objectives.NetSquaredLoss(narrow, data));
        var wide = Core.TestData.Net(12, 3, 143, Activation.Tanh, OutputScaling.None);
        var o = Objectives.NetSquaredLoss(wide, data)!;
        Assert.Equal("two-layer tanh net, n = 6, d = 3, m = 12", o.Name);
        Assert.Equal(wide.ParameterCount, o.Dimension);
        var theta = wide.Flatten();
        Close(Loss.Value(LossKind.Mean, wide.Predict(data.X).Span, data.Y.Span), o.Excess(theta));
        var g = Gradients.Of(wide, data, LossKind.Mean);
        Assert.Equal(Vec.Of([.. g.W.ToArray(), .. g.A.ToArray()]), o.Gradient(theta));
        double lmax = Spectral.MaxEigenvalue(NtkPure.Kernels.EmpiricalNtk.Both(wide, data.X)) / 6;
        Close(4 * lmax + 1, o.Smoothness(theta));
        Assert.InRange(o.ExcessError(theta), 1e-16, 1e-11);
    }
}
