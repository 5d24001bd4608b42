using Xunit;
using NtkPure.Dynamics;
using NtkPure.Kernels;
using NtkPure.Model;
using NtkPure.Numerics;
using NtkPure.Tests.Core;

namespace NtkPure.Tests.Dynamics;

/// <summary>What each training method records: times, diagnostics, the info it reports and how it stops.</summary>
public class TrainingMutationTests
{
    private static readonly Dataset Data = TestData.Sphere(6, 3, 151);
    private static readonly TwoLayerNet Net = TestData.NetGaussianA(24, 3, 152, Activation.Tanh);

    private static TrainingSpec Spec(Layers layers, double eta1, double eta2, int steps = 4) =>
        new(Data, Net, LossKind.Mean, layers, eta1, eta2, steps, 0.5, 0.125);

    [Fact]
    public void DiscreteMethodsRecordTimeAsStepsTimesTheTrainedLayersStepSize()
    {
        foreach (var method in new[] { Method.Gd, Method.Linear, Method.Linearized })
        {
            var second = Training.Run(Spec(Layers.Second, 0.0, 0.3), method);
            Assert.Equal(5, second.Points.Count);
            for (int k = 0; k < 5; k++)
            {
                Assert.Equal(k, second.Points[k].Step);
                Assert.Equal(k * 0.3, second.Points[k].Time, 15);
            }
            var first = Training.Run(Spec(Layers.First, 0.2, 0.0), method);
            Assert.Equal(4 * 0.2, first.Points[^1].Time, 15);
            Assert.Equal(method, first.Method);
            Assert.Null(first.Stopped);
            Assert.True(first.Points[^1].Loss < first.Points[0].Loss, $"{method}: the loss decreases at a small step");
            // the second-layer run moves no first-layer weight and flips no pattern
            if (method != Method.Linear)
            {
                Assert.Equal(0.0, second.Points[^1].MaxWeightMove);
                Assert.Equal(0.0, second.Points[^1].PatternChangeFraction);
                Assert.True(first.Points[^1].MaxWeightMove > 0);
                Assert.NotNull(first.Final);
                Assert.Equal(Net.A, first.Final!.A); // first-layer training leaves a
                Assert.Equal(Net.W, second.Final!.W);
            }
        }
    }

    [Fact]
    public void GdRecordsThePredictionsOfItsNetAndTheLossOfThosePredictions()
    {
        var run = Training.Run(Spec(Layers.Both, 0.2, 0.1), Method.Gd);
        Assert.Empty(run.Info);
        var final = run.Final!;
        var u = final.Predict(Data.X);
        Assert.Equal(u, run.Points[^1].U);
        Assert.Equal(Loss.Value(LossKind.Mean, u.Span, Data.Y.Span), run.Points[^1].Loss);
        // W moved by the largest row displacement, computed here from the nets themselves
        double best = 0;
        for (int r = 0; r < Net.Width; r++)
        {
            double s = 0;
            for (int k = 0; k < 3; k++)
                s += (final.W[r, k] - Net.W[r, k]) * (final.W[r, k] - Net.W[r, k]);
            best = Math.Max(best, Math.Sqrt(s));
        }
        Assert.Equal(best, run.Points[^1].MaxWeightMove!.Value, 14);
        Assert.Null(run.Points[^1].LambdaMin);
    }

    [Fact]
    public void LinearMethodReportsItsKernelAndContraction()
    {
        var spec = Spec(Layers.Both, 0.2, 0.1);
        var run = Training.Run(spec, Method.Linear);
        var k = EmpiricalNtk.Weighted(Net, Data.X, Layers.Both, 0.2, 0.1);
        var eig = SymmetricEigen.Of(k);
        double n = Data.N; // mean loss: u ← u − (1/n)·K_η(u − y)
        double contraction = 0;
        foreach (var l in eig.Values)
            contraction = Math.Max(contraction, Math.Abs(1 - l / n));
        Assert.Equal(contraction, run.Info["contraction_factor"], 12);
        Assert.Equal(eig.Min, run.Info["kernel_lambda_min"], 12);
        Assert.Equal(eig.Max, run.Info["kernel_lambda_max"], 12);
        Assert.Null(run.Final);
        Assert.All(run.Points, p => Assert.Null(p.PatternChangeFraction));
        Assert.All(run.Points, p => Assert.Null(p.LambdaMin));
        // one literal step of the function-space dynamics
        var u0 = Net.Predict(Data.X);
        var u1 = u0.AddScaled(-1.0 / n, k * (u0 - Data.Y));
        Assert.True(Tolerance.ForOperations(100, u0.NormInf() + 1).Close(u1, run.Points[1].U));
    }

    [Fact]
    public void FlowReportsItsGridAndHalvings()
    {
        var spec = Spec(Layers.First, 1.0, 0.0);
        var run = Training.Run(spec, Method.Flow);
        Assert.Equal(0.125, run.Info["step_size"]);
        Assert.Equal(0.0, run.Info["halvings"]);
        Assert.False(run.Info.ContainsKey("estimated_error"));
        Assert.Equal(5, run.Points.Count);
        Assert.Equal(0.5, run.Points[^1].Time);
        Assert.Equal(run.Final!.Predict(Data.X), run.Points[^1].U);
        var adaptive = Training.Run(spec with { FlowTolerance = 1e-6 }, Method.Flow);
        Assert.True(adaptive.Info["halvings"] >= 1);
        Assert.InRange(adaptive.Info["estimated_error"], 0, 1e-6 * (1 + 10));
        Assert.Equal(0.125 / Math.Pow(2, adaptive.Info["halvings"]), adaptive.Info["step_size"]);
        // the two solutions agree to the tolerance the adaptive one reached and the fixed grid's O(h⁴) error
        Assert.True((adaptive.Points[^1].U - run.Points[^1].U).NormInf() < 1e-4);
    }

