using Xunit;
using NtkPure.Dynamics;
using NtkPure.Model;
using NtkPure.Numerics;
using NtkPure.Tests.Core;

namespace NtkPure.Tests.Dynamics;

/// <summary>
/// The gradient-flow right-hand sides and their relatives on the layers they train, the closed forms of the
/// random-feature model at t = 0 and for a linear model, and the shape checks with their messages.
/// </summary>
public class FlowsMutationTests
{
    private static readonly Dataset Data = TestData.Sphere(5, 3, 161);
    private static readonly TwoLayerNet Net = TestData.NetGaussianA(8, 3, 162, Activation.Tanh);

    [Fact]
    public void FlowRhsIsMinusTheGradientOnTheTrainedLayersAndZeroElsewhere()
    {
        var g = Gradients.Of(Net, Data, LossKind.Sum);
        var theta = Net.Flatten();
        int md = 8 * 3;
        foreach (var layers in new[] { Layers.First, Layers.Second, Layers.Both })
        {
            var r = GradientFlow.Rhs(Net, Data, LossKind.Sum, layers, secondLayerRate: 2.5)(0, theta);
            for (int c = 0; c < md; c++)
                Assert.Equal(layers.TrainsFirst() ? -g.W.Span[c] : 0.0, r[c]);
            for (int c = 0; c < 8; c++)
                Assert.Equal(layers.TrainsSecond() ? -2.5 * g.A[c] : 0.0, r[md + c]);
        }
        // the neuron loop gives the same field on both layers
        var loop = NeuronLoopFlow.Rhs(Net, Data, LossKind.Sum)(0, theta);
        var general = GradientFlow.Rhs(Net, Data, LossKind.Sum, Layers.Both)(0, theta);
        Assert.True(Tolerance.ForOperations(100, general.NormInf() + 1).Close(loop, general));
    }

    [Fact]
    public void JacobianRestrictionZeroesTheUntrainedColumns()
    {
        var j = Jacobian.Of(Net, Data.X);
        int md = 8 * 3;
        var first = Jacobian.Restrict(j, Net, Layers.First);
        var second = Jacobian.Restrict(j, Net, Layers.Second);
        for (int i = 0; i < 5; i++)
        {
            for (int c = 0; c < md; c++)
            {
                Assert.Equal(j[i, c], first[i, c]);
                Assert.Equal(0.0, second[i, c]);
            }
            for (int c = md; c < md + 8; c++)
            {
                Assert.Equal(0.0, first[i, c]);
                Assert.Equal(j[i, c], second[i, c]);
            }
        }
        // the a-columns are c_out·φ(w_rᵀx_i): the features themselves
        Assert.Equal(Net.OutputFactor * Math.Tanh(Blas.Dot(Net.W.Row(2), Data.X.Row(1))), j[1, md + 2], 14);
    }

    [Fact]
    public void ShapeChecksNameTheSizes()
    {
        var e = Assert.Throws<ArgumentException>(() => NeuronLoopFlow.Rhs(TestData.Net(4, 2, 1), Data, LossKind.Sum));
        Assert.Equal("inputs have d = 3 but the net expects d = 2", e.Message);
        var rhs = NeuronLoopFlow.Rhs(Net, Data, LossKind.Sum);
        Assert.Equal("expected 32 parameters, got 3", Assert.Throws<ArgumentException>(() => rhs(0, Vec.Of(1.0, 2.0, 3.0))).Message);
        var f = Forward.Of(Net, Data.X);
        var b = Assert.Throws<ArgumentException>(() => Gradients.Backward(Net, Data.X, new double[4], f));
        Assert.Equal("the forward pass has 5 rows, X has 5 and e has 4", b.Message);
        Assert.Throws<ArgumentException>(() => Gradients.Backward(Net, Mat.Zeros(4, 3), new double[5], f));
        var bad = Data with { Y = Vec.Of(1.0, 2.0) };
        Assert.Equal("X has 5 rows but y has 2 entries", Assert.Throws<ArgumentException>(() => Gradients.Of(Net, bad, LossKind.Sum, f)).Message);
        var deep = DeepNet.Init(3, 2, 4, Activation.Relu, 2.0, 5);
        var pass = DeepForward.Of(deep, Data.X);
        Assert.Equal("the pass has 5 examples but e has 2 entries", Assert.Throws<ArgumentException>(() => DeepGradientDescent.Gradient(pass, [1.0, 2.0])).Message);
    }

