using Xunit;
using NtkPure.Kernels;
using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Tests.Kernels;

/// <summary>
/// Kernel values at inputs whose geometry is known by hand (orthogonal, parallel, antipodal, 60° apart), the
/// spectra of diagonal matrices, and the argument checks with their messages.
/// </summary>
public class KernelsMutationTests
{
    private static void Close(double expected, double actual, double tol = 1e-14) =>
        Assert.InRange(actual, expected - tol * (1 + Math.Abs(expected)), expected + tol * (1 + Math.Abs(expected)));

    [Fact]
    public void AnglesOfHandMadePairs()
    {
        var g = Angles.Of([2.0, 0.0], [1.0, Math.Sqrt(3)]); // 60°, norms 2 and 2, dot 2
        Close(2.0, g.NormX);
        Close(2.0, g.NormY);
        Close(2.0, g.Dot);
        Close(Math.PI / 3, g.Angle);
        Close(0.5, g.Cos);
        Close(Math.Sqrt(3) / 2, g.Sin);
        Close(Math.PI, Angles.Between([1.0, 2.0], [-2.0, -4.0]));
        Close(0.0, Angles.Between([1.0, 2.0], [3.0, 6.0]));
        Close(Math.PI / 2, Angles.Between([0.0, 0.0, 5.0], [1.0, 0.0, 0.0]));
        Assert.True(double.IsNaN(Angles.Of([0.0, 0.0], [1.0, 0.0]).Angle));
        Assert.True(double.IsNaN(Angles.Of([1.0, 0.0], [0.0, 0.0]).Angle));
        Assert.Equal("a zero vector has no angle", Assert.Throws<ArgumentException>(() => Angles.Between([1.0, 0.0], [0.0, 0.0])).Message);
        Assert.Equal("length mismatch: 2 vs 3", Assert.Throws<ArgumentException>(() => Angles.Of([1.0, 0.0], [1.0, 0.0, 0.0])).Message);
    }

    [Fact]
    public void CovarianceAnglesAndCorrelations()
    {
        Close(0.5, Angles.Correlation(4.0, 1.0, 1.0));
        Close(Math.PI / 3, Angles.OfCovariance(4.0, 1.0, 1.0));
        Close(Math.PI, Angles.OfCovariance(1.0, 1.0, -1.0));
        Close(0.0, Angles.OfCovariance(2.0, 8.0, 4.0));
        // a few ulps above 1 is rounding and is clamped; 1e-10 above is not a covariance
        Assert.Equal(1.0, Angles.Correlation(1.0, 1.0, 1.0 + 4 * Tolerance.Epsilon));
        Assert.Equal(-1.0, Angles.Correlation(1.0, 1.0, -1.0 - 4 * Tolerance.Epsilon));
        Assert.Throws<ArgumentException>(() => Angles.Correlation(1.0, 1.0, 1.0 + 1e-10));
        Assert.Throws<ArgumentException>(() => Angles.Correlation(1.0, 1.0, -1.0 - 1e-10));
        Assert.Throws<ArgumentException>(() => Angles.Correlation(1.0, 1.0, double.NaN));
        Assert.Equal("a correlation needs positive variances, got 0 and 1", Assert.Throws<ArgumentException>(() => Angles.Correlation(0.0, 1.0, 0.0)).Message);
        Assert.Throws<ArgumentException>(() => Angles.Correlation(1.0, -1.0, 0.0));
    }

    [Fact]
    public void AngleMatrixAndZeroRows()
    {
        var x = Mat.FromRows([1.0, 0.0], [0.0, 3.0], [-2.0, 0.0]);
        var t = Angles.Matrix(x);
        Assert.Equal(0.0, t[1, 1]);
        Close(Math.PI / 2, t[0, 1]);
        Close(Math.PI / 2, t[1, 0]);
        Close(Math.PI, t[2, 0]);
        Close(Math.PI, t[0, 2]);
        Assert.Equal(-1, Angles.FirstZeroRow(x));
        var withZero = Mat.FromRows([1.0, 0.0], [0.0, 0.0], [0.0, 0.0]);
        Assert.Equal(1, Angles.FirstZeroRow(withZero));
        Assert.Equal(0, Angles.FirstZeroRow(Mat.FromRows([0.0, 0.0], [1.0, 0.0])));
        Assert.Equal(-1, Angles.FirstZeroRow(Mat.FromRows([0.0, 1e-300])));
        var e = Assert.Throws<ArgumentException>(() => Angles.Matrix(withZero));
        Assert.Equal("input x_1 has zero norm: an angle is undefined there", e.Message);
    }