    [Fact]
    public void FlowOnBothLayersRunsTheSecondLayerAtTheRatioOfTheSteps()
    {
        // over a short time T, Δa ≈ −T·(η₂/η₁)·∂L/∂a and ΔW ≈ −T·∂L/∂W, up to O(T²)
        double time = 1e-3, ratio = 3.0;
        var spec = new TrainingSpec(Data, Net, LossKind.Mean, Layers.Both, 0.1, 0.1 * ratio, 0, time, time);
        var run = Training.Run(spec, Method.Flow);
        var g = Gradients.Of(Net, Data, LossKind.Mean);
        var da = run.Final!.A - Net.A;
        var dw = run.Final.W - Net.W;
        for (int r = 0; r < Net.Width; r++)
            Assert.InRange(da[r], -time * ratio * g.A[r] - 1e-5, -time * ratio * g.A[r] + 1e-5);
        Assert.True((dw - (-time) * g.W).MaxAbs() < 1e-5);
        // with η₁ = 0 (not a rate) the second layer runs at rate 1
        var unit = Training.Run(spec with { Eta1 = 0.0 }, Method.Flow);
        var da1 = unit.Final!.A - Net.A;
        for (int r = 0; r < Net.Width; r++)
            Assert.InRange(da1[r], -time * g.A[r] - 1e-5, -time * g.A[r] + 1e-5);
    }

    [Fact]
    public void DivergenceIsNamedAndNothingNonFiniteIsKept()
    {
        var spec = Spec(Layers.First, 1.0, 0.0, steps: 200);
        double bound = Training.StableStepBound(spec);
        // the linear model with a step 3× the bound grows geometrically but stays finite: it passes 10⁶·L₀
        var grew = Training.Run(spec with { Eta1 = 3 * bound }, Method.Linear);
        Assert.NotNull(grew.Stopped);
        Assert.Contains("the loss grew more than 1000000-fold", grew.Stopped);
        Assert.Contains(FormattableString.Invariant($"η < {bound:G6}"), grew.Stopped);
        // the finite point that crossed the threshold is kept and named; the one before it had not crossed
        int stop = grew.Points.Count - 1;
        Assert.Equal(stop, grew.Points[^1].Step);
        Assert.StartsWith($"stopped at step {stop}: ", grew.Stopped);
        Assert.True(grew.Points[^1].Loss > 1e6 * grew.Points[0].Loss);
        Assert.True(grew.Points[^2].Loss <= 1e6 * grew.Points[0].Loss);
        Assert.True(stop > 2);
        // a ReLU net with a step so large that the first update overflows (tanh would saturate instead)
        var relu = spec with { Net0 = TestData.Net(24, 3, 153) };
        var blew = Training.Run(relu with { Eta1 = 1e300 }, Method.Gd);
        Assert.Single(blew.Points);
        Assert.Contains("stopped at step 1: the loss became non-finite", blew.Stopped);
        Assert.Null(blew.Final);
        var blewLinearized = Training.Run(relu with { Eta1 = 1e300 }, Method.Linearized);
        Assert.Single(blewLinearized.Points);
        Assert.Null(blewLinearized.Final);
        Assert.NotNull(blewLinearized.Stopped);
    }

    [Fact]
    public void AnInitialLossThatIsNotFiniteStopsEveryMethodWithoutAPoint()
    {
        var y = Data.Y.ToArray();
        y[2] = double.NaN;
        var spec = Spec(Layers.First, 0.1, 0.0) with { Data = Data with { Y = Vec.Of(y) } };
        foreach (var method in new[] { Method.Gd, Method.Flow, Method.Linear, Method.Linearized })
        {
            var run = Training.Run(spec, method);
            Assert.Equal("the initial loss is not finite", run.Stopped);
            Assert.Empty(run.Points);
            Assert.Null(run.Final);
        }
    }

    [Fact]
    public void LambdaMinIsRecordedForTheTrainedLayersKernel()
    {
        var spec = Spec(Layers.Second, 0.0, 0.3) with { RecordLambdaMin = true };
        var run = Training.Run(spec, Method.Gd);
        double expected = Spectral.MinEigenvalue(EmpiricalNtk.OfLayers(Net, Data.X, Layers.Second));
        Assert.Equal(expected, run.Points[0].LambdaMin!.Value, 12);
        // training only a leaves the first-layer weights, so the second-layer kernel φ(Z)φ(Z)ᵀ is unchanged
        Assert.Equal(expected, run.Points[^1].LambdaMin!.Value, 12);
    }

    [Fact]
    public void ProgressReportsEveryStep()
    {
        foreach (var method in new[] { Method.Gd, Method.Linear, Method.Linearized })
        {
            var seen = new List<(int, int)>();
            Training.Run(Spec(Layers.First, 0.1, 0.0, steps: 3), method, (k, n) => seen.Add((k, n)));
            // the linear method also reports its starting point
            var expected = method == Method.Linear ? new[] { (0, 3), (1, 3), (2, 3), (3, 3) } : new[] { (1, 3), (2, 3), (3, 3) };
            Assert.Equal(expected, seen);
        }
    }
}
