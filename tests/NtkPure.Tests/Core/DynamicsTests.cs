using Xunit;
using NtkPure.Dynamics;
using NtkPure.Kernels;
using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Tests.Core;

public class DynamicsTests
{
    [Theory]
    [InlineData("relu", LossKind.Sum)]
    [InlineData("relu", LossKind.Mean)]
    [InlineData("erf", LossKind.Sum)]
    [InlineData("tanh", LossKind.Mean)]
    public void Algorithm1EqualsTheVectorisedStep(string activation, LossKind loss)
    {
        int n = 9, m = 40, d = 5;
        var data = TestData.Sphere(n, d, 61);
        var net = TestData.Net(m, d, 62, TestData.Parse(activation));
        double eta = 0.1;
        var p = GdProblem.FirstLayer(data, loss, eta);
        var s = GradientDescent.Start(p, net);
        var reference = net;
        for (int k = 0; k < 5; k++)
        {
            s = GradientDescent.Step(p, s);
            reference = GradientDescent.Algorithm1Step(reference, data, loss, eta);
        }
        // Both compute the same sums in different orders: error ≤ c·m·n·d·ε·max|w| per entry after a few steps.
        var tol = Tolerance.ForOperations((double)m * n * d, net.W.MaxAbs());
        Assert.True(tol.Close(s.Net.W, reference.W));
        Assert.NotEqual(net.W, s.Net.W);
    }

    [Fact]
    public void GdOnTheSecondLayerLeavesWAndBothUsesTwoRates()
    {
        var data = TestData.Sphere(6, 3, 71);
        var net = TestData.Net(10, 3, 72, Activation.Erf);
        var s2 = GradientDescent.Step(new GdProblem(data, LossKind.Mean, Layers.Second, 0.0, 0.5), GradientDescent.Start(new GdProblem(data, LossKind.Mean, Layers.Second, 0.0, 0.5), net));
        Assert.Equal(net.W, s2.Net.W);
        var g = Gradients.Of(net, data, LossKind.Mean);
        Assert.Equal(net.A.AddScaled(-0.5, g.A), s2.Net.A);
        var pb = new GdProblem(data, LossKind.Mean, Layers.Both, 0.3, 0.7);
        var sb = GradientDescent.Step(pb, GradientDescent.Start(pb, net));
        Assert.Equal(net.W.AddScaled(-0.3, g.W), sb.Net.W);
        Assert.Equal(net.A.AddScaled(-0.7, g.A), sb.Net.A);
    }

    [Fact]
    public void SymmetricInitialisationGivesTheZeroFunction()
    {
        var net = Initialization.Net(InitScheme.Symmetric, 20, 4, 5, Activation.Erf, OutputScaling.Ntk, true);
        var x = Datasets.Inputs(InputDistribution.Gaussian, 10, 4, 6);
        // exactly zero in exact arithmetic; the paired terms are summed in different lanes, so within m·ε·Σ|a_r φ|
        var f = Forward.Of(net, x);
        for (int i = 0; i < 10; i++)
        {
            double mass = 0;
            for (int r = 0; r < 20; r++)
                mass += Math.Abs(f.Values[i * 20 + r]);
            Assert.InRange(f.U[i], -20 * Tolerance.Epsilon * mass / Math.Sqrt(20), 20 * Tolerance.Epsilon * mass / Math.Sqrt(20));
        }
        var unpaired = Initialization.Net(InitScheme.Dzps, 20, 4, 5, Activation.Erf, OutputScaling.Ntk, true);
        Assert.True(unpaired.Predict(x).NormInf() > 1e-3);
        Assert.Throws<ArgumentException>(() => Initialization.Draw(InitScheme.Symmetric, 5, 3, 1));
    }

    [Fact]
    public void InitialisationSchemesHaveTheirStatedLaws()
    {
        var (_, a0) = Initialization.Draw(InitScheme.WuKernel, 50, 6, 1);
        Assert.All(a0, v => Assert.Equal(0.0, v));
        var (wk, _) = Initialization.Draw(InitScheme.WuKernel, 50, 6, 1);
        for (int r = 0; r < 50; r++)
            Assert.InRange(Math.Sqrt(Blas.Dot(wk.Row(r), wk.Row(r))), 1 - 1e-14, 1 + 1e-14);
        var (_, ad) = Initialization.Draw(InitScheme.Dzps, 50, 6, 1);
        Assert.All(ad, v => Assert.True(v == 1.0 || v == -1.0));
        // balanced: Σ a_r² ~ (1/m)χ²_m has mean 1 and sd √(2/m); 6 sd band
        int m = 2000, d = 5;
        var (wb, ab) = Initialization.Draw(InitScheme.Balanced, m, d, 2);
        Assert.InRange(ab.NormSquared(), 1 - 6 * Math.Sqrt(2.0 / m), 1 + 6 * Math.Sqrt(2.0 / m));
        Assert.InRange(wb.FrobeniusNorm() * wb.FrobeniusNorm(), 1 - 6 * Math.Sqrt(2.0 / (m * d)), 1 + 6 * Math.Sqrt(2.0 / (m * d)));
    }

