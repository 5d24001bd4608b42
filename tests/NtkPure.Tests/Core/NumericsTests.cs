using Xunit;
using NtkPure.Numerics;

namespace NtkPure.Tests.Core;

public class NumericsTests
{
    [Fact]
    public void DetLogAgreesWithTheLibraryLogToTwoUlps()
    {
        var rng = new Rng(1);
        for (int k = 0; k < 100_000; k++)
        {
            double x = Math.Pow(10, 60 * rng.NextDouble() - 30);
            double expected = Math.Log(x);
            double ulp = Math.BitIncrement(Math.Abs(expected)) - Math.Abs(expected);
            Assert.True(Math.Abs(DetMath.Log(x) - expected) <= 2 * ulp,
                $"log({x:R}) = {DetMath.Log(x):R}, library {expected:R}");
        }
        Assert.Equal(0.0, DetMath.Log(1.0));
        Assert.True(double.IsNegativeInfinity(DetMath.Log(0.0)));
        Assert.True(double.IsNaN(DetMath.Log(-1.0)));
        Assert.Equal(Math.Log(double.Epsilon), DetMath.Log(double.Epsilon), 12);
    }

    [Fact]
    public void SplitMixMatchesThePublishedReferenceSequence()
    {
        // SplitMix64 (Steele, Lea, Flood 2014) from state 0: the first output of the reference C code.
        Assert.Equal(0xE220A8397B1DCDAFUL, Rng.SplitMixFirst(0));
    }

    [Fact]
    public void GaussianStreamHasMeanZeroAndUnitVarianceWithinCltBounds()
    {
        // n = 200000 draws; |mean| ≤ z·1/√n and |var − 1| ≤ z·√2/√n with z = 5 (two-sided α ≈ 6e-7 each).
        const int n = 200_000;
        var rng = new Rng(Rng.Derive(7, "gaussian-test"));
        double s = 0, s2 = 0;
        for (int i = 0; i < n; i++)
        {
            double g = rng.NextGaussian();
            s += g;
            s2 += g * g;
        }
        double mean = s / n, variance = s2 / n - mean * mean;
        Assert.InRange(mean, -5 / Math.Sqrt(n), 5 / Math.Sqrt(n));
        Assert.InRange(variance - 1, -5 * Math.Sqrt(2.0 / n), 5 * Math.Sqrt(2.0 / n));
    }

    [Fact]
    public void SameSeedSameBitsDifferentLabelDifferentStream()
    {
        var a = new Rng(Rng.Derive(42, "x"));
        var b = new Rng(Rng.Derive(42, "x"));
        var c = new Rng(Rng.Derive(42, "y"));
        for (int i = 0; i < 100; i++)
        {
            ulong va = a.NextULong();
            Assert.Equal(va, b.NextULong());
            Assert.NotEqual(va, c.NextULong());
        }
    }

    [Fact]
    public void SpherePointsHaveUnitNorm()
    {
        var rng = new Rng(3);
        var p = new double[7];
        for (int i = 0; i < 100; i++)
        {
            rng.FillSphere(p);
            Assert.InRange(Math.Sqrt(p.Sum(v => v * v)), 1 - 4e-16 * 7, 1 + 4e-16 * 7);
        }
    }

    private static Mat Random(int r, int c, ulong seed)
    {
        var rng = new Rng(seed);
        var d = new double[r * c];
        rng.FillGaussian(d);
        return Mat.FromRowMajor(r, c, d);
    }

