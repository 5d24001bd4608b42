using System.Buffers.Binary;
using System.IO.Compression;
using NtkPure.Cli.IO;
using Xunit;
using static NtkPure.Tests.IO.IoAssert;

namespace NtkPure.Tests.IO;

public class NpzTests
{
    private static readonly double[] FixtureY = [1.0, -1.0, 0.5, 2.0];
    private static readonly double[] Fortran = [1, 2, 3, 4, 5, 6];

    [Fact]
    public void Reads_np_savez_fixture()
    {
        var arrays = Npz.Read(FixturePath("fixture_f8.npz"));
        Assert.Equal(["X", "y"], arrays.Keys);
        Equal([4, 3], NpyTests.FixtureX, arrays["X"]);
        Equal([4], FixtureY, arrays["y"]);
    }

    [Fact]
    public void Reads_np_savez_compressed_fixture()
    {
        var arrays = Npz.Read(FixturePath("fixture_compressed.npz"));
        Assert.Equal(["X", "y", "fortran"], arrays.Keys);
        Equal([4, 3], NpyTests.FixtureX, arrays["X"]);
        Equal([4], FixtureY, arrays["y"]);
        Equal([2, 3], Fortran, arrays["fortran"]);
    }

    [Fact]
    public void Reads_mixed_dtypes_and_orders_as_float64_c_order()
    {
        var a = Npz.Read(FixturePath("fixture_mixed.npz"));
        Assert.Equal(["f4", "i8", "fortran", "b", "i1", "u2", "be", "scalar", "empty"], a.Keys);
        Equal([3], [1.5, -2.25, (double)0.1f], a["f4"]);
        Equal([4], [-3, 0, 7, 1099511627776], a["i8"]);
        Equal([2, 3], Fortran, a["fortran"]);
        Equal([3], [1, 0, 1], a["b"]);
        Equal([2, 2], [-128, 127, 0, -1], a["i1"]);
        Equal([2], [0, 65535], a["u2"]);
        Equal([2], [1.5, -2.0], a["be"]);
        Equal([], [3.5], a["scalar"]);
        Equal([0, 3], [], a["empty"]);
    }

    private static KeyValuePair<string, NdArray>[] Sample() =>
    [
        new("X", NdArray.Matrix(2, 3, [0.1, -2, 3e-300, double.Epsilon, -0.0, 1e300])),
        new("y", NdArray.Vector([1, -1])),
        new("none", new NdArray([0, 3], [])),
        new("s", new NdArray([], [42])),
    ];

    [Fact]
    public void Round_trips_in_order()
    {
        using var dir = new TempDir();
        var path = dir.File("out.npz");
        Npz.WriteFile(path, Sample());
        var back = Npz.Read(path);
        Assert.Equal(["X", "y", "none", "s"], back.Keys);
        foreach (var (key, array) in Sample()) Equal([.. array.Shape], array.Data, back[key]);
    }

    [Fact]
    public void Writes_identical_bytes_every_time()
    {
        using var dir = new TempDir();
        Npz.WriteFile(dir.File("a.npz"), Sample());
        Npz.WriteFile(dir.File("b.npz"), Sample());
        var a = File.ReadAllBytes(dir.File("a.npz"));
        Assert.Equal(a, File.ReadAllBytes(dir.File("b.npz")));
        var m = new MemoryStream();
        Npz.Write(m, Sample());
        Assert.Equal(a, m.ToArray());
    }

    [Fact]
    public void Refuses_to_write_a_non_finite_value_naming_the_key_and_writes_nothing()
    {
        using var dir = new TempDir();
        var path = dir.File("t.npz");
        var e = Assert.Throws<NonFiniteOutputException>(() => Npz.WriteFile(path,
            [new("u", NdArray.Vector([1, 2])), new("loss", NdArray.Vector([0.5, double.NaN, 0.1]))]));
        Assert.Equal(path, e.File);
        Assert.Equal("loss", e.Key);
        Assert.Contains("key 'loss' element [1] is NaN", e.Message);
        Assert.Empty(Directory.GetFiles(dir.Path));
        // the stream writer checks every array before writing the first
        var m = new MemoryStream();
        Assert.Throws<NonFiniteOutputException>(() => Npz.Write(m, [new("a", NdArray.Vector([1])), new("b", NdArray.Vector([double.NegativeInfinity]))]));
        Assert.Equal(0, m.Length);
    }

    [Fact]
    public void Writes_stored_entries_with_the_fixed_timestamp()
    {
        var m = new MemoryStream();
        Npz.Write(m, Sample());
        m.Position = 0;
        using var zip = new ZipArchive(m, ZipArchiveMode.Read);
        foreach (var e in zip.Entries)
        {
            Assert.Equal(e.Length, e.CompressedLength);
            Assert.Equal(new DateTime(1980, 1, 1), e.LastWriteTime.DateTime);
        }
    }

