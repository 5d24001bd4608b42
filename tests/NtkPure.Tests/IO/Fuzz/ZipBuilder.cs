using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace NtkPure.Tests.IO.Fuzz;

/// <summary>
/// A hand-written zip writer whose every header field can be made to lie: the declared sizes, the CRC, the
/// entry count, the names. Real zip writers refuse to produce such archives, which is why the fuzzer needs one.
/// </summary>
internal sealed class ZipBuilder
{
    internal sealed class Entry(string name, byte[] data, bool deflate)
    {
        public string Name { get; set; } = name;
        public byte[] Data { get; set; } = data;
        public bool Deflate { get; set; } = deflate;

        /// <summary>Overrides for the central directory (C) and the local header (L); null keeps the truth.</summary>
        public uint? CentralUncompressed { get; set; }
        public uint? CentralCompressed { get; set; }
        public uint? LocalUncompressed { get; set; }
        public uint? LocalCompressed { get; set; }
        public uint? Crc { get; set; }
        public ushort? Method { get; set; }
    }

    public List<Entry> Entries { get; } = [];

    /// <summary>Overrides the entry counts of the end-of-central-directory record.</summary>
    public ushort? DeclaredCount { get; set; }

    /// <summary>Overrides the central directory's offset in the end record.</summary>
    public uint? DirectoryOffset { get; set; }

    public ZipBuilder Add(string name, byte[] data, bool deflate = false)
    {
        Entries.Add(new Entry(name, data, deflate));
        return this;
    }

    public byte[] Build()
    {
        var file = new MemoryStream();
        var central = new MemoryStream();
        foreach (var e in Entries)
        {
            var payload = e.Deflate ? DeflateBytes(e.Data) : e.Data;
            var name = Encoding.UTF8.GetBytes(e.Name);
            uint crc = e.Crc ?? Crc32(e.Data);
            ushort method = e.Method ?? (ushort)(e.Deflate ? 8 : 0);
            uint offset = (uint)file.Length;
            Header(file, 0x04034b50, central: false, method, crc, e.LocalCompressed ?? (uint)payload.Length, e.LocalUncompressed ?? (uint)e.Data.Length, name, 0);
            file.Write(payload);
            Header(central, 0x02014b50, central: true, method, crc, e.CentralCompressed ?? (uint)payload.Length, e.CentralUncompressed ?? (uint)e.Data.Length, name, offset);
        }
        uint directoryOffset = (uint)file.Length;
        central.Position = 0;
        central.CopyTo(file);
        Span<byte> end = stackalloc byte[22];
        BinaryPrimitives.WriteUInt32LittleEndian(end, 0x06054b50);
        ushort count = DeclaredCount ?? (ushort)Entries.Count;
        BinaryPrimitives.WriteUInt16LittleEndian(end[8..], count);
        BinaryPrimitives.WriteUInt16LittleEndian(end[10..], count);
        BinaryPrimitives.WriteUInt32LittleEndian(end[12..], (uint)central.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(end[16..], DirectoryOffset ?? directoryOffset);
        file.Write(end);
        return file.ToArray();
    }

    private static void Header(Stream s, uint signature, bool central, ushort method, uint crc, uint compressed, uint uncompressed, byte[] name, uint offset)
    {
        var h = new byte[central ? 46 : 30];
        var b = h.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(b, signature);
        int at = 4;
        if (central)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(b[at..], 20); // version made by
            at += 2;
        }
        BinaryPrimitives.WriteUInt16LittleEndian(b[at..], 20); // version needed
        BinaryPrimitives.WriteUInt16LittleEndian(b[(at + 2)..], 0); // flags
        BinaryPrimitives.WriteUInt16LittleEndian(b[(at + 4)..], method);
        BinaryPrimitives.WriteUInt16LittleEndian(b[(at + 6)..], 0); // time
        BinaryPrimitives.WriteUInt16LittleEndian(b[(at + 8)..], 0x21); // date: 1980-01-01
        BinaryPrimitives.WriteUInt32LittleEndian(b[(at + 10)..], crc);
        BinaryPrimitives.WriteUInt32LittleEndian(b[(at + 14)..], compressed);
        BinaryPrimitives.WriteUInt32LittleEndian(b[(at + 18)..], uncompressed);
        BinaryPrimitives.WriteUInt16LittleEndian(b[(at + 22)..], (ushort)name.Length);
        if (central)
            BinaryPrimitives.WriteUInt32LittleEndian(b[42..], offset); // comment, disk, attributes stay 0
        s.Write(h);
        s.Write(name);
    }

    /// <summary>The zip CRC-32 (reflected polynomial 0xEDB88320), bit by bit: the inputs are tiny.</summary>
    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint c = 0xFFFFFFFF;
        foreach (var b in data)
        {
            c ^= b;
            for (int k = 0; k < 8; k++)
                c = (c & 1) != 0 ? (c >> 1) ^ 0xEDB88320 : c >> 1;
        }
        return ~c;
    }

    public static byte[] DeflateBytes(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var d = new DeflateStream(ms, CompressionLevel.Optimal, leaveOpen: true))
            d.Write(data);
        return ms.ToArray();
    }
}
