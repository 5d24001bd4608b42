using NtkPure.Kernels;
using NtkPure.Model;
using NtkPure.Numerics;
using Xunit;

namespace NtkPure.Tests.Kernels;

public class HuKernelTests
{
    [Theory]
    [InlineData("relu")]
    [InlineData("leaky-relu:0.2")]
    [InlineData("erf")]
    [InlineData("identity")]
    public void ConstantsByQuadratureEqualTheClosedForms(string name)
    {
        Assert.True(Activation.TryParse(name, out var act));
        var q = HuConstants.Of(act, 1.7);
        var c = HuConstants.ClosedForm(act, 1.7);
        foreach (var (a, b, what) in new[] { (q.Zeta, c.Zeta, "ζ"), (q.Nu, c.Nu, "ν"), (q.Theta0, c.Theta0, "ϑ₀"), (q.Theta1, c.Theta1, "ϑ₁"), (q.Theta2, c.Theta2, "ϑ₂") })
            Assert.True(Math.Abs(a - b) <= 1e-13, $"{name} {what}: {a:R} vs {b:R}");
    }

    [Theory]
    [InlineData("tanh")]
    [InlineData("softplus")]
    [InlineData("erf")]
    public void SmoothActivationsSatisfySteinsIdentities(string name)
    {
        // E[gφ'(g)] = E[φ''(g)] and E[(g³/2 − g)φ'(g)] = ½E[g²φ''(g)]: a second route to ϑ₁ and ϑ₂ through φ''
        Assert.True(Activation.TryParse(name, out var act));
        Func<double, double> second = act.Kind switch
        {
            ActivationKind.Tanh => z => -2 * Math.Tanh(z) * (1 - Math.Tanh(z) * Math.Tanh(z)),
            ActivationKind.Softplus => z => { double s = 1 / (1 + Math.Exp(-z)); return s * (1 - s); },
            _ => z => -2 * z * 2 / Math.Sqrt(Math.PI) * Math.Exp(-z * z),
        };
        var rule = GaussianQuadrature.Default.SmoothRuleFor(1);
        double e2 = 0, eg2 = 0;
        for (int k = 0; k < rule.Count; k++)
        {
            double g = rule.Nodes[k];
            e2 += rule.Weights[k] * second(g);
            eg2 += rule.Weights[k] * g * g * second(g);
        }
        var c = HuConstants.Of(act, 1);
        Assert.True(Math.Abs(c.Theta1 - e2) <= 1e-14, $"ϑ₁ {c.Theta1:R} vs E φ'' {e2:R}");
        Assert.True(Math.Abs(c.Theta2 - 0.5 * eg2) <= 1e-14, $"ϑ₂ {c.Theta2:R} vs ½E g²φ'' {0.5 * eg2:R}");
    }

    [Fact]
    public void LinearKernelsAreTheGramsOfTheirFeatureMaps()
    {
        var x = Datasets.Inputs(InputDistribution.Gaussian, 8, 5, 3);
        var c = HuConstants.Of(Activation.Softplus, HuKernels.SampleTraceSigmaSquaredOverD(x));
        var tol = Tolerance.ForOperations(16, 10);
        Assert.True(tol.Close(HuKernels.Psi1(x, c).Gram(), HuKernels.Lin1(x, c)));
        Assert.True(tol.Close(HuKernels.Psi2(x, c).Gram(), HuKernels.Lin2(x, c)));
        // both layers: the linear model's kernel for both is the Gram of the stacked features = Θ^lin1 + Θ^lin2
        var stacked = Mat.Create(8, 6 + 7, (i, k) => k < 6 ? HuKernels.Psi1(x, c)[i, k] : HuKernels.Psi2(x, c)[i, k - 6]);
        Assert.True(tol.Close(stacked.Gram(), HuKernels.Lin1(x, c) + HuKernels.Lin2(x, c)));
    }

    [Fact]
    public void TraceOfSigmaSquaredIsTheFrobeniusNormSquared()
    {
        var sigma = Mat.FromRows([2.0, 0.5], [0.5, 1.0]);
        // Tr[Σ²] = 4 + 0.25 + 0.25 + 1 = 5.5, d = 2
        Assert.Equal(2.75, HuKernels.TraceSigmaSquaredOverD(sigma), 15);
        Assert.Equal(1.0, HuKernels.TraceSigmaSquaredOverD(Mat.Identity(7)), 15);
    }