    private static Vec Exact(Mat a, Vec y0, double t) => SymmetricEigen.Of(a).Apply(l => Math.Exp(t * l), y0);

    [Fact]
    public void Rk4HasObservedOrderFourOnALinearOde()
    {
        var a = Mat.FromRows([-1.0, 0.5, 0.0], [0.5, -2.0, 0.3], [0.0, 0.3, -0.5]);
        Rhs f = (_, y) => a * y;
        var y0 = Vec.Of(1, -1, 0.5);
        var exact = Exact(a, y0, 2.0);
        double Err(double h) => (Ode.Fixed(f, y0, 2.0, h).States[^1] - exact).NormInf();
        foreach (var h in new[] { 0.2, 0.1, 0.05 })
        {
            double order = Math.Log2(Err(h) / Err(h / 2));
            Assert.InRange(order, 3.6, 4.4);
        }
        double eulerOrder = Math.Log2((Ode.Fixed(f, y0, 2.0, 0.01, Tableau.Euler).States[^1] - exact).NormInf()
            / (Ode.Fixed(f, y0, 2.0, 0.005, Tableau.Euler).States[^1] - exact).NormInf());
        Assert.InRange(eulerOrder, 0.8, 1.2);
    }

    [Fact]
    public void UnrolledRk4EqualsTheTableauReference()
    {
        var data = TestData.Sphere(5, 3, 81);
        var net = TestData.Net(12, 3, 82, Activation.Softplus);
        var rhs = GradientFlow.Rhs(net, data, LossKind.Sum, Layers.Both);
        var theta = net.Flatten();
        var a = Rk4.Step(rhs, 0, theta, 0.05);
        var b = ExplicitRk.Step(Tableau.Rk4, rhs, 0, theta, 0.05);
        Assert.True(Tolerance.ForOperations(16, theta.NormInf()).Close(a, b));
        var c = ExplicitRk.Step(Tableau.Rk38, rhs, 0, theta, 0.05);
        Assert.True((a - c).NormInf() < 1e-5); // another 4th-order method: agrees to O(h⁵)
    }

    [Fact]
    public void HalvingModeReachesTheRequestedTolerance()
    {
        var a = Mat.FromRows([-3.0, 1.0], [1.0, -2.0]);
        Rhs f = (_, y) => a * y;
        var y0 = Vec.Of(1, 2);
        var sol = Ode.Halving(f, y0, 1.0, 0.5, 1e-9);
        Assert.True(sol.Halvings >= 1);
        Assert.True(sol.EstimatedError <= 1e-9 * 3);
        Assert.True((sol.States[^1] - Exact(a, y0, 1.0)).NormInf() <= 1e-9 * 3);
        Assert.Throws<InvalidOperationException>(() => Ode.Halving(f, y0, 1.0, 0.5, 1e-30, maxHalvings: 3));
    }

    [Fact]
    public void GdApproachesGradientFlowWithAnOrderEtaGap()
    {
        var data = TestData.Sphere(6, 3, 91);
        var net = TestData.Net(20, 3, 92, Activation.Tanh);
        double time = 0.5;
        var rhs = GradientFlow.Rhs(net, data, LossKind.Sum, Layers.First);
        var flow = Ode.Fixed(rhs, net.Flatten(), time, 1e-3).States[^1];
        var flowNet = net.WithParameters(flow.Span);
        var etas = new[] { 0.02, 0.01, 0.005, 0.0025 };
        var gaps = new List<double>();
        foreach (var eta in etas)
        {
            var p = GdProblem.FirstLayer(data, LossKind.Sum, eta);
            var s = GradientDescent.Start(p, net);
            for (int k = 0; k < (int)Math.Round(time / eta); k++)
                s = GradientDescent.Step(p, s);
            gaps.Add((s.Net.W - flowNet.W).MaxAbs());
        }
        // least-squares slope of log gap on log η
        var lx = etas.Select(v => Math.Log(v)).ToArray();
        var ly = gaps.Select(v => Math.Log(v)).ToArray();
        double mx = lx.Average(), my = ly.Average();
        double slope = lx.Zip(ly).Sum(p => (p.First - mx) * (p.Second - my)) / lx.Sum(v => (v - mx) * (v - mx));
        Assert.InRange(slope, 0.9, 1.1);
    }

