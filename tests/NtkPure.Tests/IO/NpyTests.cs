using NtkPure.Cli.IO;
using Xunit;
using static NtkPure.Tests.IO.IoAssert;

namespace NtkPure.Tests.IO;

public class NpyTests
{
    // The values make_fixtures.py writes, stated again so the check does not depend on our writer.
    internal static readonly double[] FixtureX =
    [
        0.5, -1.25, 2.0,
        3.0, 0.1, -0.125,
        1e-300, 1e300, 7.0,
        -2.5, 0.0, 123456.789,
    ];

    private static NdArray ReadBytes(byte[] bytes, string label = "a.npy") =>
        Npy.Read(new MemoryStream(bytes), label, null);

    private static InputException Rejects(byte[] bytes, string label = "a.npy") =>
        OneLine(Assert.Throws<InputException>(() => ReadBytes(bytes, label)), label);

    [Fact]
    public void Reads_numpy_fixture()
    {
        Equal([4, 3], FixtureX, Npy.ReadFile(FixturePath("fixture_f8.npy")));
    }

    [Fact]
    public void Writes_the_same_bytes_as_numpy_save()
    {
        var ours = new MemoryStream();
        Npy.Write(ours, NdArray.Matrix(4, 3, FixtureX));
        Assert.Equal(File.ReadAllBytes(FixturePath("fixture_f8.npy")), ours.ToArray());
    }

    [Theory]
    [InlineData("fixture_v2.npy")]
    [InlineData("fixture_v3.npy")]
    public void Reads_format_versions_2_and_3(string name)
    {
        Equal([2, 2], [1, -2, 3, -4], Npy.ReadFile(FixturePath(name)));
    }

