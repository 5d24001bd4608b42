using Xunit;
using NtkPure.Dynamics;
using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Tests.Core;

/// <summary>The fused first-layer GD step against the unfused gradient, and what a step allocates.</summary>
public class FusedStepTests
{
    public static IEnumerable<object[]> Cases() =>
    [
        ["relu", LossKind.Sum, OutputScaling.Ntk, false],
        ["relu", LossKind.Mean, OutputScaling.MeanField, true],
        ["leaky", LossKind.Sum, OutputScaling.Ntk, true],
        ["identity", LossKind.Mean, OutputScaling.None, false],
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void FusedStepIsTheUnfusedStepBitForBit(string activation, LossKind loss, OutputScaling scaling, bool inputScaled)
    {
        // sizes that cross the GEMM's row blocks (m > 128), its panels (m not a multiple of 8) and the parallel threshold
        foreach (var (n, m, d) in new[] { (7, 13, 3), (37, 301, 9), (96, 2100, 24) })
        {
            var data = TestData.Sphere(n, d, 5);
            var net = TestData.NetGaussianA(m, d, 6, TestData.Parse(activation), scaling, inputScaled);
            var f = Forward.Of(net, data.X);
            var unfused = net.W.AddScaled(-0.3, Gradients.Of(net, data, loss, f, Layers.First).W);
            var fused = Gradients.FirstLayerStep(net, data, loss, f, 0.3);
            Assert.Equal(unfused.Span.ToArray(), fused.Span.ToArray());
            var p = GdProblem.FirstLayer(data, loss, 0.3);
            Assert.Equal(unfused.Span.ToArray(), GradientDescent.Step(p, GradientDescent.Start(p, net)).Net.W.Span.ToArray());
        }
    }

    [Fact]
    public void FusedStepAgreesWithTheLiteralAlgorithm1()
    {
        var data = TestData.Sphere(9, 4, 7);
        var net = TestData.Net(33, 4, 8);
        var literal = GradientDescent.Algorithm1Step(net, data, LossKind.Sum, 0.2);
        var fused = Gradients.FirstLayerStep(net, data, LossKind.Sum, Forward.Of(net, data.X), 0.2);
        // both sum n products per entry of the gradient and one update: error ≤ c·n·ε·(|w| + η·Σ|terms|)
        double tol = 8 * 9 * Tolerance.Epsilon * (1 + net.W.Span.ToArray().Max(Math.Abs));
        for (int k = 0; k < 33 * 4; k++)
            Assert.True(Math.Abs(literal.W.Span[k] - fused.Span[k]) <= tol, $"entry {k}: {literal.W.Span[k]:R} vs {fused.Span[k]:R}");
    }

    [Fact]
    public void AStepAllocatesTheNewWeightsThePatternAndOrderN()
    {
        // below the parallel thresholds, so every allocation happens on this thread
        int n = 16, m = 512, d = 32;
        var data = TestData.Sphere(n, d, 9);
        var net = TestData.Net(m, d, 10);
        var p = GdProblem.FirstLayer(data, LossKind.Sum, 0.1);
        var s = GradientDescent.Step(p, GradientDescent.Start(p, net)); // warms the pools
        long before = GC.GetAllocatedBytesForCurrentThread();
        s = GradientDescent.Step(p, s);
        long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        long weights = 8L * m * d, pattern = 8L * n * ((m + 63) / 64);
        // the new W, the sign bits of the new forward pass, O(n) vectors and a few small objects; a second m·d
        // buffer (the gradient) would add 128 KiB
        Assert.True(bytes <= weights + pattern + 64L * n + 4096, $"a step allocated {bytes} bytes; W is {weights}");
        Assert.True(bytes >= weights, "the new W is a fresh array");
    }
}
