using System.Text;
using NtkPure.Cli.IO;
using Xunit;

namespace NtkPure.Tests.IO;

/// <summary>A fresh directory per test, removed afterwards.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ntk-io-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Write(string name, string text)
    {
        var p = File(name);
        System.IO.File.WriteAllText(p, text);
        return p;
    }

    public string Write(string name, byte[] bytes)
    {
        var p = File(name);
        System.IO.File.WriteAllBytes(p, bytes);
        return p;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

/// <summary>Hides seeking, as a deflate stream from a zip entry does.</summary>
public sealed class ForwardOnlyStream(Stream inner) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

internal static class IoAssert
{
    public static string FixturePath(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    /// <summary>Asserts the exception is one line that starts with the file label.</summary>
    public static InputException OneLine(InputException e, string file)
    {
        Assert.DoesNotContain('\n', e.Message);
        Assert.DoesNotContain('\r', e.Message);
        Assert.StartsWith(file + ": ", e.Message);
        Assert.Equal(file, e.File);
        return e;
    }

    public static void Equal(int[] shape, double[] data, NdArray actual)
    {
        Assert.Equal(shape, actual.Shape);
        Assert.Equal(data.Length, actual.Data.Length);
        for (var i = 0; i < data.Length; i++)
        {
            // Bitwise, so -0.0 and NaN count too.
            Assert.True(BitConverter.DoubleToInt64Bits(data[i]) == BitConverter.DoubleToInt64Bits(actual.Data[i]),
                $"element {i}: expected {data[i]:R}, got {actual.Data[i]:R}");
        }
    }

    /// <summary>A .npy file with the given header dict text, padded as numpy pads it.</summary>
    public static byte[] NpyBytes(string dict, byte[] data, int version = 1)
    {
        var lengthSize = version == 1 ? 2 : 4;
        var text = dict.Length + 1;
        var pad = 64 - (8 + lengthSize + text) % 64;
        var bytes = new List<byte>();
        bytes.AddRange([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)version, 0]);
        var len = text + pad;
        bytes.AddRange(version == 1 ? BitConverter.GetBytes((ushort)len) : BitConverter.GetBytes((uint)len));
        bytes.AddRange(Encoding.Latin1.GetBytes(dict + new string(' ', pad) + "\n"));
        bytes.AddRange(data);
        return [.. bytes];
    }

    /// <summary>
    /// An np.savez-style archive written without our writer's guard, so it can hold NaN and infinities as a file
    /// from another tool may.
    /// </summary>
    public static byte[] NpzBytes(params (string Key, NdArray Array)[] arrays)
    {
        var zip = new Fuzz.ZipBuilder();
        foreach (var (key, array) in arrays)
        {
            var shape = array.Rank == 1 ? $"({array.Shape[0]},)" : "(" + string.Join(", ", array.Shape) + ")";
            zip.Add(key + ".npy", NpyBytes($"{{'descr': '<f8', 'fortran_order': False, 'shape': {shape}, }}", Doubles(array.Data)));
        }
        return zip.Build();
    }

    public static byte[] Doubles(params double[] values)
    {
        var b = new byte[8 * values.Length];
        for (var i = 0; i < values.Length; i++) BitConverter.TryWriteBytes(b.AsSpan(8 * i), values[i]);
        return b;
    }
}
