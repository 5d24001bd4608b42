using Xunit;
using NtkPure.Boolean;
using NtkPure.Claims;
using NtkPure.Dynamics;
using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Tests.Boolean;

public class GradientVarianceTests
{
    private static TwoLayerNet Net(int m, int d, ulong seed, Activation act)
    {
        var rng = new Rng(seed);
        return new TwoLayerNet(Instances.Gaussian(ref rng, m, d), Vec.Of(Instances.Gaussian(ref rng, m, 1).ToArray()), act, OutputScaling.Ntk);
    }

    /// <summary>The report's variance from loops written out here: every ∇R^f = κ·2^{−d}Σ_x (h − f)∇h, their mean, the spread.</summary>
    private static double BruteForceVariance(TwoLayerNet net, int d, IReadOnlyList<ulong> vs, double kappa)
    {
        var x = Cube.All(d, CubeDomain.ZeroOne);
        var jac = Jacobian.Of(net, x);
        var h = net.Predict(x);
        int n = x.Rows, p = net.ParameterCount;
        var grads = new double[vs.Count][];
        for (int f = 0; f < vs.Count; f++)
        {
            grads[f] = new double[p];
            for (int i = 0; i < n; i++)
                for (int q = 0; q < p; q++)
                    grads[f][q] += kappa * (h[i] - Parity.Value(vs[f], (ulong)i)) * jac[i, q] / n;
        }
        double variance = 0;
        for (int q = 0; q < p; q++)
        {
            double mean = grads.Average(g => g[q]);
            variance += grads.Average(g => (g[q] - mean) * (g[q] - mean));
        }
        return variance;
    }

    [Fact]
    public void TheReportAgreesWithLoopsWrittenOut()
    {
        int d = 4;
        var net = Net(5, d, 3, Activation.Softplus);
        var cls = FunctionClass.AllParities(d);
        var r = GradientVariance.Of(ParametricModel.TwoLayer(net), cls, RiskNormalisation.Half);
        Assert.Equal(BruteForceVariance(net, d, [.. Enumerable.Range(0, 16).Select(v => (ulong)v)], 1.0), r.Variance, 13);
        var x = Cube.All(d, CubeDomain.ZeroOne);
        var jac = Jacobian.Of(net, x);
        Assert.Equal(jac.FrobeniusNorm() * jac.FrobeniusNorm() / 16, r.GradientSquare, 13);
    }

    [Theory]
    [InlineData("relu")]
    [InlineData("tanh")]
    [InlineData("erf")]
    public void WithAllParitiesAndGradientZeroAtTheOriginTheCorrectedBoundIsAnEquality(string activation)
    {
        Assert.True(Activation.TryParse(activation, out var act));
        for (int d = 1; d <= 7; d++)
        {
            var r = GradientVariance.Of(ParametricModel.TwoLayer(Net(6, d, (ulong)d, act)), FunctionClass.AllParities(d), RiskNormalisation.Half);
            // ∇h(0; θ) = 0, so E_f⟨f, ∇h⟩ = ∇h(0)/2^d = 0 and Parseval makes (0.8), (0.10) and (0.7) equalities
            Assert.True(Math.Abs(r.Variance - r.Bound) <= r.Slack, $"d = {d}: {r.Variance} vs {r.Bound}, slack {r.Slack}");
            Assert.True(Math.Abs(r.SecondMoment - r.Bound) <= r.Slack);
            Assert.True(Math.Abs(r.BesselSum - r.GradientSquare) <= r.Slack * r.ClassSize);
            Assert.True(r.Slack < 1e-9 * r.Bound, "the rounding slack is far below any real effect");
        }
    }

    [Fact]
    public void AsWrittenTheVarianceIsFourTimesTheCorrectedOne()
    {
        var model = ParametricModel.TwoLayer(Net(4, 5, 9, Activation.Tanh), bias: false);
        var cls = FunctionClass.AllParities(5);
        var half = GradientVariance.Of(model, cls, RiskNormalisation.Half);
        var asWritten = GradientVariance.Of(model, cls, RiskNormalisation.AsWritten);
        Assert.Equal(4 * half.Variance, asWritten.Variance, 12);
        Assert.True(asWritten.Variance > 3.9 * asWritten.Bound);
    }

    [Fact]
    public void BiasesOrASubclassMakeTheBoundStrict()
    {
        int d = 5;
        var rng = new Rng(4);
        var w = Instances.Gaussian(ref rng, 6, d + 1);
        var biased = ParametricModel.TwoLayer(new TwoLayerNet(w, Vec.Constant(6, 0.7), Activation.Relu, OutputScaling.Ntk), bias: true);
        var r = GradientVariance.Of(biased, FunctionClass.AllParities(d), RiskNormalisation.Half);
        Assert.True(r.Variance < r.Bound * (1 - 1e-6));
        var sub = GradientVariance.Of(ParametricModel.TwoLayer(Net(6, d, 1, Activation.Relu)), FunctionClass.Parities(d, [1, 2, 3]), RiskNormalisation.Half);
        Assert.True(sub.Variance < sub.Bound * (1 - 1e-6));
    }

    [Fact]
    public void RandomFeatureModelExposesItsFeaturesAsTheJacobian()
    {
        var rng = new Rng(8);
        var b = Instances.Gaussian(ref rng, 7, 3);
        var a = Vec.Of(Instances.Gaussian(ref rng, 7, 1).ToArray());
        var model = ParametricModel.RandomFeatures(b, a, Activation.Relu);
        var x = Cube.All(3, CubeDomain.ZeroOne);
        var out_ = model.Evaluate(x);
        var net = new TwoLayerNet(b, a, Activation.Relu, OutputScaling.None);
        Assert.Equal(net.Predict(x), out_.Values);
        var jac = Jacobian.Of(net, x);
        for (int i = 0; i < x.Rows; i++)
            for (int r = 0; r < 7; r++)
                Assert.Equal(jac[i, 7 * 3 + r], out_.Jacobian[i, r]);
        Assert.Throws<ArgumentException>(() => GradientVariance.Of(model, FunctionClass.AllParities(4), RiskNormalisation.Half));
    }
}
