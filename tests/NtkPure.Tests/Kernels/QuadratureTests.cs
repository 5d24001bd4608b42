using NtkPure.Kernels;
using NtkPure.Model;
using NtkPure.Numerics;
using Xunit;

namespace NtkPure.Tests.Kernels;

/// <summary>Golub–Welsch rules on polynomials, and every closed form against the quadrature to 1e-10.</summary>
public class QuadratureTests
{
    private static double DoubleFactorial(int k)
    {
        double r = 1;
        for (int i = k; i > 1; i -= 2)
            r *= i;
        return r;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(20)]
    [InlineData(64)]
    [InlineData(96)]
    [InlineData(150)]
    public void HermiteRuleIntegratesPolynomialsOfDegreeUpTo2nMinus1(int n)
    {
        var rule = GaussRule.Hermite(n);
        Assert.Equal(n, rule.Count);
        for (int j = 0; j <= Math.Min(2 * n - 1, 150); j++) // beyond degree 150 the moments overflow doubles
        {
            var values = new double[n];
            double absolute = 0;
            for (int k = 0; k < n; k++)
            {
                values[k] = Math.Pow(rule.Nodes[k], j);
                absolute += rule.Weights[k] * Math.Abs(values[k]);
            }
            double got = rule.Sum(values);
            if (j % 2 == 0)
            {
                double exact = DoubleFactorial(j - 1); // E g^j = (j−1)!!
                Assert.True(Math.Abs(got - exact) <= 1e-12 * exact, $"n = {n}, E g^{j}: {got:R} vs {exact:R}");
            }
            else
                Assert.True(Math.Abs(got) <= 1e-12 * absolute, $"n = {n}, E g^{j} = {got:R} (should vanish)");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(24)]
    [InlineData(80)]
    [InlineData(300)]
    public void LegendreRuleIntegratesPolynomialsOfDegreeUpTo2nMinus1(int n)
    {
        var rule = GaussRule.Legendre(n);
        for (int j = 0; j <= 2 * n - 1; j++)
        {
            var values = new double[n];
            for (int k = 0; k < n; k++)
                values[k] = Math.Pow(rule.Nodes[k], j);
            double got = rule.Sum(values), exact = j % 2 == 0 ? 2.0 / (j + 1) : 0.0;
            Assert.True(Math.Abs(got - exact) <= 1e-12 * 2.0 / (j + 1), $"n = {n}, ∫x^{j}: {got:R} vs {exact:R}");
        }
        // mapped: ∫_1^3 x^5 dx = (3^6 − 1)/6
        var mapped = GaussRule.Legendre(n, 1, 3);
        if (n >= 3)
        {
            var v = new double[n];
            for (int k = 0; k < n; k++)
                v[k] = Math.Pow(mapped.Nodes[k], 5);
            Assert.True(Math.Abs(mapped.Sum(v) - 728.0 / 6) <= 1e-12 * 728.0 / 6);
        }
    }

    [Fact]
    public void RulesAreSymmetricAndAscending()
    {
        var rule = GaussRule.Hermite(31);
        for (int k = 0; k < 31; k++)
        {
            Assert.True(k == 0 || rule.Nodes[k] > rule.Nodes[k - 1]);
            Assert.True(Math.Abs(rule.Nodes[k] + rule.Nodes[30 - k]) <= 1e-14 * (1 + Math.Abs(rule.Nodes[k])));
            Assert.True(Math.Abs(rule.Weights[k] - rule.Weights[30 - k]) <= 1e-13 * rule.Weights[k]);
        }
        Assert.Equal(0.0, rule.Nodes[15], 15);
    }

    public static IEnumerable<object[]> ClosedFormActivations() =>
        new[] { "relu", "leaky-relu:0.2", "leaky-relu:-0.7", "erf", "identity" }.Select(a => new object[] { a });

    /// <summary>Covariances that exercise the awkward corners: ρ = ±1, |ρ| within 1e-12 of 1, ρ = 0, unequal and tiny or huge variances.</summary>
    public static IEnumerable<(double A, double B, double C)> Covariances()
    {
        var rng = new Rng(77);
        foreach (var (a, b) in new[] { (1.0, 1.0), (0.3, 2.5), (1e-4, 7.0), (40.0, 0.05) })
            foreach (var rho in new[] { 1.0, -1.0, 1 - 1e-12, -1 + 1e-12, 0.0, 0.5, -0.93, rng.NextDouble() * 2 - 1 })
                yield return (a, b, rho * Math.Sqrt(a * b));
    }

    [Theory]
    [MemberData(nameof(ClosedFormActivations))]
    public void ClosedFormsAgreeWithQuadratureTo1e10(string name)
    {
        Assert.True(Activation.TryParse(name, out var act));
        foreach (var (a, b, c) in Covariances())
        {
            var closed = GaussianExpectations.ClosedForm(act, a, b, c);
            var quad = GaussianExpectations.Quadrature(act, a, b, c);
            // the stated accuracy of the quadrature: 1e-10 relative to the natural scale of each expectation
            double valueScale = act.Kind == ActivationKind.Erf ? 1.0 : Math.Sqrt(a * b);
            double derivativeScale = act.Kind == ActivationKind.Erf ? 4 / Math.PI : 1.0;
            Assert.True(Math.Abs(closed.Values - quad.Values) <= 1e-10 * valueScale, $"{name} E[φφ] at ({a}, {b}, {c}): {closed.Values:R} vs {quad.Values:R}");
            Assert.True(Math.Abs(closed.Derivatives - quad.Derivatives) <= 1e-10 * derivativeScale, $"{name} E[φ'φ'] at ({a}, {b}, {c}): {closed.Derivatives:R} vs {quad.Derivatives:R}");
        }
    }

    [Theory]
    [MemberData(nameof(ClosedFormActivations))]
    public void DegenerateVariancesFollowThePhiPrimeZeroConvention(string name)
    {
        Assert.True(Activation.TryParse(name, out var act));
        foreach (var (a, b) in new[] { (0.0, 2.0), (3.0, 0.0), (0.0, 0.0) })
        {
            var closed = GaussianExpectations.ClosedForm(act, a, b, 0);
            var quad = GaussianExpectations.Quadrature(act, a, b, 0);
            Assert.True(Math.Abs(closed.Values - quad.Values) <= 1e-12 && Math.Abs(closed.Derivatives - quad.Derivatives) <= 1e-12,
                $"{name} ({a}, {b}): closed ({closed.Values}, {closed.Derivatives}) vs quadrature ({quad.Values}, {quad.Derivatives})");
        }
    }

    [Fact]
    public void CSigmaClosedFormsMatchQuadrature()
    {
        foreach (var act in new[] { Activation.Relu, Activation.LeakyRelu(0.3), Activation.Erf, Activation.Identity })
        {
            double closed = MultiLayerNtk.CSigma(act), quad = MultiLayerNtk.CSigma(act, useQuadrature: true);
            Assert.True(Math.Abs(closed - quad) <= 1e-12 * closed, $"{act.Name}: {closed:R} vs {quad:R}");
        }
        Assert.Equal(2.0, MultiLayerNtk.CSigma(Activation.Relu));
    }

    [Fact]
    public void OneDimensionalMomentsOfReluAreTheHalfNormalMoments()
    {
        var m = GaussianExpectations.Moments(Activation.Relu);
        double r = 1 / Math.Sqrt(2 * Math.PI);
        Assert.True(Math.Abs(m.Mean - r) <= 1e-15);
        Assert.True(Math.Abs(m.MeanDerivative - 0.5) <= 1e-15);
        Assert.True(Math.Abs(m.MeanGDerivative - r) <= 1e-15);
        Assert.True(Math.Abs(m.MeanCubicDerivative) <= 1e-15); // ½·2/√(2π) − 1/√(2π)
        Assert.True(Math.Abs(m.MeanSquare - 0.5) <= 1e-15);
        // and for erf, E[erf(g)²] = (2/π)·arcsin(2/3)
        var e = GaussianExpectations.Moments(Activation.Erf);
        Assert.True(Math.Abs(e.MeanSquare - 2 / Math.PI * Math.Asin(2.0 / 3)) <= 1e-14);
    }

    [Fact]
    public void SmoothActivationsWithoutClosedFormsConvergeUnderRefinement()
    {
        // tanh and softplus have no closed form: the default rule must agree with a rule twice as fine
        var fine = GaussianQuadrature.Of(SmoothRule.Trapezoid, trapezoidStep: 0.125, arc: 48, halfLine: 160);
        foreach (var act in new[] { Activation.Tanh, Activation.Softplus })
            foreach (var (a, b, c) in Covariances().Where(t => Math.Max(t.A, t.B) <= 7)) // the refined rule's cost grows with the variance
            {
                var coarse = GaussianExpectations.Quadrature(act, a, b, c);
                var refined = GaussianExpectations.Quadrature(act, a, b, c, fine);
                double scale = 1 + Math.Sqrt(a * b);
                Assert.True(Math.Abs(coarse.Values - refined.Values) <= 1e-10 * scale && Math.Abs(coarse.Derivatives - refined.Derivatives) <= 1e-10,
                    $"{act.Name} ({a}, {b}, {c}): Δ = {coarse.Values - refined.Values:G3}, {coarse.Derivatives - refined.Derivatives:G3}");
            }
    }

    [Fact]
    public void GaussHermiteRouteAgreesWithTheClosedFormsWhereItConverges()
    {
        // Gauss–Hermite (96 nodes) is the second, independent route for smooth activations: at standard
        // deviations ≤ 1 it meets the erf and identity closed forms to 1e-10 (its error grows with the variance,
        // which is why the trapezoid is the default).
        var gh = GaussianQuadrature.Of(SmoothRule.Hermite);
        foreach (var act in new[] { Activation.Erf, Activation.Identity })
            foreach (var (a, b, c) in Covariances())
            {
                if (Math.Max(a, b) > 1)
                    continue;
                var closed = GaussianExpectations.ClosedForm(act, a, b, c);
                var quad = GaussianExpectations.Quadrature(act, a, b, c, gh);
                Assert.True(Math.Abs(closed.Values - quad.Values) <= 1e-10 && Math.Abs(closed.Derivatives - quad.Derivatives) <= 1e-10,
                    $"{act.Name} ({a}, {b}, {c}): Δ = {closed.Values - quad.Values:G3}, {closed.Derivatives - quad.Derivatives:G3}");
            }
        // and for tanh, where no closed form exists, it meets the trapezoid at unit scale
        foreach (var rho in new[] { -0.9, 0.0, 0.4, 0.99 })
        {
            var t = GaussianExpectations.Quadrature(Activation.Tanh, 1, 1, rho);
            var h = GaussianExpectations.Quadrature(Activation.Tanh, 1, 1, rho, GaussianQuadrature.Of(SmoothRule.Hermite, hermite: 200));
            Assert.True(Math.Abs(t.Values - h.Values) <= 1e-12 && Math.Abs(t.Derivatives - h.Derivatives) <= 1e-12, $"tanh ρ = {rho}");
        }
    }
}
