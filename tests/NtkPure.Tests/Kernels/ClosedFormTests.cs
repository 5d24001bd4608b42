using NtkPure.Kernels;
using NtkPure.Model;
using NtkPure.Numerics;
using Xunit;

namespace NtkPure.Tests.Kernels;

/// <summary>The infinite-width closed forms: against the quadrature, against each other, and on the edge cases.</summary>
public class ClosedFormTests
{
    /// <summary>Inputs with norms spread over two decades, a near-duplicate pair and a near-antipodal pair.</summary>
    internal static Mat Inputs(int n, int d, ulong seed)
    {
        var rng = new Rng(seed);
        var x = new double[n * d];
        for (int i = 0; i < n; i++)
        {
            rng.FillSphere(x.AsSpan(i * d, d));
            double r = Math.Pow(10, 2 * rng.NextDouble() - 1);
            for (int k = 0; k < d; k++)
                x[i * d + k] *= r;
        }
        // x_1 ≈ 3·x_0 up to 1e-6, x_3 ≈ −x_2 up to 1e-7
        for (int k = 0; k < d; k++)
        {
            x[d + k] = 3 * x[k] + (k == 0 ? 1e-6 : 0);
            x[3 * d + k] = -x[2 * d + k] + (k == 1 ? 1e-7 : 0);
        }
        return Mat.FromRowMajor(n, d, x);
    }

    private static void Close(Mat expected, Mat actual, double relative, string what)
    {
        double scale = expected.MaxAbs();
        for (int i = 0; i < expected.Rows; i++)
            for (int j = 0; j < expected.Cols; j++)
                Assert.True(Math.Abs(expected[i, j] - actual[i, j]) <= relative * scale,
                    $"{what} [{i},{j}]: {expected[i, j]:R} vs {actual[i, j]:R} (scale {scale:G3})");
    }

    [Fact]
    public void EveryTwoLayerClosedFormAgreesWithItsQuadrature()
    {
        var x = Inputs(7, 4, 5);
        var g = x.Gram();
        var (v, dv) = GaussianExpectations.OfInputs(Activation.Relu, x, useQuadrature: true);
        int d = x.Cols;
        Close(g.Hadamard(dv), InfiniteWidth.Hinf(x), 1e-10, "H^∞");
        Close(2.0 * dv, ArcCosine.Degree0(x), 1e-10, "arc-cosine 0");
        Close(2.0 * v, ArcCosine.Degree1(x), 1e-10, "arc-cosine 1");
        Close(2.0 * (v + g.Hadamard(dv)), InfiniteWidth.ReluNtk(x), 1e-10, "ReLU NTK");
        Close((1.0 / d) * v, InfiniteWidth.WuSphere(x), 1e-10, "wu sphere");
        Close((1.0 / d) * v + 0.5 * g.Hadamard(2.0 * dv), InfiniteWidth.WuBalanced(x), 1e-10, "wu balanced");
        foreach (var act in new[] { Activation.Relu, Activation.LeakyRelu(0.1), Activation.Erf, Activation.Identity })
            Close(InfiniteWidth.TwoLayerNtk(act, x, useQuadrature: true), InfiniteWidth.TwoLayerNtk(act, x), 1e-10, act.Name + " two-layer NTK");
        Close(InfiniteWidth.TwoLayerNtk(Activation.Erf, x), InfiniteWidth.ErfNtk(x), 0, "erf NTK");
    }

    [Fact]
    public void ReluNtkIsTwiceThePlainTwoLayerNtkAndKappaOfOneIsTwo()
    {
        var x = Inputs(6, 3, 9);
        Close(2.0 * InfiniteWidth.TwoLayerNtk(Activation.Relu, x), InfiniteWidth.ReluNtk(x), 1e-15, "√(2/m) vs 1/√m");
        Assert.Equal(2.0, ArcCosine.Kappa(0.0));
        Assert.Equal(2.0, ArcCosine.KappaOfCosine(1.0));
        var k = InfiniteWidth.ReluNtk(x);
        for (int i = 0; i < 6; i++)
            Assert.True(Math.Abs(k[i, i] - 2 * x.Gram()[i, i]) <= 1e-15 * k[i, i]);
    }