    [Fact]
    public void GradientBlocksOutsideTheTrainedLayersAreZero()
    {
        var f = Forward.Of(Net, Data.X);
        var full = Gradients.Of(Net, Data, LossKind.Mean, f, Layers.Both);
        var first = Gradients.Of(Net, Data, LossKind.Mean, f, Layers.First);
        var second = Gradients.Of(Net, Data, LossKind.Mean, f, Layers.Second);
        Assert.Equal(full.W, first.W);
        Assert.All(first.A, v => Assert.Equal(0.0, v));
        Assert.Equal(full.A, second.A);
        Assert.Equal(0.0, second.W.MaxAbs());
        Assert.Equal(Loss.Value(LossKind.Mean, f.U.Span, Data.Y.Span), full.Loss);
        Assert.Same(f, full.Forward);
        // ∂L/∂a_r = c_out·Σ_i c_L(u_i − y_i)φ(w_rᵀx_i), summed here by hand
        double s = 0;
        for (int i = 0; i < 5; i++)
            s += (f.U[i] - Data.Y[i]) / 5 * Math.Tanh(Blas.Dot(Net.W.Row(3), Data.X.Row(i)));
        Assert.Equal(Net.OutputFactor * s, full.A[3], 14);
    }

    [Fact]
    public void OneNaturalGradientStepWithUnitStepInterpolatesALinearModel()
    {
        // identity activation, first layer only: u is linear in W, so θ − Jᵀ(JJᵀ)⁻¹(u − y) fits y exactly;
        // JJᵀ = c²‖a‖²XXᵀ is invertible for n ≤ d generic inputs
        var data = TestData.Sphere(3, 5, 171);
        var net = TestData.NetGaussianA(6, 5, 172, Activation.Identity);
        var s = NaturalGradient.Step(data, 1.0, NaturalGradient.Start(data, net));
        Assert.Equal(1, s.Step);
        Assert.True((s.U - data.Y).NormInf() < 1e-10);
        Assert.Equal(net.A, s.Net.A);
        // half a step closes half the residual
        var half = NaturalGradient.Step(data, 0.5, NaturalGradient.Start(data, net));
        var u0 = net.Predict(data.X);
        Assert.True((half.U - (0.5 * (u0 + data.Y))).NormInf() < 1e-10);
    }

    [Fact]
    public void Algorithm1AgreesWithTheStepForScaledInputsAndAGaussianSecondLayer()
    {
        // c_in = 1/√d and a_r not ±1, so every factor of Q_i = c_out·a_r·φ'(c_in w_rᵀx_i)·c_in·x_iᵀ matters
        var net = TestData.NetGaussianA(7, 3, 191, Activation.Tanh, inputScaled: true);
        var p = GdProblem.FirstLayer(Data, LossKind.Mean, 0.3);
        var viaStep = GradientDescent.Step(p, GradientDescent.Start(p, net)).Net.W;
        var literal = GradientDescent.Algorithm1Step(net, Data, LossKind.Mean, 0.3).W;
        Assert.True(Tolerance.ForOperations(7 * 5 * 3, net.W.MaxAbs()).Close(viaStep, literal));
    }