    public static TheoryData<int[]> Shapes => new()
    {
        Array.Empty<int>(), new[] { 0 }, new[] { 5 }, new[] { 2, 3 }, new[] { 0, 3 }, new[] { 3, 0 }, new[] { 2, 3, 4 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Round_trips(int[] shape)
    {
        var count = shape.Aggregate(1, (a, b) => a * b);
        var data = new double[count];
        for (var i = 0; i < count; i++) data[i] = i % 3 == 0 ? -i / 7.0 : i * 1e-17;
        var buffer = new MemoryStream();
        Npy.Write(buffer, new NdArray(shape, data));
        Assert.Equal(0, (buffer.Length - data.Length * 8) % 64);
        Equal(shape, data, ReadBytes(buffer.ToArray()));
    }

    [Fact]
    public void Round_trips_special_values_bitwise()
    {
        double[] data = [-0.0, double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue, 2.2250738585072014e-308];
        var buffer = new MemoryStream();
        Npy.Write(buffer, NdArray.Vector(data));
        Equal([6], data, ReadBytes(buffer.ToArray()));
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void Refuses_to_write_a_non_finite_value_and_writes_nothing(double bad, string shown)
    {
        var e = Assert.Throws<NonFiniteOutputException>(() => Npy.Write(new MemoryStream(), NdArray.Matrix(2, 2, [1, 2, 3, bad])));
        Assert.Equal("[1, 1]", e.Element);
        using var dir = new TempDir();
        var path = dir.File("k.npy");
        e = Assert.Throws<NonFiniteOutputException>(() => Npy.WriteFile(path, NdArray.Matrix(2, 2, [1, 2, 3, bad])));
        Assert.Equal($"refusing to write {path}: element [1, 1] is {shown} (output files hold finite numbers only); nothing was written", e.Message);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Converts_big_endian_and_float32()
    {
        var be = new byte[] { 0x3F, 0xF8, 0, 0, 0, 0, 0, 0, 0xC0, 0, 0, 0, 0, 0, 0, 0 };
        Equal([2], [1.5, -2.0], ReadBytes(NpyBytes("{'descr': '>f8', 'fortran_order': False, 'shape': (2,), }", be)));
        var f4 = new byte[] { 0xC0, 0x10, 0, 0 }; // -2.25f, big-endian
        Equal([1], [-2.25], ReadBytes(NpyBytes("{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", f4)));
    }

    [Fact]
    public void Transposes_fortran_order_of_any_rank()
    {
        // A 2×3×2 array whose element (i, j, k) is 100i + 10j + k, stored first axis fastest.
        var f = new List<double>();
        for (var k = 0; k < 2; k++)
            for (var j = 0; j < 3; j++)
                for (var i = 0; i < 2; i++) f.Add(100 * i + 10 * j + k);
        var a = ReadBytes(NpyBytes("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3, 2), }", Doubles([.. f])));
        Equal([2, 3, 2], [0, 1, 10, 11, 20, 21, 100, 101, 110, 111, 120, 121], a);
    }

    [Fact]
    public void Accepts_key_order_and_spacing_variants()
    {
        var a = ReadBytes(NpyBytes("{\"shape\":(2,),\"fortran_order\":False,\"descr\":\"<f8\"}", Doubles(1, 2)));
        Equal([2], [1, 2], a);
    }

    [Fact]
    public void Reads_a_forward_only_stream()
    {
        var buffer = new MemoryStream();
        Npy.Write(buffer, NdArray.Matrix(4, 3, FixtureX));
        buffer.Position = 0;
        Equal([4, 3], FixtureX, Npy.Read(new ForwardOnlyStream(buffer), "s.npy", "X"));
    }

    [Fact]
    public void Random_bytes_are_rejected()
    {
        var random = new Random(12345);
        for (var n = 0; n < 200; n += 7)
        {
            var bytes = new byte[n];
            random.NextBytes(bytes);
            Assert.Contains("magic", Rejects(bytes).Message);
        }
    }

    [Fact]
    public void Every_truncation_is_rejected()
    {
        var whole = File.ReadAllBytes(FixturePath("fixture_f8.npy"));
        for (var n = 0; n < whole.Length; n++)
        {
            Rejects(whole[..n]);
            Assert.Throws<InputException>(() => Npy.Read(new ForwardOnlyStream(new MemoryStream(whole[..n])), "a.npy", null));
        }
    }

    [Fact]
    public void Trailing_bytes_are_rejected()
    {
        var whole = File.ReadAllBytes(FixturePath("fixture_f8.npy"));
        Assert.Contains("after the array data", Rejects([.. whole, 0]).Message);
    }

    [Theory]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }", "negative dimension")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (3, -2), }", "negative dimension")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (100000000000,), }", "too large")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999999999999999,), }", "too large")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (100000, 100000, 100000), }", "too many elements")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2000000000,), }", "but only 16 are present")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", "but only 16 are present")]
    [InlineData("{'descr': '|O', 'fortran_order': False, 'shape': (2,), }", "object arrays")]
    [InlineData("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (2,), }", "structured")]
    [InlineData("{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }", "unsupported dtype")]
    [InlineData("{'descr': '<U8', 'fortran_order': False, 'shape': (1,), }", "unsupported dtype")]
    [InlineData("{'descr': '|f8', 'fortran_order': False, 'shape': (2,), }", "unsupported dtype")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, }", "lacks the key 'shape'")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'extra': 1, }", "unexpected key")]
    [InlineData("{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", "repeats the key")]
    [InlineData("{'descr': '<f8', 'fortran_order': 0, 'shape': (2,), }", "True or False")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2), }", "not a tuple")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), } junk", "after the dict")]
    [InlineData("['descr', '<f8']", "expected '{'")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), ", "malformed header")]
    public void Hostile_headers_are_rejected(string dict, string problem)
    {
        var e = Rejects(NpyBytes(dict, Doubles(1, 2)));
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void A_huge_shape_is_rejected_without_allocating()
    {
        foreach (var stream in new Func<byte[], Stream>[] { b => new MemoryStream(b), b => new ForwardOnlyStream(new MemoryStream(b)) })
        {
            var bytes = NpyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (200000000,), }", Doubles(1, 2));
            var before = GC.GetAllocatedBytesForCurrentThread();
            var e = Assert.Throws<InputException>(() => Npy.Read(stream(bytes), "big.npy", "X"));
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated < 4 << 20, $"allocated {allocated} bytes");
            Assert.Equal("X", e.Key);
            Assert.StartsWith("big.npy: key 'X': ", e.Message);
        }
    }

    [Fact]
    public void An_absurd_header_length_is_rejected()
    {
        byte[] v2 = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 2, 0, 0xFF, 0xFF, 0xFF, 0xFF, (byte)'{'];
        Assert.Contains("exceeds the limit", Rejects(v2).Message);
        byte[] v1 = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 0x60, 0xEA, (byte)'{'];
        Assert.Contains("more than the file holds", Rejects(v1).Message);
        byte[] v9 = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 9, 0, 0, 0];
        Assert.Contains("version 9.0", Rejects(v9).Message);
    }

    [Fact]
    public void A_missing_file_is_an_input_error()
    {
        var e = Assert.Throws<InputException>(() => Npy.ReadFile("no/such/file.npy"));
        Assert.Equal("no/such/file.npy: no such file", e.Message);
    }

    [Fact]
    public void Control_characters_from_the_file_are_escaped()
    {
        var e = Rejects(NpyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'a\nb': 1}", Doubles(1, 2)));
        Assert.Contains("'a\\nb'", e.Message);
    }
}
