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
    [InlineData("relu", 8, 3, 512)]
    [InlineData("relu", 11, 3, 64 * 259 + 17)]
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

    [Theory]
    [InlineData(9, 64 * 8)]
    [InlineData(12, 64 * 31 * 8)]
    [InlineData(8, 64 * (31 * 8 * 2 + 8 + 5) - 3)]
    public void CountsEqualTheWordByWordPopcountEvenForSaturatedPatterns(int n, int m)
    {
        // random words, all-ones rows (the most a byte counter ever holds) and an empty row, against the plain loop
        int words = (m + 63) / 64;
        var rng = new Rng(11);
        var signs = new ulong[n * words];
        for (int i = 0; i < n; i++)
            for (int w = 0; w < words; w++)
            {
                ulong v = i switch { 0 => ulong.MaxValue, 1 => 0UL, _ => rng.NextULong() };
                if (w == words - 1 && m % 64 != 0)
                    v &= (1UL << (m % 64)) - 1; // padding bits are 0
                signs[i * words + w] = v;
            }
        var g = PatternGram.Of(signs, n, m, 1.0, 0.0);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                long c = 0;
                for (int w = 0; w < words; w++)
                    c += System.Numerics.BitOperations.PopCount(signs[i * words + w] & signs[j * words + w]);
                Assert.Equal(c, g[i * n + j]);
            }
        Assert.Equal(m, g[0]);
    }
}
