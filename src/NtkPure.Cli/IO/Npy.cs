using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace NtkPure.Cli.IO;

/// <summary>
/// numpy's .npy format: magic <c>\x93NUMPY</c>, version byte pair, header length
/// (u16 for 1.0, u32 for 2.0 and 3.0), a Python dict literal
/// <c>{'descr': '&lt;f8', 'fortran_order': False, 'shape': (4, 3), }</c> padded with
/// spaces and a newline, then the raw elements.
/// </summary>
/// <remarks>
/// Read accepts float64/float32 (either byte order), int8/16/32/64, uint8/16/32/64 and bool,
/// in C or Fortran order, and always returns float64 in C order. Integers beyond 2^53 lose
/// precision in the conversion. Object, structured and other dtypes are rejected.
/// Write always produces version 1.0 (2.0 only if the header would not fit), '&lt;f8', C order,
/// byte for byte as numpy's own <c>np.save</c> does.
/// </remarks>
public static class Npy
{
    /// <summary>The longest header accepted, as numpy's own reader caps it against hostile files.</summary>
    public const int MaxHeaderBytes = 65535;

    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
    private const int ArrayAlign = 64;
    private const int GrowthAxisMaxDigits = 21;

    /// <summary>Reads a .npy file. Errors name <paramref name="path"/> as given.</summary>
    /// <exception cref="InputException">Missing, unreadable or malformed file.</exception>
    public static NdArray ReadFile(string path)
    {
        using var stream = FileInput.Open(path);
        return Read(stream, path, null);
    }

