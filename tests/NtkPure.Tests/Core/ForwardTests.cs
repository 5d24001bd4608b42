using NtkPure.Model;
using NtkPure.Numerics;
using Xunit;

namespace NtkPure.Tests.Core;

public class ForwardTests
{
    [Theory]
    [InlineData("relu", 37, 5, 3000)]
    [InlineData("leaky", 70, 9, 1100)]
    [InlineData("identity", 5, 3, 77)]
    [InlineData("relu", 1, 1, 1)]
    public void FusedForwardEqualsTheMaterialisedOneBitForBit(string act, int n, int d, int m)
    {
        var x = Datasets.Inputs(InputDistribution.Gaussian, n, d, 1);
        var net = TestData.NetGaussianA(m, d, 2, TestData.Parse(act), OutputScaling.Ntk, inputScaled: true);
        var fused = Forward.Fused(net, x);
        var eager = Forward.Eager(net, x);
        Assert.Equal(eager.U, fused.U);
        Assert.Equal(eager.PreActivations.ToArray(), fused.PreActivations.ToArray());
        Assert.Equal(eager.Pattern.ToArray(), fused.Pattern.ToArray());
        Assert.Equal(eager.Derivatives.ToArray(), fused.Derivatives.ToArray());
        Assert.Equal(eager.Values.ToArray(), fused.Values.ToArray());
        // the pattern is 1{z ≥ 0}, bit r of row i, and the padding bits are zero
        var z = eager.PreActivations;
        int words = fused.WordsPerRow;
        for (int i = 0; i < n; i++)
            for (int r = 0; r < words * 64; r++)
            {
                bool bit = ((fused.Pattern[i * words + (r >> 6)] >> (r & 63)) & 1) != 0;
                Assert.Equal(r < m && z[i * m + r] >= 0, bit);
            }
    }

    [Fact]
    public void PiecewiseLinearDotEqualsDotOfTheMaterialisedActivation()
    {
        var rng = new Rng(3);
        foreach (int len in new[] { 0, 1, 3, 4, 5, 63, 64, 65, 200 })
            foreach (double slope in new[] { 0.0, 0.1, 1.0 })
            {
                var z = new double[len];
                var a = new double[len];
                rng.FillGaussian(z);
                rng.FillGaussian(a);
                if (len > 2)
                    z[1] = 0.0; // the kink: φ(0) = 0 and the sign bit is set (1{z ≥ 0})
                var phi = z.Select(v => v >= 0 ? v : slope == 0 ? 0.0 : slope * v).ToArray();
                var signs = new ulong[2 + len / 64];
                double fused = Blas.PiecewiseLinearDotAndSigns(z, a, slope, signs, 64);
                Assert.Equal(Blas.Dot(phi, a), fused);
                for (int j = 0; j < len; j++)
                    Assert.Equal(z[j] >= 0, ((signs[(64 + j) >> 6] >> ((64 + j) & 63)) & 1) != 0);
                Assert.Equal(0UL, signs[0]);
            }
    }
}