    [Fact]
    public void ExpectedThetaOneMatchesMonteCarloOverWeights()
    {
        // E_W[Θ₁(W)]_ij = E[φ'(u)φ'(v)]·x_iᵀx_j/d with (u, v) ~ N(0, XXᵀ/d): the two-layer kernel of X/√d
        var x = Datasets.Inputs(InputDistribution.Gaussian, 5, 4, 21);
        var scaled = (1 / Math.Sqrt(4)) * x;
        var (_, dv) = GaussianExpectations.OfInputs(Activation.Erf, scaled);
        var expected = scaled.Gram().Hadamard(dv);
        var moments = MonteCarlo.Sample(scaled, Activation.Erf, WeightDistribution.Gaussian(), 1 << 15, 22);
        var worst = MonteCarlo.WorstEntry(moments, KernelTerms.Hinf, Activation.Erf, WeightDistribution.Gaussian(), expected, 1e-3, 15);
        Assert.True(worst.Margin >= 0, $"entry [{worst.Row},{worst.Col}]");
    }
}

public class RegressionAndSpectrumTests
{
    [Fact]
    public void KernelRegressionInterpolatesAndItsQuadraticFormHasTwoRoutes()
    {
        var data = Datasets.Synthetic(InputDistribution.Sphere, 9, 4, 5);
        var k = InfiniteWidth.Hinf(data.X);
        var fit = KernelRegression.Fit(k, data.Y);
        // f*(x_i) = y_i at the training points
        var atTraining = fit.Predict(k);
        double cond = KernelSpectrum.Of(k).Condition;
        Assert.True(Tolerance.ForOperations(9 * 9 * cond, data.Y.NormInf()).Close(atTraining, data.Y));
        var spectrum = KernelSpectrum.Of(k, data.Y);
        double viaCholesky = fit.QuadraticForm(), viaEigen = spectrum.QuadraticFormInverse();
        Assert.True(Math.Abs(viaCholesky - viaEigen) <= 1e3 * cond * Tolerance.Epsilon * viaCholesky, $"{viaCholesky:R} vs {viaEigen:R}");
        Assert.Equal(Math.Sqrt(2 * viaCholesky / 9), KernelRegression.GeneralizationBound(k, data.Y), 14);
        // Σ p_k² = ‖y‖²
        Assert.True(Math.Abs(spectrum.Projections!.NormSquared() - data.Y.NormSquared()) <= 1e-13 * data.Y.NormSquared());
    }

    [Fact]
    public void FineGrainedResidualEqualsIteratingTheLinearDynamics()
    {
        var data = Datasets.Synthetic(InputDistribution.Sphere, 7, 3, 6);
        var k = InfiniteWidth.Hinf(data.X);
        var spectrum = KernelSpectrum.Of(k, data.Y);
        double eta = 1 / spectrum.Max;
        var r = data.Y;
        for (int t = 0; t <= 40; t++)
        {
            Assert.True(Math.Abs(spectrum.ResidualSquared(eta, t) - r.NormSquared()) <= 1e-12 * data.Y.NormSquared(), $"t = {t}");
            r = r - eta * (k * r);
        }
    }

    [Fact]
    public void NegativeEigenvaluesAreReportedNotClamped()
    {
        // an indefinite "kernel": the spectrum says so
        var k = Mat.FromRows([1.0, 2.0], [2.0, 1.0]);
        var s = KernelSpectrum.Of(k);
        Assert.Equal(-1.0, s.Min, 14);
        Assert.Equal(1, s.NegativeCount);
        Assert.Equal(double.PositiveInfinity, s.Condition);
        Assert.Throws<ArgumentException>(() => KernelRegression.Fit(k, Vec.Of(1, 1)));
    }
}