    [Fact]
    public void DeepGdOnALinearNetMatchesTheHandGradient()
    {
        // one hidden identity layer with c_σ = 1: f(x) = √(1/d₁)·w₂ᵀW₁x; check one step of W₂ by hand
        var deep = DeepNet.Init(2, 1, 3, Activation.Identity, 1.0, 9);
        var x = Mat.FromRows([1.0, 0.0], [0.5, -1.0]);
        var y = Vec.Of(0.3, -0.2);
        double kappa = 0.5, eta = 0.1;
        var s0 = DeepGradientDescent.Start(deep, x, kappa);
        Assert.Equal(0, s0.Step);
        var u = s0.U;
        var w1 = deep.Weights[0];
        var w2 = deep.Weights[1];
        double c = Math.Sqrt(1.0 / 3);
        for (int i = 0; i < 2; i++)
        {
            double f = 0;
            for (int a = 0; a < 3; a++)
                f += w2[0, a] * c * (w1[a, 0] * x[i, 0] + w1[a, 1] * x[i, 1]);
            Assert.Equal(kappa * f, u[i], 13);
        }
        var s1 = DeepGradientDescent.Step(s0, x, y, eta);
        Assert.Equal(1, s1.Step);
        Assert.Equal(kappa, s1.OutputScale);
        // ∂/∂W₂[0, a] of ½Σ(κf_i − y_i)² = Σ_i (u_i − y_i)·κ·g_a(x_i), g_a = c·(W₁x)_a
        for (int a = 0; a < 3; a++)
        {
            double grad = 0;
            for (int i = 0; i < 2; i++)
                grad += (u[i] - y[i]) * kappa * c * (w1[a, 0] * x[i, 0] + w1[a, 1] * x[i, 1]);
            Assert.Equal(w2[0, a] - eta * grad, s1.Net.Weights[1][0, a], 13);
        }
    }

    [Fact]
    public void RandomFeatureClosedFormsAtTheStartAndTheirChecks()
    {
        var x = TestData.Sphere(4, 3, 181);
        var model = new RandomFeatureModel(Datasets.Inputs(InputDistribution.Gaussian, 10, 3, 182), Activation.Relu);
        Assert.Equal(10, model.Width);
        var rf = new RandomFeatureTraining(model, x, rate: 0.5);
        Assert.Equal(0.5, rf.Rate);
        Assert.Same(model, rf.Model);
        // e(0) = −y, ∫₀⁰e = 0, ã(0) = 0; k_m = ΦΦᵀ/m
        Assert.True((rf.Residual(0) + x.Y).NormInf() < 1e-14);
        Assert.Equal(0.0, rf.IntegratedResidual(0).NormInf());
        Assert.Equal(0.0, rf.Parameters(0).NormInf());
        Assert.Equal(0.0, rf.GdParameters(0, 0.1).NormInf());
        var km = model.Kernel(x.X, x.X);
        Assert.True(Tolerance.ForOperations(100, km.MaxAbs()).Close((1.0 / 10) * rf.Gram, km));
        // one GD step from 0: ã(1) = −ηc·Φᵀe(0) = ηc·Φᵀy
        var a1 = rf.GdParameters(1, 0.2);
        Assert.True((a1 - (0.2 * 0.5) * rf.Phi.TransposeTimes(x.Y)).NormInf() < 1e-13);
        // the representer weights reproduce the predictions: f(x; ã(t)) = Σ_i w_i k_m(x_i, x)
        double t = 0.7;
        var w = rf.RepresenterWeights(t);
        Assert.True((km * w - rf.Predict(t, x.X)).NormInf() < 1e-12);
        // e(t) + y is the prediction at the training inputs
        Assert.True((rf.Residual(t) + x.Y - rf.Predict(t, x.X)).NormInf() < 1e-12);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RandomFeatureTraining(model, x, rate: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RandomFeatureTraining(model, x, rate: double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => rf.GdParameters(-1, 0.1));
        Assert.Equal(1.0, RandomFeatureTraining.OneMinusExpOver(0));
        Assert.Equal(7.0, RandomFeatureTraining.GeometricSum(0, 7));
        // q below half an ulp of 1: 1 − q rounds to 1, and Σ_{s<5}(1 − q)^s is still 5 (not −5)
        Assert.Equal(5.0, RandomFeatureTraining.GeometricSum(1e-17, 5), 12);
        Assert.Equal((1 - Math.Pow(-0.5, 3)) / 1.5, RandomFeatureTraining.GeometricSum(1.5, 3), 15);
        Assert.Equal(Math.Exp(0.5) - 1, RandomFeatureTraining.ExpM1(0.5), 15);
    }
}
