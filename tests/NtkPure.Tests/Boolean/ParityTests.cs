using Xunit;
using NtkPure.Boolean;
using NtkPure.Numerics;

namespace NtkPure.Tests.Boolean;

public class ParityTests
{
    [Fact]
    public void ParityIsTheSameFunctionInBothEncodings()
    {
        var rng = new Rng(11);
        for (int trial = 0; trial < 200; trial++)
        {
            int d = 1 + rng.NextInt(20);
            ulong v = Cube.RandomIndex(ref rng, d), x = Cube.RandomIndex(ref rng, d);
            var b = new double[d];
            var s = new double[d];
            Cube.Fill(x, d, CubeDomain.ZeroOne, b);
            Cube.Fill(x, d, CubeDomain.PlusMinus, s);
            double sum = 0, prod = 1;
            for (int j = 0; j < d; j++)
                if (((v >> j) & 1) == 1)
                {
                    sum += b[j];
                    prod *= s[j];
                }
            double expected = sum % 2 == 0 ? 1 : -1;
            Assert.Equal(expected, Parity.Value(v, x));
            Assert.Equal(expected, Parity.Of(v, b, CubeDomain.ZeroOne));
            Assert.Equal(expected, prod);
            Assert.Equal(expected, Parity.Of(v, s, CubeDomain.PlusMinus));
        }
    }

    [Fact]
    public void InnerProductsByEnumerationAreExactlyKroneckerDeltas()
    {
        for (int d = 0; d <= 6; d++)
            for (ulong v = 0; v < 1UL << d; v++)
                for (ulong w = 0; w < 1UL << d; w++)
                    Assert.Equal(v == w ? 1.0 : 0.0, Parity.InnerProduct(d, v, w));
        Assert.Equal(0.0, Parity.InnerProduct(20, 0x12345, 0x54321));
        Assert.Equal(1.0, Parity.InnerProduct(20, 0xFFFFF, 0xFFFFF));
    }

    [Fact]
    public void TheStreamedInnerProductAllocatesNothing()
    {
        Parity.InnerProduct(16, 3, 5);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Parity.InnerProduct(18, 0x2AAAA, 0x15555);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1024);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(8)]
    public void TheGramMatrixIsTheIdentityBitForBit(int d)
    {
        Assert.Equal(Mat.Identity(1 << d), Parity.Gram(d));
    }

    [Fact]
    public void TheGenericClassGramAgreesWithTheBitCountingGram()
    {
        var rng = new Rng(5);
        int d = 7;
        var vs = new ulong[40];
        for (int i = 0; i < vs.Length; i++)
            vs[i] = Cube.RandomIndex(ref rng, d); // repeats allowed: their entries are 1 off the diagonal
        var generic = FunctionClass.Parities(d, vs).Gram();
        var counted = Parity.Gram(d, vs);
        Assert.Equal(counted, generic);
        // a broken parity that ignores the last coordinate is not orthonormal: f_v = f_{v ⊕ e_{d−1}}
        ulong mask = (1UL << (d - 1)) - 1;
        var broken = FunctionClass.Parities(d, [.. Enumerable.Range(0, 1 << d).Select(v => (ulong)v & mask)]).Gram();
        Assert.Equal(1.0, broken[0, 1 << (d - 1)]);
    }

    [Fact]
    public void MonteCarloInnerProductsAreSeededAndCoverTheTruthBeyondTheExactRange()
    {
        var a = Parity.InnerProductMonteCarlo(50, 0x3FF, 0x3FE, 20000, 9, 0.999999);
        Assert.Equal(a, Parity.InnerProductMonteCarlo(50, 0x3FF, 0x3FE, 20000, 9, 0.999999));
        Assert.True(a.Contains(0.0));
        Assert.Equal(1.0, Parity.InnerProductMonteCarlo(63, 0x7FFF_FFFF_FFFF_FFFF, 0x7FFF_FFFF_FFFF_FFFF, 1000, 1, 0.9).Mean);
        Assert.Throws<ArgumentException>(() => Parity.InnerProductMonteCarlo(4, 0x10, 0, 10, 1, 0.9));
    }

    [Fact]
    public void TheFullGramAtTheLimitIsTheIdentity()
    {
        if (Environment.GetEnvironmentVariable("NTK_LONG") != "1")
            return; // 4096×4096 (128 MB), a few seconds: long runs only
        var g = Parity.Gram(Parity.GramLimit);
        for (int i = 0; i < g.Rows; i++)
            for (int j = 0; j < g.Cols; j++)
                Assert.Equal(i == j ? 1.0 : 0.0, g[i, j]);
    }
}
