using NtkPure.Claims;
using NtkPure.Dynamics;
using NtkPure.Experiments;
using NtkPure.Model;
using NtkPure.Numerics;
using Xunit;

namespace NtkPure.Tests.Core;

/// <summary>
/// The pieces wu's claims stand on, each computed two ways: the neuron-loop flow against the general gradient
/// flow, the objectives' gradients against finite differences and their minimisers and PL constants against
/// their definitions, and the random-feature model's closed forms against RK4 and literal GD.
/// </summary>
public class WuDynamicsTests
{
    [Theory]
    [MemberData(nameof(TestData.Activations), MemberType = typeof(TestData))]
    public void NeuronLoopFlowEqualsTheGeneralGradientFlow(string activation)
    {
        var act = TestData.Parse(activation);
        foreach (var (scaling, loss, seed) in new[] { (OutputScaling.None, LossKind.Sum, 1UL), (OutputScaling.Ntk, LossKind.Mean, 2UL), (OutputScaling.MeanField, LossKind.Sum, 3UL) })
        {
            var data = TestData.Sphere(5, 3, seed);
            var net = TestData.NetGaussianA(37, 3, seed, act, scaling, inputScaled: seed == 2);
            var theta = net.Flatten();
            var a = NeuronLoopFlow.Rhs(net, data, loss)(0, theta);
            var b = GradientFlow.Rhs(net, data, loss, Layers.Both)(0, theta);
            var tol = Tolerance.ForOperations(data.N * net.Width * 3.0, b.NormInf() + 1);
            Assert.True(tol.Close(a, b), $"{activation}, {scaling}, {loss}: max |Δ| = {(a - b).NormInf():G3}");
        }
    }

    public static IEnumerable<object[]> Families() =>
        Enumerable.Range(0, 24).Select(i => new object[] { (ulong)(1000 + i) });