    /// <summary>
    /// Reads one array from the current position to the end of <paramref name="stream"/>;
    /// bytes left after the data are an error.
    /// </summary>
    /// <param name="fileLabel">File name used in error messages.</param>
    /// <param name="key">Array name used in error messages (the npz key), or null.</param>
    /// <param name="maxBytes">
    /// Upper bound on the bytes the stream holds (header and data). The header is checked against
    /// it, and against the remaining length of a seekable stream, before anything is allocated.
    /// </param>
    /// <exception cref="InputException">Malformed, unsupported or truncated content.</exception>
    public static NdArray Read(Stream stream, string fileLabel, string? key, long? maxBytes = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            return ReadCore(stream, fileLabel, key, maxBytes ?? long.MaxValue);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException)
        {
            var problem = e is InvalidDataException ? "corrupt data: " + e.Message : FileInput.Describe(e);
            throw new InputException(fileLabel, key, problem, e);
        }
    }

    private static NdArray ReadCore(Stream stream, string file, string? key, long limit)
    {
        InputException Bad(string problem) => new(file, key, problem);

        if (stream.CanSeek) limit = Math.Min(limit, stream.Length - stream.Position);

        Span<byte> prefix = stackalloc byte[12];
        if (ReadUpTo(stream, prefix[..8]) < 8 || !prefix[..6].SequenceEqual(Magic))
            throw Bad("not a .npy array (bad magic bytes)");
        int major = prefix[6], minor = prefix[7];
        if (major is not (1 or 2 or 3) || minor != 0)
            throw Bad($"unsupported .npy format version {major}.{minor}");
        var lengthSize = major == 1 ? 2 : 4;
        if (ReadUpTo(stream, prefix.Slice(8, lengthSize)) < lengthSize)
            throw Bad("file is truncated in the header");
        var headerLength = major == 1
            ? BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..])
            : (long)BinaryPrimitives.ReadUInt32LittleEndian(prefix[8..]);
        var prefixLength = 8 + lengthSize;
        if (headerLength > MaxHeaderBytes)
            throw Bad($"header length {headerLength} exceeds the limit of {MaxHeaderBytes}");
        if (prefixLength + headerLength > limit)
            throw Bad($"header length {headerLength} is more than the file holds");

        var headerBytes = new byte[headerLength];
        if (ReadUpTo(stream, headerBytes) < headerBytes.Length)
            throw Bad("file is truncated in the header");
        // Versions 1 and 2 are latin-1 by definition; 3 added UTF-8 for structured field names.
        var header = major == 3 ? Encoding.UTF8.GetString(headerBytes) : Encoding.Latin1.GetString(headerBytes);
        var (descr, fortran, shape) = new HeaderParser(header, Bad).Parse();

        var type = ElementType.Parse(descr) ?? throw Bad(
            descr.Contains('O') ? $"object arrays ('{descr}') are not supported"
            : $"unsupported dtype {InputException.Quote(descr)}");

        long count = shape.Contains(0) ? 0 : 1;
        foreach (var d in shape)
        {
            // Dims are below 2^31 (checked by the parser) and count stays below 2^31, so this cannot overflow.
            count *= d;
            if (count > Array.MaxLength) throw Bad($"shape {NdArray.FormatShape(shape)} has too many elements");
        }
        var dataBytes = count * type.Size;
        var available = limit - prefixLength - headerLength;
        if (dataBytes > available)
            throw Bad($"shape {NdArray.FormatShape(shape)} of {descr} needs {dataBytes} bytes but only {available} are present");
        if (dataBytes > Array.MaxLength)
            throw Bad($"shape {NdArray.FormatShape(shape)} of {descr} is too large");

        var raw = ReadData(stream, (int)dataBytes, exact: stream.CanSeek);
        if (raw.Length < dataBytes)
            throw Bad($"file is truncated: shape {NdArray.FormatShape(shape)} of {descr} needs {dataBytes} data bytes, found {raw.Length}");
        if (stream.ReadByte() != -1)
            throw Bad("unexpected bytes after the array data");

        var data = type.Decode(raw, (int)count);
        var dims = new int[shape.Count];
        for (var i = 0; i < dims.Length; i++) dims[i] = (int)shape[i];
        if (fortran && dims.Length > 1) data = FortranToC(data, dims);
        return new NdArray(dims, data);
    }

    /// <summary>Writes <paramref name="array"/> as a version 1.0 '&lt;f8' C-order .npy.</summary>
    /// <exception cref="NonFiniteOutputException">An element is NaN or infinite; nothing is written.</exception>
    public static void Write(Stream stream, NdArray array)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(array);
        NonFiniteOutputException.ThrowIfAny(array, null, null);
        stream.Write(HeaderBytes(array.Shape));

        var data = array.Data;
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(data.AsSpan()));
            return;
        }
        var buffer = new byte[8 * 4096];
        for (var start = 0; start < data.Length; start += 4096)
        {
            var n = Math.Min(4096, data.Length - start);
            for (var i = 0; i < n; i++) BinaryPrimitives.WriteDoubleLittleEndian(buffer.AsSpan(8 * i), data[start + i]);
            stream.Write(buffer, 0, 8 * n);
        }
    }

    /// <summary>Writes a .npy file atomically (see <see cref="AtomicFile"/>).</summary>
    public static void WriteFile(string path, NdArray array)
    {
        ArgumentNullException.ThrowIfNull(array);
        NonFiniteOutputException.ThrowIfAny(array, path, null);
        AtomicFile.Write(path, s => Write(s, array));
    }

    private static byte[] HeaderBytes(IReadOnlyList<int> shape)
    {
        var dict = $"{{'descr': '<f8', 'fortran_order': False, 'shape': {NdArray.FormatShape(shape)}, }}";
        // numpy leaves room to grow the first axis in place; copied so our files match np.save's.
        if (shape.Count > 0) dict += new string(' ', Math.Max(0, GrowthAxisMaxDigits - shape[0].ToString().Length));
        var lengthSize = 2;
        var text = dict.Length + 1;
        var pad = ArrayAlign - (8 + lengthSize + text) % ArrayAlign;
        if (text + pad > ushort.MaxValue)
        {
            lengthSize = 4;
            pad = ArrayAlign - (8 + lengthSize + text) % ArrayAlign;
        }
        var bytes = new byte[8 + lengthSize + text + pad];
        Magic.CopyTo(bytes);
        bytes[6] = (byte)(lengthSize == 2 ? 1 : 2);
        if (lengthSize == 2) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)(text + pad));
        else BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)(text + pad));
        var body = bytes.AsSpan(8 + lengthSize);
        Encoding.ASCII.GetBytes(dict, body);
        body[dict.Length..^1].Fill((byte)' ');
        body[^1] = (byte)'\n';
        return bytes;
    }

    private static int ReadUpTo(Stream stream, Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = stream.Read(buffer[total..]);
            if (n == 0) break;
            total += n;
        }
        return total;
    }

    /// <summary>
    /// Reads up to <paramref name="length"/> bytes. Unless the stream's length already proved them
    /// present, the buffer grows with what actually arrives, so a lying header costs nothing.
    /// </summary>
    private static byte[] ReadData(Stream stream, int length, bool exact)
    {
        var buffer = new byte[exact ? length : Math.Min(length, 1 << 20)];
        var total = 0;
        while (true)
        {
            total += ReadUpTo(stream, buffer.AsSpan(total));
            if (total < buffer.Length || total == length) break;
            Array.Resize(ref buffer, (int)Math.Min(length, 2L * buffer.Length));
        }
        if (total < buffer.Length) Array.Resize(ref buffer, total);
        return buffer;
    }

    private static double[] FortranToC(double[] f, int[] shape)
    {
        var rank = shape.Length;
        var stride = new long[rank];
        stride[0] = 1;
        for (var a = 1; a < rank; a++) stride[a] = stride[a - 1] * shape[a - 1];
        var c = new double[f.Length];
        var index = new int[rank];
        long offset = 0;
        for (var i = 0; i < c.Length; i++)
        {
            c[i] = f[offset];
            for (var a = rank - 1; a >= 0; a--)
            {
                offset += stride[a];
                if (++index[a] < shape[a]) break;
                offset -= stride[a] * shape[a];
                index[a] = 0;
            }
        }
        return c;
    }

    private sealed record ElementType(char Kind, int Size, bool BigEndian)
    {
        public static ElementType? Parse(string descr)
        {
            if (descr.Length != 3 || descr[0] is not ('<' or '>' or '|')) return null;
            var kind = descr[1];
            var size = descr[2] - '0';
            var ok = kind switch
            {
                'f' => size is 4 or 8,
                'i' or 'u' => size is 1 or 2 or 4 or 8,
                'b' => size == 1,
                _ => false,
            };
            // '|' (not applicable) is numpy's marker for single-byte types only.
            if (!ok || (descr[0] == '|') != (size == 1)) return null;
            return new ElementType(kind, size, descr[0] == '>');
        }

        public double[] Decode(byte[] raw, int count)
        {
            if (BigEndian)
            {
                for (var i = 0; i < count; i++) raw.AsSpan(i * Size, Size).Reverse();
            }
            var r = raw.AsSpan();
            var d = new double[count];
            switch (Kind, Size)
            {
                case ('f', 8): for (var i = 0; i < count; i++) d[i] = BinaryPrimitives.ReadDoubleLittleEndian(r[(8 * i)..]); break;
                case ('f', 4): for (var i = 0; i < count; i++) d[i] = BinaryPrimitives.ReadSingleLittleEndian(r[(4 * i)..]); break;
                case ('i', 8): for (var i = 0; i < count; i++) d[i] = BinaryPrimitives.ReadInt64LittleEndian(r[(8 * i)..]); break;
                case ('i', 4): for (var i = 0; i < count; i++) d[i] = BinaryPrimitives.ReadInt32LittleEndian(r[(4 * i)..]); break;
                case ('i', 2): for (var i = 0; i < count; i++) d[i] = BinaryPrimitives.ReadInt16LittleEndian(r[(2 * i)..]); break;
                case ('i', 1): for (var i = 0; i < count; i++) d[i] = (sbyte)r[i]; break;
                case ('u', 8): for (var i = 0; i < count; i++) d[i] = BinaryPrimitives.ReadUInt64LittleEndian(r[(8 * i)..]); break;
                case ('u', 4): for (var i = 0; i < count; i++) d[i] = BinaryPrimitives.ReadUInt32LittleEndian(r[(4 * i)..]); break;
                case ('u', 2): for (var i = 0; i < count; i++) d[i] = BinaryPrimitives.ReadUInt16LittleEndian(r[(2 * i)..]); break;
                case ('u', 1): for (var i = 0; i < count; i++) d[i] = r[i]; break;
                case ('b', 1): for (var i = 0; i < count; i++) d[i] = r[i] != 0 ? 1.0 : 0.0; break;
                default: throw new InvalidOperationException($"dtype {Kind}{Size} passed Parse but has no decoder");
            }
            return d;
        }
    }

    /// <summary>
    /// A strict parser for the header's dict literal: exactly the keys 'descr' (a string),
    /// 'fortran_order' (True or False) and 'shape' (a tuple of non-negative ints), in any order,
    /// with an optional trailing comma, then only whitespace.
    /// </summary>
    private sealed class HeaderParser(string text, Func<string, InputException> bad)
    {
        private int _pos;

        public (string Descr, bool Fortran, List<long> Shape) Parse()
        {
            string? descr = null;
            bool? fortran = null;
            List<long>? shape = null;
            Expect('{');
            while (true)
            {
                SkipSpace();
                if (Peek() == '}') { _pos++; break; }
                var name = ReadString("a key");
                SkipSpace();
                Expect(':');
                SkipSpace();
                switch (name)
                {
                    case "descr" when descr is null:
                        if (Peek() == '[') throw bad("structured dtypes are not supported");
                        descr = ReadString("the 'descr' string");
                        break;
                    case "fortran_order" when fortran is null:
                        fortran = ReadBool();
                        break;
                    case "shape" when shape is null:
                        shape = ReadShape();
                        break;
                    case "descr" or "fortran_order" or "shape":
                        throw bad($"header repeats the key '{name}'");
                    default:
                        throw bad($"header has an unexpected key {InputException.Quote(name)}");
                }
                SkipSpace();
                if (Peek() == ',') { _pos++; continue; }
                Expect('}');
                break;
            }
            SkipSpace();
            if (_pos != text.Length) throw bad("header has text after the dict");
            if (descr is null || fortran is null || shape is null)
                throw bad($"header lacks the key '{(descr is null ? "descr" : fortran is null ? "fortran_order" : "shape")}'");
            return (descr, fortran.Value, shape);
        }

        private char Peek() => _pos < text.Length ? text[_pos] : '\0';

        private void SkipSpace()
        {
            while (_pos < text.Length && text[_pos] is ' ' or '\t' or '\n' or '\r') _pos++;
        }

        private void Expect(char c)
        {
            if (Peek() != c) throw bad($"malformed header: expected '{c}' at offset {_pos}");
            _pos++;
        }

        private string ReadString(string what)
        {
            var quote = Peek();
            if (quote is not ('\'' or '"')) throw bad($"malformed header: expected {what} at offset {_pos}");
            var end = text.IndexOf(quote, _pos + 1);
            if (end < 0) throw bad("malformed header: unterminated string");
            var s = text[(_pos + 1)..end];
            if (s.Contains('\\')) throw bad("malformed header: escapes in strings are not supported");
            _pos = end + 1;
            return s;
        }

        private bool ReadBool()
        {
            foreach (var (word, value) in new[] { ("True", true), ("False", false) })
            {
                if (string.CompareOrdinal(text, _pos, word, 0, word.Length) == 0)
                {
                    _pos += word.Length;
                    return value;
                }
            }
            throw bad($"malformed header: 'fortran_order' must be True or False");
        }

        private List<long> ReadShape()
        {
            Expect('(');
            var dims = new List<long>();
            var trailingComma = false;
            while (true)
            {
                SkipSpace();
                if (Peek() == ')') { _pos++; break; }
                dims.Add(ReadDim());
                SkipSpace();
                trailingComma = Peek() == ',';
                if (trailingComma) { _pos++; continue; }
                Expect(')');
                break;
            }
            // In Python "(4)" is the int 4, not a tuple, and numpy rejects it.
            if (dims.Count == 1 && !trailingComma) throw bad("malformed header: 'shape' is not a tuple");
            if (dims.Count > 64) throw bad($"shape has {dims.Count} dimensions; at most 64 are supported");
            return dims;
        }

        private long ReadDim()
        {
            var negative = Peek() == '-';
            if (negative) _pos++;
            var start = _pos;
            long value = 0;
            while (_pos < text.Length && char.IsAsciiDigit(text[_pos]))
            {
                // Saturate: any value past int.MaxValue is rejected below anyway.
                value = Math.Min(value * 10 + (text[_pos] - '0'), (long)int.MaxValue + 1);
                _pos++;
            }
            if (_pos == start) throw bad($"malformed header: expected a dimension at offset {start}");
            var digits = text[start.._pos];
            if (negative) throw bad($"shape has a negative dimension -{Clip(digits)}");
            if (value > int.MaxValue) throw bad($"shape has a dimension {Clip(digits)} that is too large");
            return value;
        }

        private static string Clip(string digits) => digits.Length <= 24 ? digits : digits[..24] + "...";
    }
}