    [Fact]
    public void SlidesFormulasInTheCosineAgreeWithTheAngleForms()
    {
        // away from u = ±1 (where arccos of a rounded cosine loses digits) the slides' κ₀(u), κ₁(u), κ(u) are the angle forms
        for (double u = -0.99; u <= 0.99; u += 0.01)
        {
            double t = Math.Acos(u);
            Assert.True(Math.Abs(ArcCosine.Kappa0OfCosine(u) - ArcCosine.Kappa0(t)) <= 1e-15);
            Assert.True(Math.Abs(ArcCosine.Kappa1OfCosine(u) - ArcCosine.Kappa1(t)) <= 1e-15);
            Assert.True(Math.Abs(ArcCosine.KappaOfCosine(u) - ArcCosine.Kappa(t)) <= 2e-15);
        }
    }

    [Fact]
    public void AngleKeepsItsDigitsNearZeroAndPi()
    {
        // x and y at a true angle of 1e-9: arccos(x̂ᵀŷ) returns 0 or ~1.5e-8; the atan2 form returns 1e-9
        double t = 1e-9;
        double[] x = [1, 0], y = [Math.Cos(t), Math.Sin(t)];
        Assert.True(Math.Abs(Angles.Between(x, y) - t) <= 1e-15 * t + 1e-24);
        double[] z = [-Math.Cos(t), Math.Sin(t)];
        Assert.True(Math.Abs(Angles.Between(x, z) - (Math.PI - t)) <= 4e-16);
        Assert.Throws<ArgumentException>(() => Angles.Between(x, [0.0, 0.0]));
    }

    [Fact]
    public void OrthonormalInputsGiveHinfEqualToHalfTheIdentity()
    {
        // columns of a random orthogonal matrix: Q from the eigenvectors of a symmetric matrix
        var rng = new Rng(3);
        var sym = NtkPure.Claims.Instances.Symmetric(ref rng, 6);
        var q = SymmetricEigen.Of(sym).Vectors.Transpose(); // rows orthonormal
        var h = InfiniteWidth.Hinf(q);
        for (int i = 0; i < 6; i++)
            for (int j = 0; j < 6; j++)
                Assert.True(Math.Abs(h[i, j] - (i == j ? 0.5 : 0.0)) <= 64 * Tolerance.Epsilon, $"H[{i},{j}] = {h[i, j]:R}");
        var e = KernelSpectrum.Of(h);
        Assert.True(Math.Abs(e.Min - 0.5) <= 1e-14 && Math.Abs(e.Max - 0.5) <= 1e-14);
    }

    [Fact]
    public void DuplicatePointsGiveLambdaMinZeroReportedUnclamped()
    {
        var x = Datasets.Inputs(InputDistribution.Sphere, 6, 4, 11).ToArray();
        x.AsSpan(0, 4).CopyTo(x.AsSpan(4 * 4, 4)); // x_4 = x_0
        var xm = Mat.FromRowMajor(6, 4, x);
        foreach (var (name, k) in new[] { ("H^∞", InfiniteWidth.Hinf(xm)), ("ReLU NTK", InfiniteWidth.ReluNtk(xm)), ("Θ^(3)", MultiLayerNtk.Of(Activation.Relu, xm, 3).Theta) })
        {
            var s = KernelSpectrum.Of(k);
            double tol = Tolerance.ForOperations(6 * 6 * 6, k.MaxAbs()).Absolute;
            Assert.True(Math.Abs(s.Min) <= tol, $"{name}: λ_min = {s.Min:R}");
            Assert.True(s.Condition > 1e10, $"{name}: condition {s.Condition:G3}"); // +∞ when λ_min came out ≤ 0
        }
        // a positive multiple is as singular: x_5 = 2.5·x_1
        for (int k = 0; k < 4; k++)
            x[5 * 4 + k] = 2.5 * x[4 + k];
        var h = InfiniteWidth.Hinf(Mat.FromRowMajor(6, 4, x));
        Assert.True(Math.Abs(KernelSpectrum.Of(h).Min) <= Tolerance.ForOperations(216, h.MaxAbs()).Absolute);
    }

