using Xunit;
using NtkPure.Dynamics;
using NtkPure.Kernels;
using NtkPure.Model;
using NtkPure.Numerics;
using NtkPure.Tests.Core;

namespace NtkPure.Tests.Dynamics;

/// <summary>
/// The linear dynamics on a diagonal kernel, where every eigendirection evolves on its own and the closed forms
/// are scalars: u_k(t) = y_k + (1 − ηλ_k/n)^t (u_k(0) − y_k) and u_k(t) = y_k + e^{−tλ_k/n}(u_k(0) − y_k).
/// </summary>
public class LinearDynamicsMutationTests
{
    private static readonly Mat K = Mat.Diagonal(Vec.Of(1.0, 3.0, 0.5));
    private static readonly Vec Y = Vec.Of(1.0, -2.0, 0.5);
    private static readonly Vec U0 = Vec.Of(0.0, 1.0, 4.0);

    private static void Close(double expected, double actual) =>
        Assert.InRange(actual, expected - 1e-13 * (1 + Math.Abs(expected)), expected + 1e-13 * (1 + Math.Abs(expected)));

    [Fact]
    public void DiscreteClosedFormOnADiagonalKernel()
    {
        double eta = 0.5, n = 2;
        var lin = LinearDynamics.Discrete(K, Y, U0, eta, n);
        double[] lambda = [1.0, 3.0, 0.5];
        // factors 1 − ηλ/n = 0.75, 0.25, 0.875: the worst is 0.875; the stable bound is 2n/λ_max = 4/3
        Close(0.875, lin.ContractionFactor);
        Close(4.0 / 3, lin.StableStepBound);
        Assert.Equal(eta, lin.Eta);
        Assert.Equal(n, lin.N);
        Assert.Same(K, lin.K);
        Assert.Same(Y, lin.Y);
        Assert.Same(U0, lin.U0);
        foreach (int t in new[] { 0, 1, 2, 5, 12 })
        {
            var u = lin.At(t);
            for (int k = 0; k < 3; k++)
                Close(Y[k] + Math.Pow(1 - eta * lambda[k] / n, t) * (U0[k] - Y[k]), u[k]);
            var literal = LinearDynamics.Iterate(K, Y, U0, eta, n, t);
            for (int k = 0; k < 3; k++)
                Close(u[k], literal[k]);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => lin.At(-1));
    }

    [Fact]
    public void AContractionFactorAboveOneWhenTheStepExceedsTheBound()
    {
        // η = 2 with n = 1: factors |1 − 2λ| = 1, 5, 0 — the top direction grows fivefold per step
        var lin = LinearDynamics.Discrete(K, Y, U0, 2.0, 1.0);
        Close(5.0, lin.ContractionFactor);
        Close(2.0 / 3, lin.StableStepBound);
        Close(Y[1] + Math.Pow(-5, 3) * (U0[1] - Y[1]), lin.At(3)[1]);
    }

    [Theory]
    [InlineData(0.9, 0)]
    [InlineData(0.9, 1)]
    [InlineData(-0.7, 7)]
    [InlineData(1.3, 10)]
    [InlineData(-1.1, 13)]
    public void PowIntIsTheRepeatedProduct(double x, int t)
    {
        double product = 1;
        for (int i = 0; i < t; i++)
            product *= x;
        Close(product, DiscreteLinear.PowInt(x, t));
    }

    [Fact]
    public void ContinuousClosedFormOnADiagonalKernel()
    {
        double n = 4;
        var lin = LinearDynamics.Continuous(K, Y, U0, n);
        Assert.Equal(n, lin.N);
        Assert.Same(K, lin.K);
        Assert.Same(Y, lin.Y);
        Assert.Same(U0, lin.U0);
        double[] lambda = [1.0, 3.0, 0.5];
        foreach (double t in new[] { 0.0, 0.5, 3.0 })
        {
            var u = lin.At(t);
            for (int k = 0; k < 3; k++)
                Close(Y[k] + Math.Exp(-t * lambda[k] / n) * (U0[k] - Y[k]), u[k]);
        }
        Close(0.5, lin.Eigen.Min);
        Close(3.0, lin.Eigen.Max);
    }

    [Fact]
    public void ShapeMismatchesAreNamed()
    {
        var e = Assert.Throws<ArgumentException>(() => LinearDynamics.Discrete(K, Vec.Of(1.0, 2.0), U0, 1, 1));
        Assert.Equal("K is 3×3, y has 2 entries and u(0) 3", e.Message);
        Assert.Equal("K is 3×3, y has 3 entries and u(0) 1", Assert.Throws<ArgumentException>(() => LinearDynamics.Continuous(K, Y, Vec.Of(1.0), 1)).Message);
        Assert.Equal("K is 3×2, y has 3 entries and u(0) 3", Assert.Throws<ArgumentException>(() => LinearDynamics.Continuous(Mat.Zeros(3, 2), Y, U0, 1)).Message);
        Assert.Throws<ArgumentException>(() => LinearDynamics.Discrete(Mat.Zeros(2, 3), Y, U0, 1, 1));
    }

