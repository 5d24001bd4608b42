using Xunit;
using NtkPure.Dynamics;
using NtkPure.Kernels;
using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Tests.Core;

public class GradientTests
{
    [Theory]
    [MemberData(nameof(TestData.Activations), MemberType = typeof(TestData))]
    public void GradientMatchesCentralFiniteDifferences(string activation)
    {
        var act = TestData.Parse(activation);
        foreach (var (scaling, inputScaled, loss) in new[] { (OutputScaling.Ntk, false, LossKind.Sum), (OutputScaling.MeanField, true, LossKind.Mean), (OutputScaling.None, false, LossKind.Mean) })
        {
            var data = TestData.Sphere(5, 3, 11);
            var net = TestData.NetGaussianA(4, 3, 12, act, scaling, inputScaled);
            var g = Gradients.Of(net, data, loss);
            var theta = net.Flatten().ToArray();
            var analytic = g.W.ToArray().Concat(g.A.ToArray()).ToArray();
            double h = 1e-6;
            for (int c = 0; c < theta.Length; c++)
            {
                var plus = (double[])theta.Clone();
                var minus = (double[])theta.Clone();
                plus[c] += h;
                minus[c] -= h;
                var np = net.WithParameters(plus);
                var nm = net.WithParameters(minus);
                if (act.HasKink && CrossesKink(net, np, nm, data.X))
                    continue; // the difference quotient straddles φ's kink; the derivative there is a convention
                double lp = Loss.Value(loss, np.Predict(data.X).Span, data.Y.Span);
                double lm = Loss.Value(loss, nm.Predict(data.X).Span, data.Y.Span);
                double fd = (lp - lm) / (2 * h);
                // central differences: truncation O(h²·|L'''|) plus rounding O(ε·|L|/h)
                double tol = 1e-6 * (1 + Math.Abs(analytic[c])) + 10 * Tolerance.Epsilon * Math.Abs(lp) / h;
                Assert.True(Math.Abs(fd - analytic[c]) <= tol, $"{activation} {scaling} {loss} θ[{c}]: analytic {analytic[c]:R}, fd {fd:R}");
            }
        }
    }

    private static bool CrossesKink(TwoLayerNet net, TwoLayerNet a, TwoLayerNet b, Mat x)
    {
        var z = Forward.Of(net, x).PreActivations;
        var za = Forward.Of(a, x).PreActivations;
        var zb = Forward.Of(b, x).PreActivations;
        for (int k = 0; k < z.Length; k++)
            if ((za[k] >= 0) != (zb[k] >= 0) || (z[k] >= 0) != (za[k] >= 0))
                return true;
        return false;
    }

    [Theory]
    [MemberData(nameof(TestData.Activations), MemberType = typeof(TestData))]
    public void GradientEqualsJacobianTransposeTimesResidual(string activation)
    {
        var act = TestData.Parse(activation);
        var data = TestData.Sphere(7, 4, 21);
        var net = TestData.NetGaussianA(9, 4, 22, act, OutputScaling.Ntk, inputScaled: true);
        foreach (var loss in new[] { LossKind.Sum, LossKind.Mean })
        {
            var g = Gradients.Of(net, data, loss);
            var j = Jacobian.Of(net, data.X);
            var e = loss.Factor(data.N) * (net.Predict(data.X) - data.Y);
            var expected = j.TransposeTimes(e);
            var actual = Vec.Of(g.W.ToArray().Concat(g.A.ToArray()).ToArray());
            double scale = j.MaxAbs() * e.Span.ToArray().Sum(Math.Abs);
            Assert.True(Tolerance.ForOperations(4 * data.N, scale).Close(actual, expected));
        }
    }

    [Fact]
    public void Eq1AndEq3OfNtkNotesForReluLiterally()
    {
        // ∂f/∂w_r = a_r x 1{w_rᵀx ≥ 0}/√m and ∂L/∂w_r = (1/√m) Σ_i (f(x_i) − y_i) a_r x_i 1{w_rᵀx_i ≥ 0}.
        var data = TestData.Sphere(6, 3, 31);
        var net = TestData.Net(5, 3, 32);
        var g = Gradients.Of(net, data, LossKind.Sum);
        var u = net.Predict(data.X);
        for (int r = 0; r < 5; r++)
            for (int k = 0; k < 3; k++)
            {
                double s = 0;
                for (int i = 0; i < 6; i++)
                {
                    double z = 0;
                    for (int l = 0; l < 3; l++)
                        z += net.W[r, l] * data.X[i, l];
                    s += (u[i] - data.Y[i]) * net.A[r] * data.X[i, k] * (z >= 0 ? 1 : 0);
                }
                Assert.Equal(s / Math.Sqrt(5), g.W[r, k], 12);
            }
    }