    [Fact]
    public void AntipodalPointsDecoupleInHinfAndVanishInTheReluNtk()
    {
        double[] a = [0.6, -0.8, 0.0];
        var x = Mat.FromRows(a, [-0.6, 0.8, 0.0], [0.0, 0.0, 2.0]);
        var h = InfiniteWidth.Hinf(x);
        Assert.Equal(0.0, h[0, 1]); // θ = π exactly: (π − π)·x_0ᵀx_1 = 0
        Assert.Equal(0.5, h[0, 0], 15);
        var k = InfiniteWidth.ReluNtk(x);
        Assert.True(Math.Abs(k[0, 1]) <= 1e-16); // κ(−1) = −κ₀(−1) + κ₁(−1) = 0
        Assert.True(KernelSpectrum.Of(h).Min > 0.4); // an antipodal pair is not singular for H^∞
    }

    [Fact]
    public void KernelsScaleWithTheNormsAsTheirHomogeneityRequires()
    {
        var x = Inputs(5, 3, 21);
        var scales = new[] { 0.1, 2.0, 7.0, 1.0, 0.5 };
        var scaled = Mat.Create(5, 3, (i, k) => scales[i] * x[i, k]);
        var outer = Mat.Create(5, 5, (i, j) => scales[i] * scales[j]);
        // degree 2 (H^∞, ReLU NTK, arc-cosine 1) and degree 0 (arc-cosine 0)
        Close(outer.Hadamard(InfiniteWidth.Hinf(x)), InfiniteWidth.Hinf(scaled), 1e-14, "H^∞");
        Close(outer.Hadamard(InfiniteWidth.ReluNtk(x)), InfiniteWidth.ReluNtk(scaled), 1e-14, "ReLU NTK");
        Close(ArcCosine.Degree0(x), ArcCosine.Degree0(scaled), 1e-14, "arc-cosine 0");
        Close(outer.Hadamard(ArcCosine.Degree1(x)), ArcCosine.Degree1(scaled), 1e-14, "arc-cosine 1");
    }

    [Fact]
    public void OneDimensionalInputsHaveAnglesZeroOrPi()
    {
        var x = Mat.FromRows([1.5], [-0.5], [2.0], [-3.0]);
        var h = InfiniteWidth.Hinf(x);
        var expected = Mat.Create(4, 4, (i, j) => x[i, 0] * x[j, 0] > 0 ? x[i, 0] * x[j, 0] / 2 : 0.0);
        Close(expected, h, 1e-15, "H^∞ in d = 1");
        // rank 2 (one block per sign): λ_min = 0 for n ≥ 3
        Assert.True(Math.Abs(KernelSpectrum.Of(h).Min) <= 1e-14);
        var (v, dv) = GaussianExpectations.OfInputs(Activation.Relu, x, useQuadrature: true);
        Close(x.Gram().Hadamard(dv), h, 1e-12, "H^∞ in d = 1 by quadrature");
        Close(2.0 * (v + x.Gram().Hadamard(dv)), InfiniteWidth.ReluNtk(x), 1e-12, "ReLU NTK in d = 1");
    }

    [Fact]
    public void ZeroInputsAreZeroWhereTheExpectationIsAndRejectedWhereAnAngleIsNeeded()
    {
        var x = Mat.FromRows([1.0, 0.0], [0.0, 0.0], [0.6, 0.8]);
        var h = InfiniteWidth.Hinf(x);
        Assert.Equal(0.0, h[1, 1]);
        Assert.Equal(0.0, h[0, 1]);
        Assert.Equal(0.0, InfiniteWidth.ReluNtk(x)[1, 2]);
        var e = Assert.Throws<ArgumentException>(() => ArcCosine.Degree0(x));
        Assert.Contains("x_1", e.Message);
        Assert.Throws<ArgumentException>(() => FeatureMapNtk.Kernel(x, 2));
    }
}