    [Fact]
    public void ParameterGdOnADiagonalDesignHasTheScalarClosedForm()
    {
        // Φ = diag(φ_k): ω_k ← ω_k − (η/n)φ_k(φ_kω_k − y_k), so ω_k(t) = y_k/φ_k + (1 − ηφ_k²/n)^t(ω_k(0) − y_k/φ_k)
        double[] phi = [2.0, 1.0, 0.5];
        var design = Mat.Diagonal(Vec.Of(phi));
        var omega0 = Vec.Of(0.3, -0.2, 1.0);
        double eta = 0.4, n = 3;
        foreach (int t in new[] { 0, 1, 6 })
        {
            var omega = LinearDynamics.ParameterGd(design, Y, omega0, eta, n, t);
            for (int k = 0; k < 3; k++)
            {
                double star = Y[k] / phi[k];
                Close(star + Math.Pow(1 - eta * phi[k] * phi[k] / n, t) * (omega0[k] - star), omega[k]);
            }
        }
        // one literal step in function space: u − (η/n)K(u − y)
        var step = LinearDynamics.Step(K, Y, U0, eta, n);
        Close(U0[1] - eta / n * 3.0 * (U0[1] - Y[1]), step[1]);
    }

    [Fact]
    public void TrainingDiagnosticsOnHandMadeWeights()
    {
        var w0 = Mat.FromRows([0.0, 0.0], [1.0, 1.0], [2.0, -1.0]);
        var w = Mat.FromRows([3.0, 4.0], [1.0, 2.0], [2.0, -1.0]);
        Assert.Equal(5.0, Training.MaxWeightMove(w, w0)); // rows moved by 5, 1, 0
        Assert.Equal(0.0, Training.MaxWeightMove(w0, w0));
        Assert.Equal(5.0, Training.MaxWeightMove(Mat.FromRows([0.0, 0.0], [1.0, 1.0], [2.0, 4.0]), w0)); // the last row counts
        // identity activation, two neurons w = ±e₁: flipping the second neuron changes n of the 2n signs
        var x = Mat.FromRows([1.0, 0.0], [-1.0, 0.5], [2.0, 1.0]);
        var a = Vec.Of(1.0, 1.0);
        var net0 = new TwoLayerNet(Mat.FromRows([1.0, 0.0], [-1.0, 0.0]), a, Activation.Relu);
        var net1 = net0 with { W = Mat.FromRows([1.0, 0.0], [1.0, 0.0]) };
        Assert.Equal(0.5, Training.PatternChange(Forward.Of(net0, x), Forward.Of(net1, x)));
        Assert.Equal(0.0, Training.PatternChange(Forward.Of(net0, x), Forward.Of(net0, x)));
        var empty = Mat.Zeros(0, 2);
        Assert.Equal(0.0, Training.PatternChange(Forward.Of(net0, empty), Forward.Of(net1, empty)));
    }

    [Fact]
    public void MethodNamesAreLowerCase()
    {
        Assert.Equal("gd", Method.Gd.Name());
        Assert.Equal("flow", Method.Flow.Name());
        Assert.Equal("linear", Method.Linear.Name());
        Assert.Equal("linearized", Method.Linearized.Name());
    }

    [Fact]
    public void StableStepBoundIsTwoOverTheLossFactorTimesTheTopEigenvalue()
    {
        var data = TestData.Sphere(6, 3, 131);
        var net = TestData.Net(16, 3, 132, Activation.Erf);
        foreach (var (loss, layers) in new[] { (LossKind.Sum, Layers.First), (LossKind.Mean, Layers.Both), (LossKind.Mean, Layers.Second) })
        {
            var spec = new TrainingSpec(data, net, loss, layers, 0.1, 0.1, 3, 1.0, 0.1);
            // the discrete linear dynamics with n := 1/c_L state the same bound as 2n/λ_max
            var k = EmpiricalNtk.OfLayers(net, data.X, layers);
            double viaLinear = LinearDynamics.Discrete(k, data.Y, net.Predict(data.X), 1.0, 1 / loss.Factor(data.N)).StableStepBound;
            Assert.InRange(Training.StableStepBound(spec), viaLinear * (1 - 1e-12), viaLinear * (1 + 1e-12));
        }
    }
}