    [Fact]
    public void ArcCosineFunctionsAtKnownAngles()
    {
        // κ₀(θ) = 1 − θ/π; κ₁(θ) = (sin θ + (π − θ)cos θ)/π: κ₁(0) = 1, κ₁(π/2) = 1/π, κ₁(π) = 0
        Close(1.0, ArcCosine.Kappa0(0));
        Close(0.5, ArcCosine.Kappa0(Math.PI / 2));
        Close(1.0, ArcCosine.Kappa1(0));
        Close(1 / Math.PI, ArcCosine.Kappa1(Math.PI / 2));
        Close(0.0, ArcCosine.Kappa1(Math.PI));
        Close(2.0, ArcCosine.Kappa(0));
        Close(1 / Math.PI, ArcCosine.Kappa(Math.PI / 2));
        // at 60°: κ₀ = 2/3, κ₁ = (√3/2 + (2π/3)/2)/π
        double k1 = (Math.Sqrt(3) / 2 + Math.PI / 3) / Math.PI;
        Close(2.0 / 3, ArcCosine.Kappa0OfCosine(0.5));
        Close(k1, ArcCosine.Kappa1OfCosine(0.5));
        Close(0.5 * 2.0 / 3 + k1, ArcCosine.KappaOfCosine(0.5));
        Close(0.0, ArcCosine.Kappa0OfCosine(-1));
        // the matrices: unit inputs at 90° and 180°
        var x = Mat.FromRows([1.0, 0.0], [0.0, 2.0], [-1.0, 0.0]);
        var k0 = ArcCosine.Degree0(x);
        Close(1.0, k0[1, 1]);
        Close(0.5, k0[0, 1]);
        Close(0.0, k0[2, 0]);
        var d1 = ArcCosine.Degree1(x);
        Close(4.0, d1[1, 1]);
        Close(2 / Math.PI, d1[0, 1]);
        Close(0.0, d1[0, 2]);
        Assert.Throws<ArgumentException>(() => ArcCosine.Degree0(Mat.FromRows([0.0, 0.0], [1.0, 0.0])));
        Assert.Equal(0.0, ArcCosine.Degree1(Mat.FromRows([0.0, 0.0], [1.0, 0.0]))[0, 1]);
    }

    [Fact]
    public void InfiniteWidthKernelsAtOrthogonalParallelAndAntipodalInputs()
    {
        // x₀ = e₁, x₁ = 2e₂, x₂ = −e₁, x₃ = 3e₁ (d = 2)
        var x = Mat.FromRows([1.0, 0.0], [0.0, 2.0], [-1.0, 0.0], [3.0, 0.0]);
        var h = InfiniteWidth.Hinf(x);
        Close(0.5, h[0, 0]); // xᵀx·(π − 0)/(2π)
        Close(2.0, h[1, 1]);
        Close(0.0, h[0, 1]); // orthogonal: dot 0
        Close(0.0, h[0, 2]); // antipodal: π − θ = 0
        Close(1.5, h[0, 3]); // parallel: 3/2
        var k = InfiniteWidth.ReluNtk(x);
        Close(2.0, k[0, 0]); // K_ii = 2‖x‖²
        Close(8.0, k[1, 1]);
        Close(2.0 / Math.PI, k[0, 1]); // ‖x‖‖x'‖κ₁(π/2) = 2/π, the κ₀ term has dot 0
        Close(0.0, k[0, 2]);
        Close(6.0, k[3, 0]);
        var ws = InfiniteWidth.WuSphere(x);
        Close(1.0 / 4, ws[0, 0]); // ‖x‖²κ₁(0)/(2d)
        Close(2 / Math.PI / 4, ws[0, 1]);
        Close(0.0, ws[2, 0]);
        var wb = InfiniteWidth.WuBalanced(x);
        Close(1.0 / 4 + 0.5, wb[0, 0]); // + xᵀx κ₀(0)/2
        Close(2 / Math.PI / 4, wb[1, 0]);
        Close(3.0 / 4 + 1.5, wb[3, 0]);
        // a zero row is 0 where the expectation is
        var z = Mat.FromRows([0.0, 0.0], [1.0, 0.0]);
        foreach (var m in new[] { InfiniteWidth.Hinf(z), InfiniteWidth.ReluNtk(z), InfiniteWidth.WuSphere(z), InfiniteWidth.WuBalanced(z) })
        {
            Assert.Equal(0.0, m[0, 1]);
            Assert.Equal(0.0, m[0, 0]);
            Assert.False(double.IsNaN(m[1, 0]));
        }
        Close(1.0 / Math.PI, InfiniteWidth.TwoLayerNtk(Activation.Relu, x)[1, 0]); // half of the ReLU NTK's 2/π
    }