    /// <summary>One objective per seed from the claims' own instance builder (all families), at its start.</summary>
    [Theory]
    [MemberData(nameof(Families))]
    public void ObjectiveGradientsMatchCentralDifferences(ulong seed)
    {
        var c = WuClaims.ClassicCase(seed, (WuClaims.Purpose)(seed % 4));
        var o = c.Objective;
        var theta = c.Theta0;
        var g = o.Gradient(theta);
        for (int k = 0; k < o.Dimension; k++)
        {
            double h = 1e-5 * Math.Max(1, Math.Abs(theta[k]));
            double Shift(double s)
            {
                var t = theta.ToArray();
                t[k] += s;
                return o.Value(Vec.Of(t));
            }
            double d1 = (Shift(h) - Shift(-h)) / (2 * h), d2 = (Shift(h / 2) - Shift(-h / 2)) / h;
            // Richardson: the two differences bound the truncation error; rounding is ε·|R|/h
            double tol = 2 * Math.Abs(d1 - d2) + 100 * Tolerance.Epsilon * (Math.Abs(o.Value(theta)) + 1) / h + 1e-9 * Math.Abs(g[k]);
            Assert.True(Math.Abs(g[k] - d2) <= tol, $"{o.Name}, coordinate {k}: ∇R = {g[k]:R}, difference {d2:R}");
        }
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void MinimisersAreStationaryAndPlConstantsHoldOnTheSublevelSet(ulong seed)
    {
        var c = WuClaims.ClassicCase(seed, (WuClaims.Purpose)(seed % 4));
        var o = c.Objective;
        if (o.NearestMinimizer is { } nearest)
        {
            var star = nearest(c.Theta0);
            Assert.True(o.Gradient(star).NormInf() < 1e-9 * (1 + o.Gradient(c.Theta0).NormInf()), $"{o.Name}: ∇R(θ*) = {o.Gradient(star).NormInf():G3}");
            Assert.True(Math.Abs(o.Excess(star)) <= 1e-9 * (1 + o.Excess(c.Theta0)));
        }
        // random points of the sublevel set {R ≤ R(θ₀)}: θ₀ pulled towards the minimiser or rescaled inwards
        var rng = new Rng(seed);
        double gap0 = o.Excess(c.Theta0);
        for (int trial = 0; trial < 40; trial++)
        {
            var centre = o.NearestMinimizer?.Invoke(c.Theta0) ?? Vec.Zeros(o.Dimension);
            var z = new double[o.Dimension];
            rng.FillGaussian(z);
            var theta = centre + rng.NextDouble() * (c.Theta0 - centre) + 0.1 * rng.NextDouble() * Vec.Of(z);
            double ex = o.Excess(theta);
            if (!(ex <= gap0))
                continue;
            double g = o.Gradient(theta).Norm2(), slack = 1e-9 * (g * g + ex) + 10 * o.ExcessError(theta);
            if (o.PlConstant is { } pl)
                Assert.True(g * g + slack >= pl(c.Theta0) * ex, $"{o.Name}: ‖∇R‖² = {g * g:G6} < C·(R − inf R) = {pl(c.Theta0) * ex:G6}");
            if (o.LinearPlConstant is { } lin)
                Assert.True(g + slack >= lin(c.Theta0) * ex, $"{o.Name}: ‖∇R‖ = {g:G6} < C·(R − inf R) = {lin(c.Theta0) * ex:G6}");
        }
    }

    [Fact]
    public void LeastSquaresInfimumAndNearestMinimiserAreExact()
    {
        // rank 1 in ℝ³: A = f gᵀ with f = (1, 2), g = (1, 0, 0); y = (1, 0). Then Py = f(fᵀy)/|f|² = (0.2, 0.4),
        // inf R = |y − Py|²/(2n) = 0.8/4 = 0.2, and the minimiser nearest θ₀ changes θ₀'s first coordinate only.
        var o = Objectives.LeastSquares(Mat.FromRows([1.0], [2.0]), Mat.FromRows([1.0, 0.0, 0.0]), Vec.Of(1.0, 0.0));
        Assert.Equal(0.2, o.Infimum, 14);
        var star = o.NearestMinimizer!(Vec.Of(5.0, -3.0, 7.0));
        Assert.Equal(0.2, star[0], 14);
        Assert.Equal(-3.0, star[1], 14);
        Assert.Equal(7.0, star[2], 14);
        Assert.Equal(0.0, o.Excess(star), 14);
        Assert.Equal(2 * 5.0 / 2, o.PlConstant!(Vec.Zeros(3)), 12); // 2σ₁²/n with σ₁² = |f|²|g|² = 5, n = 2
    }

    [Fact]
    public void RandomFeatureFlowMatchesRk4InParameterSpace()
    {
        foreach (var (n, d, m, c) in new[] { (4, 3, 30, 1.0), (6, 2, 3, 1.0 / 6), (3, 5, 100, 1.0) })
        {
            var data = TestData.Sphere(n, d, (ulong)(n * 31 + m));
            var model = new RandomFeatureModel(WuClaims.WuNet((ulong)m, m, d).W, Activation.Relu);
            var rf = new RandomFeatureTraining(model, data, c);
            double t = 3 / (c * rf.Eigen.Max);
            Rhs rhs = (_, a) => (-c) * rf.Phi.TransposeTimes(rf.Phi * a - data.Y);
            var sol = Ode.Halving(rhs, Vec.Zeros(m), t, 0.1 / (c * rf.Eigen.Max), 1e-12);
            var a = rf.Parameters(t);
            var tol = new Tolerance(100 * sol.EstimatedError + Tolerance.ForOperations(n * m * 4.0, a.NormInf() + 1).Absolute, 0);
            Assert.True(tol.Close(sol.States[^1], a), $"n = {n}, m = {m}: max |Δ| = {(sol.States[^1] - a).NormInf():G3}");
            // e(t) = Φã(t) − y and Lemma 14's representer form at the training inputs
            var u = rf.Phi * a;
            Assert.True(Tolerance.ForOperations(n * m * 8.0, 1 + u.NormInf()).Close(u - data.Y, rf.Residual(t)));
            Assert.True(Tolerance.ForOperations(n * m * 8.0, 1 + u.NormInf()).Close(u, model.Kernel(data.X, data.X).TransposeTimes(rf.RepresenterWeights(t))));
        }
    }

    [Fact]
    public void RandomFeatureGdClosedFormMatchesLiteralSteps()
    {
        var data = TestData.Sphere(5, 3, 9);
        var model = new RandomFeatureModel(WuClaims.WuNet(9, 40, 3).W, Activation.Relu);
        var rf = new RandomFeatureTraining(model, data, 1.0 / 5);
        double eta = 0.9 * 2 * 5 / rf.Eigen.Max; // close to the stability limit, where (1 − ηcλ) is near −1
        var a = Vec.Zeros(40);
        for (int k = 0; k <= 60; k++)
        {
            var closed = rf.GdParameters(k, eta);
            Assert.True(Tolerance.ForOperations((k + 1) * 5.0 * 40, a.NormInf() + 1).Close(a, closed), $"step {k}: max |Δ| = {(a - closed).NormInf():G3}");
            a = a.AddScaled(-eta / 5, rf.Phi.TransposeTimes(rf.Phi * a - data.Y));
        }
    }

    [Fact]
    public void ExpM1AndGeometricSumsKeepTheirDigitsNearZero()
    {
        foreach (var x in new[] { 1e-12, -3e-9, 1e-5, 0.2, -0.4, 0.7, 3.0 })
        {
            // the Taylor series to many terms as the reference
            double series = 0, term = 1;
            for (int k = 1; k < 40; k++)
            {
                term *= x / k;
                series += term;
            }
            Assert.True(Math.Abs(RandomFeatureTraining.ExpM1(x) - series) <= 4 * Tolerance.Epsilon * Math.Abs(series), $"expm1({x})");
        }
        // Σ_{s<k}(1 − q)^s summed literally in a loop, for q small enough that 1 − (1 − q)^k cancels
        foreach (var (q, k) in new[] { (1e-9, 1000), (1e-4, 50), (0.3, 20), (1.5, 9) })
        {
            double sum = 0, p = 1;
            for (int s = 0; s < k; s++)
            {
                sum += p;
                p *= 1 - q;
            }
            Assert.True(Math.Abs(RandomFeatureTraining.GeometricSum(q, k) - sum) <= 8 * k * Tolerance.Epsilon * Math.Abs(sum) + 1e-300, $"q = {q}, k = {k}");
        }
    }

    [Fact]
    public void TheExperimentIsAPureFunctionOfItsSettings()
    {
        var s = new NnVsRfmSettings(6, 10, [3, 20], [40, 20], 50, 7);
        var a = NnVsRfm.Run(s);
        var b = NnVsRfm.Run(s);
        Assert.Equal(a.Rows, b.Rows);
        Assert.Equal(a.Gaps, b.Gaps);
        Assert.All(a.Rows.Where(r => r.Step == 0), r => Assert.Equal(r.NnTest, r.RfmTest)); // both start at f ≡ 0
    }
}