    [Fact]
    public void LinearClosedFormEqualsIteratedStepsAndLinearisedGd()
    {
        var data = TestData.Sphere(8, 3, 101);
        var net = TestData.Net(30, 3, 102, Activation.Erf);
        foreach (var (loss, layers) in new[] { (LossKind.Sum, Layers.First), (LossKind.Mean, Layers.Both), (LossKind.Mean, Layers.Second) })
        {
            double eta1 = 0.2, eta2 = 0.1;
            var k = EmpiricalNtk.Weighted(net, data.X, layers, eta1, eta2);
            var u0 = net.Predict(data.X);
            double n = 1 / loss.Factor(data.N);
            var closed = LinearDynamics.Discrete(k, data.Y, u0, 1.0, n);
            var model = LinearizedModel.At(net, data, loss, layers);
            var s = LinearizedGd.Start(model);
            for (int t = 1; t <= 25; t++)
            {
                s = LinearizedGd.Step(model, layers.TrainsFirst() ? eta1 : 0, layers.TrainsSecond() ? eta2 : 0, s);
                var viaClosed = closed.At(t);
                var viaIterate = LinearDynamics.Iterate(k, data.Y, u0, 1.0, n, t);
                double scale = data.Y.NormInf() + u0.NormInf();
                var tol = Tolerance.ForOperations(t * data.N * net.ParameterCount, scale);
                Assert.True(tol.Close(viaClosed, viaIterate), $"{loss} {layers} t={t}: closed vs iterate");
                Assert.True(tol.Close(s.U, viaIterate), $"{loss} {layers} t={t}: linearised GD vs iterate");
            }
        }
    }

    [Fact]
    public void ContinuousClosedFormSolvesTheLinearOde()
    {
        var data = TestData.Sphere(6, 3, 111);
        var net = TestData.Net(25, 3, 112);
        var k = EmpiricalNtk.FirstLayer(net, data.X);
        var u0 = net.Predict(data.X);
        var c = LinearDynamics.Continuous(k, data.Y, u0, 1.0);
        Rhs f = (_, u) => -1.0 * (k * (u - data.Y));
        var ode = Ode.Fixed(f, u0, 2.0, 0.01).States[^1];
        Assert.True((ode - c.At(2.0)).NormInf() < 1e-9);
        Assert.Equal(u0, c.At(0.0), new VecComparer(1e-12));
    }

    private sealed class VecComparer(double tol) : IEqualityComparer<Vec>
    {
        public bool Equals(Vec? x, Vec? y) => x is not null && y is not null && (x - y).NormInf() <= tol;

        public int GetHashCode(Vec obj) => 0;
    }

    [Fact]
    public void TrainingRecordsTrajectoriesAndStopsDivergence()
    {
        var data = TestData.Sphere(10, 4, 121);
        var net = TestData.Net(64, 4, 122);
        var spec = new TrainingSpec(data, net, LossKind.Sum, Layers.First, 0.05, 0, 30, 1.0, 0.05, RecordLambdaMin: true);
        var gd = Training.Run(spec, Method.Gd);
        Assert.Null(gd.Stopped);
        Assert.Equal(31, gd.Points.Count);
        Assert.True(gd.Points[^1].Loss < gd.Points[0].Loss);
        Assert.Equal(0.0, gd.Points[0].MaxWeightMove);
        Assert.Equal(0.0, gd.Points[0].PatternChangeFraction);
        Assert.True(gd.Points[^1].MaxWeightMove > 0);
        Assert.True(gd.Points[0].LambdaMin > 0);
        var lin = Training.Run(spec, Method.Linear);
        Assert.Null(lin.Points[^1].MaxWeightMove);
        Assert.Equal(gd.Points[0].Loss, lin.Points[0].Loss, 12);
        // far past the stable bound the run stops with the bound in the message
        double bound = Training.StableStepBound(spec);
        var bad = Training.Run(spec with { Eta1 = 20 * bound, Steps = 500 }, Method.Gd);
        Assert.NotNull(bad.Stopped);
        Assert.Contains("stable step-size bound", bad.Stopped);
        Assert.All(bad.Points, p => Assert.True(double.IsFinite(p.Loss) || p == bad.Points[^1]));
    }
}