    [Fact]
    public void CrossKernelsPairRowsOfTwoInputSets()
    {
        var a = Mat.FromRows([1.0, 0.0], [0.0, 1.0]);
        var b = Mat.FromRows([1.0, 0.0], [-1.0, 0.0], [0.0, 0.0]);
        var k = PairKernels.Cross(a, b, default(NtkKernel));
        Assert.Equal(2, k.Rows);
        Assert.Equal(3, k.Cols);
        Close(2.0, k[0, 0]);
        Close(0.0, k[0, 1]);
        Close(1 / Math.PI, k[1, 0]);
        Assert.Equal(0.0, k[1, 2]);
        Assert.Equal("inputs differ in dimension: 2 vs 3", Assert.Throws<ArgumentException>(() => PairKernels.Cross(a, Mat.Zeros(1, 3), default(NtkKernel))).Message);
    }

    private readonly struct NtkKernel : IPairKernel
    {
        public double Value(in PairGeometry g) =>
            g.NormX == 0 || g.NormY == 0 ? 0.0 : g.Dot * ArcCosine.Kappa0(g.Angle) + g.NormX * g.NormY * ArcCosine.Kappa1(g.Angle);
    }

    [Fact]
    public void LargeKernelMatricesTakeTheParallelPathAndGiveTheSameEntries()
    {
        // n²d ≥ 2²⁰ switches to Parallel.For: every entry must still be the pair's own value (against Cross)
        var x = Datasets.Inputs(InputDistribution.Gaussian, 130, 64, 7);
        var full = InfiniteWidth.ReluNtk(x);
        var some = PairKernels.Cross(Mat.FromRowMajor(3, 64, x.Span[..(3 * 64)]), x, default(NtkKernel));
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 130; j++)
                Close(some[i, j], full[i, j], 1e-13);
        // and the vectorised ‖x̂ ± ŷ‖ with a tail (d = 6 = 4 + 2) is the scalar one
        var y = Datasets.Inputs(InputDistribution.Gaussian, 5, 6, 8);
        var ky = InfiniteWidth.Hinf(y);
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 5; j++)
            {
                var g = Angles.Of(y.Row(i), y.Row(j));
                Close(g.Dot * (Math.PI - (i == j ? 0 : g.Angle)) / (2 * Math.PI), ky[i, j], 1e-13);
            }
    }

    [Fact]
    public void SpectrumOfADiagonalKernel()
    {
        var k = Mat.Diagonal(Vec.Of(4.0, 1.0, 2.0));
        var y = Vec.Of(1.0, 2.0, 3.0);
        var s = KernelSpectrum.Of(k, y);
        Close(1.0, s.Min);
        Close(4.0, s.Max);
        Close(4.0, s.Condition);
        Assert.Equal(0, s.NegativeCount);
        // projections on the eigenvectors e₂, e₃, e₁ (ascending λ) are ±y₂, ±y₃, ±y₁
        Close(4.0 / 1 + 9.0 / 2 + 1.0 / 4, s.QuadraticFormInverse());
        // Σ (1 − ηλ)^{2t} p²: η = 0.25, t = 2: (0.75)⁴·4 + (0.5)⁴·9 + 0⁴·1
        Close(Math.Pow(0.75, 4) * 4 + Math.Pow(0.5, 4) * 9, s.ResidualSquared(0.25, 2));
        Close(1 + 4 + 9, s.ResidualSquared(0.25, 0));
        var noLabels = KernelSpectrum.Of(k);
        Assert.Null(noLabels.Projections);
        Assert.Throws<InvalidOperationException>(() => noLabels.ResidualSquared(0.1, 1));
        Assert.Throws<InvalidOperationException>(() => noLabels.QuadraticFormInverse());
        var indefinite = KernelSpectrum.Of(Mat.Diagonal(Vec.Of(-1.0, 0.0, -2.0, 3.0)));
        Assert.Equal(2, indefinite.NegativeCount);
        Assert.Equal(double.PositiveInfinity, indefinite.Condition);
        Assert.Equal(double.PositiveInfinity, KernelSpectrum.Of(Mat.Diagonal(Vec.Of(0.0, 1.0))).Condition);
    }

    [Fact]
    public void KernelRegressionWithADiagonalKernel()
    {
        var k = Mat.Diagonal(Vec.Of(4.0, 1.0, 2.0));
        var y = Vec.Of(2.0, -1.0, 3.0);
        var fit = KernelRegression.Fit(k, y);
        Close(0.5, fit.Coefficients[0]);
        Close(-1.0, fit.Coefficients[1]);
        Close(1.5, fit.Coefficients[2]);
        Assert.Same(y, fit.Y);
        // yᵀK⁻¹y = 4/4 + 1/1 + 9/2
        Close(6.5, fit.QuadraticForm());
        Close(Math.Sqrt(2 * 6.5 / 3), fit.GeneralizationBound());
        Close(Math.Sqrt(2 * 6.5 / 3), KernelRegression.GeneralizationBound(k, y));
        Close(0.5 * 2 - 1.0 * 1 + 1.5 * 4, fit.Predict([2.0, 1.0, 4.0]));
        var p = fit.Predict(Mat.FromRows([1.0, 0.0, 0.0], [0.0, 0.0, 2.0]));
        Close(0.5, p[0]);
        Close(3.0, p[1]);
        // a full (non-diagonal) kernel: the quadratic form by forward substitution equals yᵀα
        var full = Mat.FromRows([4.0, 1.0, 0.5], [1.0, 3.0, 0.2], [0.5, 0.2, 2.0]);
        var f2 = KernelRegression.Fit(full, y);
        Close(y.Dot(f2.Coefficients), f2.QuadraticForm(), 1e-13);
        Assert.Equal("K is 3×3 but y has 2 entries", Assert.Throws<ArgumentException>(() => KernelRegression.Fit(k, Vec.Of(1.0, 2.0))).Message);
    }

    [Fact]
    public void MercerArgumentsMultiplicitiesAndPolynomials()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Mercer.Coefficients(t => 1, 1, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Mercer.Coefficients(t => 1, 3, -1));
        // N(p, k): on S¹ (p = 2) 1, 2, 2, 2; on S² (p = 3) 2k + 1; on S³ (p = 4) (k + 1)²
        Assert.Equal(1.0, Mercer.Multiplicity(2, 0));
        Assert.Equal(2.0, Mercer.Multiplicity(2, 5));
        for (int k = 0; k < 6; k++)
        {
            Close(2 * k + 1, Mercer.Multiplicity(3, k));
            Close((k + 1) * (k + 1), Mercer.Multiplicity(4, k));
        }
        // |S¹|/|S²| = 2π/4π; |S⁰|/|S¹| = 2/2π
        Close(0.5, Mercer.SphereAreaRatio(3));
        Close(1 / Math.PI, Mercer.SphereAreaRatio(2));
        // p = 3: Legendre P₂(t) = (3t² − 1)/2, P₃ = (5t³ − 3t)/2; p = 2: Chebyshev T₂ = 2t² − 1
        var v = new double[4];
        Mercer.Legendre(3, 0.3, v);
        Close(1.0, v[0]);
        Close(0.3, v[1]);
        Close((3 * 0.09 - 1) / 2, v[2]);
        Close((5 * 0.027 - 0.9) / 2, v[3]);
        Mercer.Legendre(2, 0.3, v);
        Close(2 * 0.09 - 1, v[2]);
        Span<double> empty = [];
        Mercer.Legendre(3, 0.3, empty);
        var one = new double[1];
        Mercer.Legendre(3, 0.3, one);
        Assert.Equal(1.0, one[0]);
        // κ(t) = t on S²: μ₁·N(3,1) = 1, so μ₁ = 1/3 and every other μ_k = 0; the expansion rebuilds t
        var mu = Mercer.Coefficients(Math.Cos, 3, 3);
        Close(0.0, mu[0], 1e-13);
        Close(1.0 / 3, mu[1], 1e-13);
        Close(0.0, mu[2], 1e-13);
        Close(0.42, Mercer.Reconstruct(mu, 3, 0.42), 1e-13);
        // the node count is honoured: in θ the integrand sin θ·cos²θ is not a polynomial, so 8 nodes are visibly inexact
        var coarse = Mercer.Coefficients(Math.Cos, 3, 1, nodes: 8);
        Assert.True(Math.Abs(coarse[1] - 1.0 / 3) > 1e-12);
    }

    [Fact]
    public void FeatureMapNeedsDepthAndNonZeroRows()
    {
        var x = Mat.FromRows([1.0, 0.0], [0.0, 1.0]);
        Assert.Equal("the feature map needs depth ≥ 1, got 0 (Parameter 'depth')", Assert.Throws<ArgumentOutOfRangeException>(() => FeatureMapNtk.Kernel(x, 0)).Message);
        Assert.Throws<ArgumentException>(() => FeatureMapNtk.Kernel(Mat.FromRows([0.0, 0.0], [1.0, 0.0]), 1));
        // depth 1 at orthogonal unit inputs: K = κ₀(0)·0 + κ₁(0) = 1/π; on the diagonal 1 + 1 = 2
        var k = FeatureMapNtk.Kernel(x, 1);
        Close(1 / Math.PI, k[0, 1]);
        Close(2.0, k[0, 0]);
        // depth 2 on the diagonal: κ₀(1)·2 + 1 = 3 (each layer adds ‖x‖²)
        Close(3.0, FeatureMapNtk.Kernel(x, 2)[1, 1]);
    }

    [Fact]
    public void ActivationPatternOfHandMadeWeights()
    {
        var w = Mat.FromRows([1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]);
        var x = Mat.FromRows([1.0, 1.0], [-1.0, 2.0], [0.0, 0.0]);
        var s = ActivationPattern.Of(w, x);
        Assert.Equal(3, s.N);
        Assert.Equal(3, s.M);
        // x₀ = (1, 1): on for w₀, w₁, off for w₂; x₁ = (−1, 2): off, on, off; x₂ = 0: z = 0 counts as on
        Assert.True(s[0, 0]);
        Assert.True(s[0, 1]);
        Assert.False(s[0, 2]);
        Assert.False(s[1, 0]);
        Assert.True(s[1, 1]);
        Assert.True(s[2, 2]);
        var c = s.CoOccurrence();
        Assert.Equal(2.0, c[0, 0]);
        Assert.Equal(1.0, c[0, 1]);
        Assert.Equal(3.0, c[2, 2]);
        Assert.Equal(2.0, c[2, 0]);
        var flipped = ActivationPattern.Of(Mat.FromRows([1.0, 0.0], [0.0, -1.0], [-1.0, -1.0]), x);
        Assert.Equal(2, s.Changes(flipped)); // w₁ flips for x₀ and x₁; x₂ stays on
        Assert.Equal(0, s.Changes(s));
        Assert.Throws<ArgumentException>(() => s.Changes(ActivationPattern.Of(w, Mat.FromRows([1.0, 1.0]))));
        Assert.Throws<ArgumentException>(() => s.Changes(ActivationPattern.Of(Mat.FromRows([1.0, 0.0]), x)));
        Assert.Equal("W has d = 2 columns but the inputs have d = 3", Assert.Throws<ArgumentException>(() => ActivationPattern.Of(w, Mat.Zeros(1, 3))).Message);
    }
}
