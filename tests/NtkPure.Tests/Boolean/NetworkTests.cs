using Xunit;
using NtkPure.Boolean;
using NtkPure.Claims;
using NtkPure.Numerics;

namespace NtkPure.Tests.Boolean;

public class NetworkTests
{
    [Fact]
    public void TwoReluStepIsTheStepFunctionExactlyWhereTheSeedSaysAndNotInside()
    {
        var net = Networks.StepFromRelu();
        Assert.Equal(5.0, Networks.PathNorm(net));
        foreach (double z in new[] { 0.5, 0.75, 1, 2.5, 1e9, -0.5, -0.75, -3, -1e9 })
            Assert.Equal(Networks.Step(z), Networks.At(net, z));
        // 0 < z < ½ is why the hypothesis |z| ≥ ½ is there: there the ramp 2z is neither 0 nor 1
        Assert.Equal(0.5, Networks.At(net, 0.25));
        Assert.Equal(1.0, Networks.Step(0.25));
        Assert.Equal(0.0, Networks.At(net, 0.0));
        Assert.Equal(1.0, Networks.Step(0.0));
    }

    [Fact]
    public void HalfspaceNetworkIsTheSeedsFormulaOnEveryPoint()
    {
        for (ulong seed = 0; seed < 20; seed++)
        {
            var hs = WuBooleanClaims.Halfspaces(seed);
            int d = hs[0].Dimension, k = hs.Count;
            var net = HalfspaceIntersection.Network(hs);
            var u = net.Predict(Cube.All(d, CubeDomain.PlusMinus, bias: true));
            for (ulong x = 0; x < (ulong)u.Length; x++)
            {
                double sum = 0;
                foreach (var h in hs)
                    sum += h.Indicator(x);
                double g = (sum - k + 1.0 / 3) / (2 * k); // the blue parts replaced by σ_step(c_i)
                Assert.Equal(g, u[(int)x], 12);
                Assert.Equal(HalfspaceIntersection.Intersection(hs, x), Math.Sign(u[(int)x]));
            }
        }
    }

    [Fact]
    public void TheSignIdentityNeedsOnlyIntegerWeights()
    {
        var rng = new Rng(3);
        for (int trial = 0; trial < 30; trial++)
        {
            int d = 1 + rng.NextInt(8), k = 1 + rng.NextInt(5);
            var hs = Enumerable.Range(0, k).Select(_ => new Halfspace([.. Enumerable.Range(0, d).Select(_ => rng.NextInt(9) - 4)], rng.NextInt(9) - 4)).ToArray();
            var u = HalfspaceIntersection.Network(hs).Predict(Cube.All(d, CubeDomain.PlusMinus, bias: true));
            for (int x = 0; x < u.Length; x++)
                Assert.Equal(HalfspaceIntersection.Intersection(hs, (ulong)x), Math.Sign(u[x]));
            // for negative biases |2b + 1| + |2b + 2| ≤ 4|b| + 3 still bounds the two neurons
            Assert.True(Networks.PathNorm(HalfspaceIntersection.Network(hs)) <= HalfspaceIntersection.PathNormBound(hs) + 1e-12);
        }
    }

    [Fact]
    public void TheSeedsPathNormBoundFailsOnTheSmallestInstance()
    {
        // d = 1, k = 1, w = (1), b = 0: path norm (1/2)(|1/3 − 1| + (2 + 1) + (2 + 2)) = 23/6, the seed's bound (1/2)(4/3 + 2·(2 + 0 + ½) + 1) = 11/3
        Halfspace[] hs = [new([1], 0)];
        Assert.Equal(23.0 / 6, Networks.PathNorm(HalfspaceIntersection.Network(hs)), 14);
        Assert.Equal(11.0 / 3, HalfspaceIntersection.SeedPathNormBound(hs), 14);
        Assert.Equal(25.0 / 6, HalfspaceIntersection.PathNormBound(hs), 14);
    }

    [Fact]
    public void HatAndTriangleWaveTakeTheirValuesAtIntegers()
    {
        Assert.Equal(1.0, TriangleWave.Hat(0));
        Assert.Equal(0.5, TriangleWave.Hat(0.25));
        foreach (double z in new[] { 0.5, -0.5, 1, -1, 3.7, -2 })
            Assert.Equal(0.0, TriangleWave.Hat(z));
        for (int d = 0; d <= 8; d++)
            for (int s = 0; s <= d; s++)
                Assert.Equal(s % 2 == 0 ? 1.0 : -1.0, TriangleWave.Tri(s, d));
    }

    [Fact]
    public void ParityNetworkHasTheSeedsShapeAndTheClosedFormPathNorm()
    {
        for (int d = 1; d <= 6; d++)
            for (ulong v = 0; v < 1UL << d; v++)
            {
                var net = TriangleWave.ParityNetwork(d, v);
                Assert.Equal(3 * (d + 1), net.Width);
                Assert.Equal(d + 1, net.InputDim);
                Assert.Equal(TriangleWave.PathNormClosedForm(d, v), Networks.PathNorm(net));
                var u = net.Predict(Cube.All(d, CubeDomain.ZeroOne, bias: true));
                for (int x = 0; x < u.Length; x++)
                    Assert.Equal(Parity.Value(v, (ulong)x), u[x]);
            }
        // the worst v = 1…1 gives 12d(d+1) + 2 ≤ 26d² (d = 1), → 12d²
        Assert.Equal(12.0 * 63 * 64 + 2, Networks.PathNorm(TriangleWave.ParityNetwork(63, ulong.MaxValue >> 1)));
    }

    [Fact]
    public void CosineClassCountIsTheCentralBinomialCoefficient()
    {
        long[] known = [1, 2, 6, 20, 70, 252, 924];
        for (int d = 0; d < known.Length; d++)
            Assert.Equal(known[d], (long)CosineClass.Count(d));
        for (int d = 0; d <= 10; d++)
            Assert.Equal((long)CosineClass.Count(d), CosineClass.CountByEnumeration(d));
        // with ℕ = {1, 2, …} the only admissible w is (1, …, 1)
        for (int d = 1; d <= 10; d++)
            Assert.Equal(1, CosineClass.CountByEnumeration(d, minimumEntry: 1));
    }
}