    [Fact]
    public void ReluDerivativeAtZeroIsOne()
    {
        Assert.Equal(1.0, Activation.Relu.Derivative(0.0));
        Assert.Equal(1.0, Activation.LeakyRelu(0.3).Derivative(0.0));
        Assert.Equal(0.3, Activation.LeakyRelu(0.3).Derivative(-1e-300));
    }

    [Theory]
    [MemberData(nameof(TestData.Activations), MemberType = typeof(TestData))]
    public void SpanPathEqualsScalarPath(string activation)
    {
        var act = TestData.Parse(activation);
        var z = new[] { -3.0, -0.5, -1e-300, 0.0, 1e-300, 0.7, 4.0, 40.0, -40.0 };
        var v = new double[z.Length];
        var d = new double[z.Length];
        act.Apply(z, v, d);
        for (int i = 0; i < z.Length; i++)
        {
            Assert.Equal(act.Value(z[i]), v[i]);
            Assert.Equal(act.Derivative(z[i]), d[i]);
            Assert.True(double.IsFinite(v[i]) && double.IsFinite(d[i]));
        }
    }

    [Theory]
    [MemberData(nameof(TestData.Activations), MemberType = typeof(TestData))]
    public void StructuredNtkEqualsJacobianGram(string activation)
    {
        var act = TestData.Parse(activation);
        var data = TestData.Sphere(6, 3, 41);
        var net = TestData.NetGaussianA(8, 3, 42, act, OutputScaling.Ntk, inputScaled: true);
        var j = Jacobian.Of(net, data.X);
        foreach (var layers in new[] { Layers.First, Layers.Second, Layers.Both })
        {
            var jr = Jacobian.Restrict(j, net, layers);
            var expected = jr.Gram();
            var actual = EmpiricalNtk.OfLayers(net, data.X, layers);
            Assert.True(Tolerance.ForOperations(net.ParameterCount, j.MaxAbs() * j.MaxAbs() * net.ParameterCount).Close(actual, expected), $"{layers}");
        }
    }

    [Theory]
    [MemberData(nameof(TestData.Activations), MemberType = typeof(TestData))]
    public void FirstLayerNtkWithUnitSecondLayerEqualsJacobianGram(string activation)
    {
        // a_r ∈ {±1}: piecewise-linear activations take the popcount path, the others the float path
        var data = TestData.Sphere(7, 3, 43);
        var net = TestData.Net(150, 3, 44, TestData.Parse(activation), OutputScaling.Ntk, inputScaled: true);
        var j = Jacobian.Restrict(Jacobian.Of(net, data.X), net, Layers.First);
        var tol = Tolerance.ForOperations(net.ParameterCount, j.MaxAbs() * j.MaxAbs() * net.ParameterCount);
        Assert.True(tol.Close(EmpiricalNtk.FirstLayer(net, data.X), j.Gram()));
    }

    [Fact]
    public void FirstLayerNtkOfReluIsNtkNotesDefinition3()
    {
        // H_ij = (1/m) Σ_r x_iᵀx_j 1{w_rᵀx_i ≥ 0, w_rᵀx_j ≥ 0}, with a_r ∈ {±1}.
        var data = TestData.Sphere(5, 4, 51);
        var net = TestData.Net(30, 4, 52);
        var h = EmpiricalNtk.FirstLayer(net, data.X);
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 5; j++)
            {
                int count = 0;
                for (int r = 0; r < 30; r++)
                    if (Blas.Dot(net.W.Row(r), data.X.Row(i)) >= 0 && Blas.Dot(net.W.Row(r), data.X.Row(j)) >= 0)
                        count++;
                Assert.Equal(Blas.Dot(data.X.Row(i), data.X.Row(j)) * count / 30.0, h[i, j], 13);
            }
    }
}
