using System.IO.Compression;

namespace NtkPure.Cli.IO;

/// <summary>
/// numpy's .npz format: a zip archive of .npy files, one per array, entry <c>KEY.npy</c> for key
/// <c>KEY</c>, stored (np.savez) or deflated (np.savez_compressed).
/// </summary>
public static class Npz
{
    /// <summary>Default cap on the archive's total declared uncompressed size: 2 GiB.</summary>
    public const long DefaultMaxBytes = 2L << 30;

    /// <summary>The timestamp every written entry carries, so equal arrays give equal files.</summary>
    public static readonly DateTimeOffset EntryTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Reads every array of a .npz file, in archive order, keyed by entry name without ".npy".
    /// </summary>
    /// <param name="path">The file; errors name it as given.</param>
    /// <param name="maxBytes">
    /// Cap on the sum of the entries' declared uncompressed sizes, checked before any entry is
    /// inflated; no array is ever allocated beyond its entry's declared size.
    /// </param>
    /// <exception cref="InputException">
    /// Missing or unreadable file, not a zip archive, an entry not named *.npy (numpy never writes
    /// one, so it signals a wrong file rather than something to skip), a key given twice, sizes
    /// over <paramref name="maxBytes"/>, or any .npy problem (see <see cref="Npy.Read"/>).
    /// </exception>
    public static IReadOnlyDictionary<string, NdArray> Read(string path, long maxBytes = DefaultMaxBytes)
    {
        using var file = FileInput.Open(path);
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(file, ZipArchiveMode.Read);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw new InputException(path, null, "not a valid .npz (zip) archive: " + e.Message, e);
        }
        using (zip)
        {
            // The central directory is parsed lazily, on the first look at the entries: a corrupt one throws here.
            IReadOnlyList<ZipArchiveEntry> entries;
            try
            {
                entries = zip.Entries;
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                throw new InputException(path, null, "not a valid .npz (zip) archive: " + e.Message, e);
            }
            // Check every name and declared size before inflating anything.
            var keys = new HashSet<string>(StringComparer.Ordinal);
            long declared = 0;
            foreach (var entry in entries)
            {
                var name = entry.FullName;
                if (!name.EndsWith(".npy", StringComparison.Ordinal))
                    throw new InputException(path, name, "entry is not an .npy array");
                var key = name[..^4];
                if (!keys.Add(key))
                    throw new InputException(path, key, "key appears more than once in the archive");
                declared += entry.Length;
                if (entry.Length < 0 || declared > maxBytes)
                    throw new InputException(path, key, $"declared size {entry.Length} bytes takes the archive past the limit of {maxBytes} bytes");
            }
            var result = new OrderedDictionary<string, NdArray>(StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                var key = entry.FullName[..^4];
                try
                {
                    using var stream = entry.Open();
                    result.Add(key, Npy.Read(stream, path, key, entry.Length));
                }
                catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException)
                {
                    throw new InputException(path, key, "cannot read entry: " + e.Message, e);
                }
            }
            return result;
        }
    }

    /// <summary>
    /// Writes the arrays as an np.savez-style archive: entries <c>KEY.npy</c> in the given order,
    /// stored uncompressed, each a '&lt;f8' C-order .npy, all stamped <see cref="EntryTime"/>.
    /// The same arrays always give the same bytes.
    /// </summary>
    /// <exception cref="ArgumentException">An empty or repeated key.</exception>
    /// <exception cref="NonFiniteOutputException">An element is NaN or infinite (checked before anything is written).</exception>
    public static void Write(Stream stream, IEnumerable<KeyValuePair<string, NdArray>> arrays)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(arrays);
        var list = arrays.ToList();
        foreach (var (key, array) in list)
            NonFiniteOutputException.ThrowIfAny(array, null, key);
        arrays = list;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var (key, array) in arrays)
        {
            if (string.IsNullOrEmpty(key)) throw new ArgumentException("array keys must not be empty", nameof(arrays));
            if (!seen.Add(key)) throw new ArgumentException($"array key '{key}' is given twice", nameof(arrays));
            var entry = zip.CreateEntry(key + ".npy", CompressionLevel.NoCompression);
            entry.LastWriteTime = EntryTime;
            using var entryStream = entry.Open();
            Npy.Write(entryStream, array);
        }
    }

    /// <summary>Writes a .npz file atomically (see <see cref="AtomicFile"/>).</summary>
    public static void WriteFile(string path, IEnumerable<KeyValuePair<string, NdArray>> arrays)
    {
        try
        {
            AtomicFile.Write(path, s => Write(s, arrays));
        }
        catch (NonFiniteOutputException e) when (e.File is null)
        {
            throw e.For(path);
        }
    }
}
