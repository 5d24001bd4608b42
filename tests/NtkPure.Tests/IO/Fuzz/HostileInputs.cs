using System.Text;
using NtkPure.Numerics;

namespace NtkPure.Tests.IO.Fuzz;

internal enum InputFormat
{
    Npy,
    Npz,
    Csv,
}

/// <summary>
/// A deterministic mutation fuzzer for the readers: each iteration derives its own stream from (seed, iteration),
/// builds a valid .npy, .npz or CSV file and applies one to three mutations — generic ones (bit flips,
/// truncations, insertions, deletions, duplicated ranges) and format-aware ones (rewritten .npy header fields,
/// zip headers that lie about sizes, CRCs, counts and names, nested archives, hostile CSV tokens and layouts).
/// </summary>
internal static class HostileInputs
{
    public static string Extension(InputFormat f) => f switch
    {
        InputFormat.Npy => ".npy",
        InputFormat.Npz => ".npz",
        _ => ".csv",
    };

    public static InputFormat FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".npy" => InputFormat.Npy,
        ".npz" => InputFormat.Npz,
        ".csv" => InputFormat.Csv,
        var e => throw new ArgumentException($"no reader for '{e}'"),
    };

    /// <summary>The input of one iteration: the same (seed, iteration) always gives the same bytes.</summary>
    public static (InputFormat Format, byte[] Bytes) Generate(ulong seed, int iteration)
    {
        var rng = new Rng(Rng.Derive(seed, "fuzz/" + iteration.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var format = (InputFormat)rng.NextInt(3);
        byte[] bytes = format switch
        {
            InputFormat.Npy => MutatedNpy(ref rng),
            InputFormat.Npz => MutatedNpz(ref rng),
            _ => MutatedCsv(ref rng),
        };
        if (rng.NextInt(3) == 0)
            bytes = Generic(bytes, ref rng);
        return (format, bytes);
    }

    // ---------------------------------------------------------------- .npy

    private static readonly string[] Dtypes = ["<f8", "<f4", ">f8", ">f4", "<i4", "<i8", ">i2", "|i1", "|u1", "<u8", "|b1"];

    private static readonly string[] HostileDescr =
    [
        "'|O'", "'<O'", "'O'", "'<f16'", "'<f2'", "'<c16'", "'<U10'", "'|S4'", "'<M8[ns]'", "'<m8'", "'|V8'",
        "[('a', '<f8')]", "'<f8 '", "'f8'", "'=f8'", "'<F8'", "'<f9'", "'|f8'", "'<b1'", "'>u1'", "'<i3'", "''",
        "'<f8\\''", "'é'", "'<f\u0000'", "\"<f8\"", "<f8", "'<f8", "'<f0'", "'<f-'",
    ];

    private static readonly string[] HostileShapes =
    [
        "()", "(0,)", "(1,)", "(4294967296,)", "(2147483647,)", "(2147483648,)", "(-1,)", "(-1, 3)", "(3, -0)",
        "(99999999999999999999999999,)", "(65536, 65536)", "(2147483647, 2147483647)", "(46341, 46341)", "(4)",
        "(4,,)", "(,)", "(1.5,)", "(0x10,)", "(True,)", "(1e3,)", "[4, 3]", "(3, 4, 0, 2147483647)", "(+4,)",
        "( 4 , )", "(0, 2147483647, 2147483647)", "(4, 3", "4, 3)", "(4 3)", "(None,)", "(4L,)", "(-9223372036854775808,)",
        "(" + string.Join(", ", Enumerable.Repeat("1", 65)) + ")", "(" + string.Join(", ", Enumerable.Repeat("1", 64)) + ")",
        "(" + string.Join(", ", Enumerable.Repeat("2", 31)) + ")", "(3, 2)", "(2, 3)", "(6,)", "(1, 6)", "(6, 1, 1)",
    ];

    private static readonly string[] HostileFortran = ["True", "False", "1", "0", "'True'", "None", "true", "TRUE", "Tru", ""];

    public static byte[] ValidNpy(ref Rng rng, out string descr, out string shape)
    {
        descr = Dtypes[rng.NextInt(Dtypes.Length)];
        int size = descr[2] - '0';
        int rank = rng.NextInt(4);
        var dims = new int[rank];
        long count = 1;
        for (int a = 0; a < rank; a++)
        {
            dims[a] = rng.NextInt(5);
            count *= dims[a];
        }
        shape = rank == 1 ? $"({dims[0]},)" : "(" + string.Join(", ", dims) + ")";
        var data = new byte[count * size];
        for (int i = 0; i < data.Length; i++)
            data[i] = (byte)rng.NextInt(256);
        if (descr[1] == 'f' && descr[2] == '8')
            for (int i = 0; i < count; i++)
                BitConverter.TryWriteBytes(data.AsSpan(8 * i), Math.Round(rng.NextGaussian(), 3));
        return IoAssert.NpyBytes(Dict($"'{descr}'", rng.NextInt(2) == 0 ? "False" : "True", shape), data);
    }

    private static string Dict(string descr, string fortran, string shape) =>
        $"{{'descr': {descr}, 'fortran_order': {fortran}, 'shape': {shape}, }}";

    public static byte[] MutatedNpy(ref Rng rng)
    {
        var bytes = ValidNpy(ref rng, out var descr, out var shape);
        int mutations = 1 + rng.NextInt(3);
        for (int k = 0; k < mutations; k++)
            bytes = MutateNpy(bytes, ref rng, ref descr, ref shape);
        return bytes;
    }

    private static byte[] MutateNpy(byte[] bytes, ref Rng rng, ref string descr, ref string shape)
    {
        int headerEnd = bytes.Length >= 10 ? Math.Min(bytes.Length, 10 + BitConverter.ToUInt16(bytes, 8)) : bytes.Length;
        var data = bytes.Length > headerEnd ? bytes[headerEnd..] : [];
        switch (rng.NextInt(8))
        {
            case 0:
            case 1:
            case 2:
            {
                // rewrite header fields, keeping the data
                string d = rng.NextInt(2) == 0 ? $"'{descr}'" : HostileDescr[rng.NextInt(HostileDescr.Length)];
                string s = rng.NextInt(2) == 0 ? shape : HostileShapes[rng.NextInt(HostileShapes.Length)];
                string f = rng.NextInt(3) == 0 ? HostileFortran[rng.NextInt(HostileFortran.Length)] : "False";
                string dict = rng.NextInt(6) switch
                {
                    0 => $"{{'descr': {d}, 'shape': {s}, }}",
                    1 => $"{{'descr': {d}, 'fortran_order': {f}, 'shape': {s}, 'shape': {s}, }}",
                    2 => $"{{'descr': {d}, 'fortran_order': {f}, 'shape': {s}, 'extra': 1, }}",
                    3 => $"{{\"shape\": {s}, \"fortran_order\": {f}, \"descr\": {d}}}",
                    _ => Dict(d, f, s),
                };
                return IoAssert.NpyBytes(dict, data, version: rng.NextInt(4) == 0 ? 2 : 1);
            }
            case 3:
            {
                // the header length field lies
                var b = (byte[])bytes.Clone();
                if (b.Length >= 10)
                {
                    ushort len = (ushort)(rng.NextInt(5) switch
                    {
                        0 => 0,
                        1 => 0xFFFF,
                        2 => BitConverter.ToUInt16(b, 8) + 1,
                        3 => BitConverter.ToUInt16(b, 8) - 1,
                        _ => rng.NextInt(65536),
                    });
                    BitConverter.TryWriteBytes(b.AsSpan(8), len);
                }
                return b;
            }
            case 4:
            {
                // the version bytes
                var b = (byte[])bytes.Clone();
                if (b.Length >= 8)
                {
                    byte[] majors = [0, 1, 2, 3, 4, 255];
                    b[6] = majors[rng.NextInt(majors.Length)];
                    b[7] = (byte)(rng.NextInt(4) == 0 ? 1 : 0);
                }
                return b;
            }
            case 5:
                // drop or add data bytes
                return rng.NextInt(2) == 0 && data.Length > 0
                    ? bytes[..(bytes.Length - 1 - rng.NextInt(data.Length))]
                    : [.. bytes, .. RandomBytes(ref rng, 1 + rng.NextInt(16))];
            case 6:
                return Generic(bytes, ref rng);
            default:
            {
                // a consistent header for a larger array than the data holds
                string[] big = ["(1000000,)", "(100000, 100000)", "(268435456,)", "(536870911,)", "(2147483647, 1)"];
                return IoAssert.NpyBytes(Dict($"'{descr}'", "False", big[rng.NextInt(big.Length)]), data);
            }
        }
    }

    // ---------------------------------------------------------------- .npz

    public static byte[] MutatedNpz(ref Rng rng)
    {
        int n = 1 + rng.NextInt(6), d = 1 + rng.NextInt(4);
        var zip = new ZipBuilder();
        bool deflate = rng.NextInt(2) == 0;
        zip.Add("X.npy", NpyOf(ref rng, [n, d]), deflate);
        zip.Add("y.npy", NpyOf(ref rng, [n]), deflate);
        int mutations = 1 + rng.NextInt(3);
        byte[]? bytes = null;
        for (int k = 0; k < mutations; k++)
        {
            if (rng.NextInt(6) == 0)
            {
                bytes = Generic(bytes ?? zip.Build(), ref rng);
                continue;
            }
            MutateZip(zip, ref rng);
            bytes = null;
        }
        return bytes ?? zip.Build();
    }

    private static byte[] NpyOf(ref Rng rng, int[] dims)
    {
        long count = 1;
        foreach (var x in dims)
            count *= x;
        var data = new byte[8 * count];
        for (int i = 0; i < count; i++)
            BitConverter.TryWriteBytes(data.AsSpan(8 * i), Math.Round(rng.NextGaussian(), 3));
        var shape = dims.Length == 1 ? $"({dims[0]},)" : "(" + string.Join(", ", dims) + ")";
        return IoAssert.NpyBytes(Dict("'<f8'", "False", shape), data);
    }

    private static readonly uint[] HostileSizes = [0xFFFFFFF0, 0xFFFFFFFF, 0x7FFFFFFF, 0x80000000, 0x40000000, 0, 1];

    private static readonly string[] HostileNames =
        ["X", "X.NPY", "../X.npy", "dir/X.npy", "X\n.npy", ".npy", "y.npy", "X.npy", "X.npz", "/X.npy", "X.npy\0", "X .npy", "x.npy", "Y.npy"];

    private static void MutateZip(ZipBuilder zip, ref Rng rng)
    {
        if (zip.Entries.Count == 0)
        {
            zip.Add("X.npy", NpyOf(ref rng, [2, 2]));
            return;
        }
        var e = zip.Entries[rng.NextInt(zip.Entries.Count)];
        uint Size(ref Rng r, int actual) => r.NextInt(3) == 0 ? (uint)Math.Max(0, actual + r.NextInt(3) - 1) : HostileSizes[r.NextInt(HostileSizes.Length)];
        switch (rng.NextInt(14))
        {
            case 0:
                e.CentralUncompressed = Size(ref rng, e.Data.Length);
                break;
            case 1:
                e.CentralCompressed = Size(ref rng, e.Data.Length);
                break;
            case 2:
                e.LocalUncompressed = Size(ref rng, e.Data.Length);
                e.LocalCompressed = Size(ref rng, e.Data.Length);
                break;
            case 3:
                e.CentralUncompressed = e.LocalUncompressed = 0xFFFFFFF0;
                break;
            case 4:
                e.Crc = (uint)rng.NextULong();
                break;
            case 5:
                // a duplicate name
                zip.Add(e.Name, e.Data, e.Deflate);
                break;
            case 6:
            {
                // a nested archive, under an .npy name or its own
                var inner = new ZipBuilder().Add("X.npy", NpyOf(ref rng, [2, 2])).Add("y.npy", NpyOf(ref rng, [2])).Build();
                if (rng.NextInt(2) == 0)
                    e.Data = inner;
                else
                    zip.Add("inner.npz", inner, rng.NextInt(2) == 0);
                break;
            }
            case 7:
                e.Name = HostileNames[rng.NextInt(HostileNames.Length)];
                break;
            case 8:
            {
                ushort[] methods = [1, 6, 9, 12, 14, 95, 99, 0xFFFF, 8, 0];
                e.Method = methods[rng.NextInt(methods.Length)];
                break;
            }
            case 9:
            {
                // the entry's content is itself a hostile .npy
                string descr = "<f8", shape = "(2, 2)";
                e.Data = MutateNpy(e.Data, ref rng, ref descr, ref shape);
                break;
            }
            case 10:
            {
                ushort[] counts = [0, 1, 3, 1000, 0xFFFF];
                zip.DeclaredCount = counts[rng.NextInt(counts.Length)];
                break;
            }
            case 11:
                zip.DirectoryOffset = rng.NextInt(2) == 0 ? (uint)rng.NextInt(200) : 0xFFFFFFF0;
                break;
            case 12:
                zip.Entries.Remove(e);
                break;
            default:
                // a third array declaring gigabytes in its .npy header
                zip.Add("big.npy", IoAssert.NpyBytes(Dict("'<f8'", "False", "(268435456,)"), new byte[64]), rng.NextInt(2) == 0);
                break;
        }
    }

    // ---------------------------------------------------------------- CSV

    private static readonly string[] HostileTokens =
    [
        "nan", "NaN", "inf", "-inf", "+inf", "Infinity", "-Infinity", "∞", "1e309", "-1e309", "1e308", "1.7976931348623157e308",
        "4.9e-324", "1e-400", "0x10", "1,5", "\"1.0\"", "'2'", "", "  ", "1e", "--1", "+", "−1", "١٢", "1_000", "1 000",
        "1.0.0", "e5", ".5", "5.", "-0", "+-1", "\t3\t", "1d0", "NULL", "true",
        new string('9', 400), "0." + new string('0', 400) + "1", "1e99999999999", "-" + new string('9', 320),
    ];

    public static byte[] MutatedCsv(ref Rng rng)
    {
        int n = 1 + rng.NextInt(6), cols = 2 + rng.NextInt(3);
        var rows = new List<List<string>>();
        if (rng.NextInt(2) == 0)
        {
            var header = new List<string>();
            for (int c = 0; c < cols - 1; c++)
                header.Add("x" + (c + 1));
            header.Insert(rng.NextInt(cols), "y");
            rows.Add(header);
        }
        for (int i = 0; i < n; i++)
        {
            var row = new List<string>();
            for (int c = 0; c < cols; c++)
                row.Add(Math.Round(rng.NextGaussian(), 4).ToString("R", System.Globalization.CultureInfo.InvariantCulture));
            rows.Add(row);
        }
        string newline = "\n", separator = ",", prefix = "";
        bool trailingNewline = true;
        int mutations = 1 + rng.NextInt(3);
        for (int k = 0; k < mutations; k++)
        {
            var row = rows[rng.NextInt(rows.Count)];
            switch (rng.NextInt(13))
            {
                case 0:
                case 1:
                case 2:
                    if (row.Count > 0)
                        row[rng.NextInt(row.Count)] = HostileTokens[rng.NextInt(HostileTokens.Length)];
                    break;
                case 3:
                    if (row.Count > 0)
                        row.RemoveAt(rng.NextInt(row.Count)); // ragged
                    break;
                case 4:
                    row.Add("1"); // ragged
                    break;
                case 5:
                    prefix = "\uFEFF";
                    break;
                case 6:
                    newline = rng.NextInt(2) == 0 ? "\r\n" : "\r";
                    break;
                case 7:
                    rows.Insert(rng.NextInt(rows.Count + 1), rng.NextInt(2) == 0 ? [] : ["  "]);
                    break;
                case 8:
                    if (row.Count > 0)
                    {
                        int c = rng.NextInt(row.Count);
                        row[c] = "\"" + row[c] + "\"";
                    }
                    break;
                case 9:
                    separator = rng.NextInt(2) == 0 ? ";" : "\t";
                    break;
                case 10:
                    rows.Insert(0, rng.NextInt(3) switch
                    {
                        0 => ["y", "y"],
                        1 => ["\"x\"", "y,z"],
                        _ => ["", ""],
                    });
                    break;
                case 11:
                    trailingNewline = !trailingNewline;
                    break;
                default:
                    rows.RemoveRange(1, rows.Count - 1); // a header or one row alone
                    break;
            }
        }
        var sb = new StringBuilder(prefix);
        for (int i = 0; i < rows.Count; i++)
        {
            sb.Append(string.Join(separator, rows[i]));
            if (i < rows.Count - 1 || trailingNewline)
                sb.Append(newline);
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    // ---------------------------------------------------------------- any bytes

    private static readonly byte[] Interesting = [0x00, 0xFF, 0x7F, 0x80, 0x01, (byte)'\n', (byte)',', (byte)'\'', (byte)'9', (byte)'-'];

    public static byte[] Generic(byte[] bytes, ref Rng rng)
    {
        if (bytes.Length == 0)
            return RandomBytes(ref rng, 1 + rng.NextInt(32));
        var b = new List<byte>(bytes);
        int at = rng.NextInt(b.Count);
        switch (rng.NextInt(7))
        {
            case 0:
                for (int k = 1 + rng.NextInt(8); k > 0; k--)
                {
                    int i = rng.NextInt(b.Count);
                    b[i] ^= (byte)(1 << rng.NextInt(8));
                }
                break;
            case 1:
                b[at] = Interesting[rng.NextInt(Interesting.Length)];
                break;
            case 2:
                b.RemoveRange(at, b.Count - at); // truncate
                break;
            case 3:
                b.InsertRange(at, RandomBytes(ref rng, 1 + rng.NextInt(16)));
                break;
            case 4:
                b.RemoveRange(at, Math.Min(b.Count - at, 1 + rng.NextInt(16)));
                break;
            case 5:
            {
                int len = Math.Min(b.Count - at, 1 + rng.NextInt(64));
                b.InsertRange(rng.NextInt(b.Count + 1), b.GetRange(at, len));
                break;
            }
            default:
                for (int k = 0; k < 1 + rng.NextInt(16) && at + k < b.Count; k++)
                    b[at + k] = (byte)rng.NextInt(256);
                break;
        }
        return [.. b];
    }

    private static byte[] RandomBytes(ref Rng rng, int count)
    {
        var r = new byte[count];
        for (int i = 0; i < count; i++)
            r[i] = (byte)rng.NextInt(256);
        return r;
    }
}