public class MercerTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(10)]
    public void APolynomialKernelHasItsExactCoefficients(int p)
    {
        // κ(t) = t² = 1/p + (p−1)/p·P_2(t): μ₀ = 1/p, μ₂ = 2/(p(p+2)), every other μ_k = 0
        var mu = Mercer.Coefficients(theta => Math.Cos(theta) * Math.Cos(theta), p, 8);
        Assert.True(Math.Abs(mu[0] - 1.0 / p) <= 1e-14);
        Assert.True(Math.Abs(mu[2] - 2.0 / (p * (p + 2.0))) <= 1e-14);
        foreach (var k in new[] { 1, 3, 4, 5, 6, 7, 8 })
            Assert.True(Math.Abs(mu[k]) <= 1e-14, $"μ_{k} = {mu[k]:G3}");
        Assert.Equal(1.0, Mercer.Reconstruct(mu, p, 1.0), 13);
    }

    [Fact]
    public void ReluNtkOnTheCircleHasTheAnalyticFourierCoefficients()
    {
        // p = 2: μ_k = (1/π)∫₀^π κ(cos θ)cos kθ dθ = 6/π² (k = 0), ½ (k = 1), 2(k² + 3)/(π²(k² − 1)²) (even k ≥ 2), 0 (odd k ≥ 3)
        var mu = Mercer.ReluNtk(2, 40);
        Assert.True(Math.Abs(mu[0] - 6 / (Math.PI * Math.PI)) <= 1e-14);
        Assert.True(Math.Abs(mu[1] - 0.5) <= 1e-14);
        for (int k = 2; k <= 40; k++)
        {
            double exact = k % 2 == 0 ? 2.0 * (k * k + 3) / (Math.PI * Math.PI * (k * k - 1.0) * (k * k - 1.0)) : 0.0;
            Assert.True(Math.Abs(mu[k] - exact) <= 1e-14, $"μ_{k}: {mu[k]:R} vs {exact:R}");
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void ReluNtkCoefficientsAreThoseOfProposition5(int p)
    {
        // μ₀, μ₁ > 0, μ_k = 0 for odd k ≥ 3, and the even ones decay like k^{−p}
        var mu = Mercer.ReluNtk(p, 400);
        Assert.True(mu[0] > 0 && mu[1] > 0);
        // zero up to the rounding of an 864-node sum of terms bounded by κ(1)·|P_k| ≤ 2
        double zero = Tolerance.ForOperations(2 * 400 + 64, 2.0).Absolute;
        for (int k = 3; k <= 400; k += 2)
            Assert.True(Math.Abs(mu[k]) <= zero, $"p = {p}: μ_{k} = {mu[k]:G3}");
        var ks = Enumerable.Range(0, 19).Select(i => 100.0 + 16 * i).ToArray();
        var fit = Statistics.FitLogLog(ks, ks.Select(k => mu[(int)k]).ToArray());
        Assert.True(Math.Abs(fit.Slope + p) <= 0.05, $"p = {p}: decay exponent {fit.Slope:F4}");
        // and the expansion sums back to κ: at t = 1 the tail is Σ_{k>400} μ_k N(p,k) ~ 400^{−1}
        Assert.True(Math.Abs(Mercer.Reconstruct(mu, p, 0.3) - ArcCosine.KappaOfCosine(0.3)) <= 1e-3);
    }

    [Fact]
    public void CirculantKernelMatrixOnTheCircleHasTheMercerEigenvalues()
    {
        // N equispaced points on S¹: K/N is circulant with eigenvalues ≈ μ_k (each k ≥ 1 twice); Riemann sums of an
        // integrand with a kink at θ = 0 (κ has a |θ| term) err by O(1/N²)
        int n = 256;
        var x = Mat.Create(n, 2, (i, c) => c == 0 ? Math.Cos(2 * Math.PI * i / n) : Math.Sin(2 * Math.PI * i / n));
        var eig = KernelSpectrum.Of((1.0 / n) * InfiniteWidth.ReluNtk(x)).Eigenvalues.ToArray().OrderByDescending(v => v).ToArray();
        var mu = Mercer.ReluNtk(2, 10);
        Assert.True(Math.Abs(eig[0] - mu[0]) <= 10.0 / (n * n), $"{eig[0]} vs μ₀ {mu[0]}");
        Assert.True(Math.Abs(eig[1] - mu[1]) <= 10.0 / (n * n) && Math.Abs(eig[2] - mu[1]) <= 10.0 / (n * n), $"{eig[1]}, {eig[2]} vs μ₁ {mu[1]}");
        Assert.True(Math.Abs(eig[3] - mu[2]) <= 10.0 / (n * n), $"{eig[3]} vs μ₂ {mu[2]}");
    }
}
