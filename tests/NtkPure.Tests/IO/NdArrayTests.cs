using NtkPure.Cli.IO;
using Xunit;

namespace NtkPure.Tests.IO;

public class NdArrayTests
{
    [Fact]
    public void Shape_must_match_data()
    {
        Assert.Throws<ArgumentException>(() => new NdArray([2, 2], new double[3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NdArray([-1], []));
        var a = new NdArray([2, 0, 5], []);
        Assert.Equal(3, a.Rank);
        Assert.Equal(0, a.Count);
        Assert.Equal("(2, 0, 5)", a.ShapeText);
        Assert.Equal("()", new NdArray([], [1]).ShapeText);
        Assert.Equal("(3,)", NdArray.Vector([1, 2, 3]).ShapeText);
    }

    [Fact]
    public void FirstNonFinite_gives_the_flat_index()
    {
        var m = NdArray.Matrix(2, 3, [1, 2, 3, 4, double.PositiveInfinity, double.NaN]);
        Assert.Equal(4, m.FirstNonFinite());
        Assert.Equal("[1, 1]", m.IndexText(4));
        Assert.Equal(-1, NdArray.Vector([1, -0.0, double.MaxValue]).FirstNonFinite());
    }
}