    private static double[,] Naive(Mat a, Mat b)
    {
        var c = new double[a.Rows, b.Cols];
        for (int i = 0; i < a.Rows; i++)
            for (int j = 0; j < b.Cols; j++)
            {
                double s = 0;
                for (int k = 0; k < a.Cols; k++)
                    s += a[i, k] * b[k, j];
                c[i, j] = s;
            }
        return c;
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 5, 7)]
    [InlineData(17, 9, 33)]
    [InlineData(70, 130, 40)]
    public void ProductsAgreeWithTheNaiveTripleLoop(int p, int k, int q)
    {
        var a = Random(p, k, 1);
        var b = Random(k, q, 2);
        var bt = b.Transpose();
        var at = a.Transpose();
        var expected = Naive(a, b);
        var products = new[] { a * b, a.MultiplyTransposed(bt), at.TransposeMultiply(b) };
        // Each entry is a sum of k products of N(0,1) numbers: error ≤ c·k·ε·Σ|a_il||b_lj|.
        foreach (var c in products)
            for (int i = 0; i < p; i++)
                for (int j = 0; j < q; j++)
                {
                    double scale = 0;
                    for (int l = 0; l < k; l++)
                        scale += Math.Abs(a[i, l] * b[l, j]);
                    Assert.True(Math.Abs(c[i, j] - expected[i, j]) <= 2 * k * Tolerance.Epsilon * scale + 1e-300);
                }
    }

    [Theory]
    [InlineData(97, 61, 83)]
    [InlineData(300, 64, 2100)]
    [InlineData(9, 700, 17)]
    public void EveryProductEntryIsTheSequentialFmaChainWhateverTheBlockingOrThreads(int p, int k, int q)
    {
        var a = Random(p, k, 3);
        var b = Random(q, k, 4);
        var c = a.MultiplyTransposed(b);
        for (int i = 0; i < p; i += Math.Max(1, p / 13))
            for (int j = 0; j < q; j += Math.Max(1, q / 17))
            {
                double s = 0;
                for (int l = 0; l < k; l++)
                    s = Math.FusedMultiplyAdd(a[i, l], b[j, l], s);
                Assert.Equal(s, c[i, j]);
            }
        Assert.Equal(RunOnOneThread(() => a.MultiplyTransposed(b)), c);
        var bt = Random(p, q, 5);
        Assert.Equal(RunOnOneThread(() => a.TransposeMultiply(bt)), a.TransposeMultiply(bt));
        var serial = new double[p * q];
        Gemm.Multiply(MatView.RowMajor(a.Span, p, k), MatView.Transposed(b.Span, q, k), serial, accumulate: false, parallel: false);
        Assert.Equal(c.Span.ToArray(), serial);
    }

    [Fact]
    public void AccumulatingProductContinuesTheChain()
    {
        var a = Random(20, 600, 6);
        var b = Random(600, 30, 7);
        var c = new double[20 * 30];
        // C = A[:, :300]·B[:300] then C += A[:, 300:]·B[300:] equals the single chain over all 600
        Gemm.Multiply(new MatView(a.Span, 20, 300, 600, 1), MatView.RowMajor(b.Span[..(300 * 30)], 300, 30), c, accumulate: false);
        Gemm.Multiply(new MatView(a.Span[300..], 20, 300, 600, 1), MatView.RowMajor(b.Span[(300 * 30)..], 300, 30), c, accumulate: true);
        Assert.Equal((a * b).Span.ToArray(), c);
    }

    private static T RunOnOneThread<T>(Func<T> f)
    {
        // A scheduler with one worker: Parallel.For then runs its fixed blocks one after another.
        var scheduler = new ConcurrentExclusiveSchedulerPair(TaskScheduler.Default, 1).ExclusiveScheduler;
        return Task.Factory.StartNew(f, CancellationToken.None, TaskCreationOptions.None, scheduler).GetAwaiter().GetResult();
    }

    [Fact]
    public void EigendecompositionReconstructsAndSortsAscending()
    {
        var b = Random(6, 6, 9);
        var a = b.Gram() + Mat.Identity(6);
        var e = SymmetricEigen.Of(a);
        for (int k = 1; k < 6; k++)
            Assert.True(e.Values[k - 1] <= e.Values[k]);
        var rebuilt = e.Vectors * Mat.Diagonal(e.Values) * e.Vectors.Transpose();
        double scale = e.Max;
        Assert.True(Tolerance.ForOperations(6 * 6 * 30, scale).Close(rebuilt, a));
        var x = Vec.Of(1, 2, 3, 4, 5, 6);
        Assert.True(Tolerance.ForOperations(6 * 30, scale * 21).Close(e.Apply(l => l, x), a * x));
    }

    [Fact]
    public void CholeskySolvesSpdSystems()
    {
        var b = Random(5, 5, 10);
        var a = b.Gram() + 0.5 * Mat.Identity(5);
        var l = Cholesky.Lower(a);
        Assert.True(Tolerance.ForOperations(50, a.MaxAbs()).Close(l.MultiplyTransposed(l), a));
        var rhs = Vec.Of(1, -2, 3, 0.5, 2);
        Assert.True(Tolerance.ForOperations(1e4, 10).Close(a * Cholesky.Solve(l, rhs), rhs));
        Assert.Throws<ArgumentException>(() => Cholesky.Lower(-1.0 * a));
    }

    [Fact]
    public void ToleranceTreatsNanAsDisagreement()
    {
        var t = new Tolerance(1e-12, 1e-12);
        Assert.False(t.Close(double.NaN, double.NaN));
        Assert.True(t.Close(1.0, 1.0 + 5e-13));
        Assert.False(t.Close(1.0, 1.0 + 1e-11));
    }
}
