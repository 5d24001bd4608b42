using NtkPure.Kernels;
using NtkPure.Model;
using NtkPure.Numerics;
using Xunit;

namespace NtkPure.Tests.Core;

public class PatternGramTests
{
    [Theory]
    [InlineData("relu", 13, 4, 150)]
    [InlineData("relu", 64, 3, 640)]
    [InlineData("leaky", 9, 5, 70)]
    [InlineData("identity", 6, 2, 65)]
    public void PopcountGramEqualsTheFloatProductOfDerivatives(string act, int n, int d, int m)
    {
        var x = Datasets.Inputs(InputDistribution.Gaussian, n, d, 1);
        var net = TestData.Net(m, d, 2, TestData.Parse(act));
        var f = Forward.Of(net, x);
        var popcount = PatternGram.Of(f.Pattern, n, m, net.Activation.Derivative(1), net.Activation.Derivative(-1));
        var dphi = Mat.FromRowMajor(n, m, f.Derivatives);
        var expected = dphi.Gram();
        // ReLU: exact integers; leaky: a few roundings of terms of size m
        var tol = Tolerance.ForOperations(8, m);
        for (int k = 0; k < n * n; k++)
            Assert.True(tol.Close(expected.Span[k], popcount[k]), $"entry {k}: {expected.Span[k]} vs {popcount[k]}");
        if (act == "relu")
            Assert.Equal(expected.Span.ToArray(), popcount);
    }
}
