using Xunit;
using NtkPure.Boolean;
using NtkPure.Numerics;

namespace NtkPure.Tests.Boolean;

public class CubeTests
{
    [Fact]
    public void PointsCarryTheBitsOfTheirIndexInBothEncodings()
    {
        var x01 = Cube.All(3, CubeDomain.ZeroOne);
        var xpm = Cube.All(3, CubeDomain.PlusMinus, bias: true);
        Assert.Equal(8, x01.Rows);
        Assert.Equal(4, xpm.Cols);
        for (int i = 0; i < 8; i++)
            for (int j = 0; j < 3; j++)
            {
                double bit = (i >> j) & 1;
                Assert.Equal(bit, x01[i, j]);
                Assert.Equal(1 - 2 * bit, xpm[i, j]);
                Assert.Equal(1.0, xpm[i, 3]);
            }
        Assert.Equal(5UL, Parity.IndexOf(x01.Row(5), CubeDomain.ZeroOne));
        Assert.Equal(6UL, Parity.IndexOf(Cube.Points(3, CubeDomain.PlusMinus, 6, 1).Row(0), CubeDomain.PlusMinus));
    }

    [Fact]
    public void ExactMeansOfPolynomialsMatchTheirClosedForms()
    {
        // E[(Σ_j x_j)²] = d/4 + d²/4 on {0,1}^d, = d on {−1,1}^d; chunks cross the 4096-point boundary at d = 13
        foreach (int d in new[] { 1, 5, 13 })
        {
            Vec SquareOfSum(Mat x) => Vec.Create(x.Rows, i =>
            {
                double s = 0;
                foreach (var v in x.Row(i))
                    s += v;
                return s * s;
            });
            var e01 = Cube.Mean(d, CubeDomain.ZeroOne, SquareOfSum);
            var epm = Cube.Mean(d, CubeDomain.PlusMinus, SquareOfSum);
            Assert.True(e01.Exact);
            Assert.True(Math.Abs(e01.Mean - (d / 4.0 + d * d / 4.0)) <= e01.HalfWidth + 1e-15 * d * d);
            Assert.True(Math.Abs(epm.Mean - d) <= epm.HalfWidth + 1e-15 * d * d);
        }
    }

    [Fact]
    public void MonteCarloIsSeededAndItsHoeffdingIntervalCoversTheExactMean()
    {
        static Vec FirstTwo(Mat x) => Vec.Create(x.Rows, i => x[i, 0] * x[i, 1]);
        var exact = Cube.Mean(10, CubeDomain.ZeroOne, FirstTwo);
        Assert.Equal(0.25, exact.Mean);
        var mc = Cube.MonteCarloMean(10, CubeDomain.ZeroOne, FirstTwo, 0, 1, 20000, 7, 0.999);
        Assert.True(mc.Contains(exact.Mean));
        Assert.Equal(mc, Cube.MonteCarloMean(10, CubeDomain.ZeroOne, FirstTwo, 0, 1, 20000, 7, 0.999));
        Assert.NotEqual(mc.Mean, Cube.MonteCarloMean(10, CubeDomain.ZeroOne, FirstTwo, 0, 1, 20000, 8, 0.999).Mean);
        // beyond the exact limit Expectation switches to Monte Carlo, here at d = 40 with the same function
        var far = Cube.Expectation(40, CubeDomain.ZeroOne, FirstTwo, 0, 1, seed: 3, samples: 20000);
        Assert.False(far.Exact);
        Assert.True(far.Contains(0.25));
        Assert.Equal(1 * Math.Sqrt(Math.Log(2 / 0.001) / (2.0 * 20000)), far.HalfWidth, 12);
    }

    [Fact]
    public void BadArgumentsAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Cube.Mean(21, CubeDomain.ZeroOne, x => Vec.Zeros(x.Rows)));
        Assert.Throws<ArgumentException>(() => Cube.MonteCarloMean(5, CubeDomain.ZeroOne, x => Vec.Constant(x.Rows, 2), 0, 1, 10, 1, 0.9));
        Assert.Throws<ArgumentException>(() => Cube.Mean(3, CubeDomain.ZeroOne, x => Vec.Zeros(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Cube.Points(3, CubeDomain.ZeroOne, 6, 3));
        Assert.Throws<ArgumentException>(() => Parity.IndexOf([0.5, 1.0], CubeDomain.ZeroOne));
    }
}