    [Fact]
    public void Rejects_bad_keys_when_writing()
    {
        var v = NdArray.Vector([1]);
        Assert.Throws<ArgumentException>(() => Npz.Write(new MemoryStream(), [new("a", v), new("a", v)]));
        Assert.Throws<ArgumentException>(() => Npz.Write(new MemoryStream(), [new("", v)]));
    }

    private static string ZipOf(TempDir dir, string name, params (string Entry, byte[] Bytes)[] entries)
    {
        var path = dir.File(name);
        using (var zip = new ZipArchive(File.Create(path), ZipArchiveMode.Create))
        {
            foreach (var (entry, bytes) in entries)
            {
                using var s = zip.CreateEntry(entry, CompressionLevel.NoCompression).Open();
                s.Write(bytes);
            }
        }
        return path;
    }

    private static byte[] NpyOf(params double[] values)
    {
        var m = new MemoryStream();
        Npy.Write(m, NdArray.Vector(values));
        return m.ToArray();
    }

    private static InputException Rejects(string path) =>
        OneLine(Assert.Throws<InputException>(() => Npz.Read(path)), path);

    [Fact]
    public void Rejects_duplicate_keys()
    {
        using var dir = new TempDir();
        var path = ZipOf(dir, "dup.npz", ("X.npy", NpyOf(1)), ("X.npy", NpyOf(2)));
        var e = Rejects(path);
        Assert.Equal("X", e.Key);
        Assert.Contains("more than once", e.Message);
    }

    [Fact]
    public void Rejects_entries_that_are_not_npy()
    {
        using var dir = new TempDir();
        var e = Rejects(ZipOf(dir, "other.npz", ("X.npy", NpyOf(1)), ("notes.txt", "hi"u8.ToArray())));
        Assert.Equal("notes.txt", e.Key);
    }

    [Fact]
    public void Rejects_a_huge_declared_size_before_inflating()
    {
        using var dir = new TempDir();
        var path = ZipOf(dir, "bomb.npz", ("X.npy", NpyOf(1, 2)));
        var bytes = File.ReadAllBytes(path);
        // Claim 4 GiB - 1 uncompressed in the central directory, where readers take sizes from.
        var central = bytes.AsSpan().LastIndexOf("PK\u0001\u0002"u8);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(central + 24), uint.MaxValue - 1);
        File.WriteAllBytes(path, bytes);
        var e = Rejects(path);
        Assert.Equal("X", e.Key);
        Assert.Contains("limit", e.Message);
    }

    [Fact]
    public void Honours_a_lower_size_limit()
    {
        using var dir = new TempDir();
        var path = ZipOf(dir, "two.npz", ("a.npy", NpyOf(1)), ("b.npy", NpyOf(2)));
        Assert.Equal(2, Npz.Read(path, maxBytes: 2 * 136).Count);
        var e = Assert.Throws<InputException>(() => Npz.Read(path, maxBytes: 200));
        Assert.Equal("b", e.Key);
    }

    [Fact]
    public void Entry_errors_name_the_key()
    {
        using var dir = new TempDir();
        var bad = IoAssert.NpyBytes("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", Doubles(0));
        var e = Rejects(ZipOf(dir, "obj.npz", ("ok.npy", NpyOf(1)), ("obj.npy", bad)));
        Assert.StartsWith(dir.File("obj.npz") + ": key 'obj': object arrays", e.Message);
    }

    [Fact]
    public void Rejects_random_bytes_truncations_and_missing_files()
    {
        using var dir = new TempDir();
        var random = new Random(7);
        var noise = new byte[300];
        random.NextBytes(noise);
        Assert.Contains("zip", Rejects(dir.Write("noise.npz", noise)).Message);
        Rejects(dir.Write("empty.npz", []));

        foreach (var fixture in new[] { "fixture_f8.npz", "fixture_compressed.npz" })
        {
            var whole = File.ReadAllBytes(FixturePath(fixture));
            for (var n = 0; n < whole.Length; n++) Rejects(dir.Write("cut.npz", whole[..n]));
        }

        Assert.Equal("nope.npz: no such file", Assert.Throws<InputException>(() => Npz.Read("nope.npz")).Message);
    }

    [Fact]
    public void Rejects_corrupt_compressed_data()
    {
        using var dir = new TempDir();
        var bytes = File.ReadAllBytes(FixturePath("fixture_compressed.npz"));
        // Flip bits inside the first entry's deflate stream (after its 30-byte local header and name).
        for (var i = 60; i < 120; i++) bytes[i] ^= 0x5A;
        Rejects(dir.Write("corrupt.npz", bytes));
    }
}
