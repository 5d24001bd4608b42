using System.Security.Cryptography;
using System.Text;

namespace NtkPure.Cli.IO;

/// <summary>
/// Whole-file writes that either replace the target completely or leave it as it was: the content
/// goes to <c>.NAME.tmp-RANDOM</c> in the target's directory (so the rename stays on one file
/// system), is flushed to disk, and is then renamed over the target. A missing directory is created.
/// </summary>
public static class AtomicFile
{
    /// <summary>
    /// Runs <paramref name="write"/> on a fresh temporary file, then moves it over
    /// <paramref name="path"/>. If anything throws, the temporary file is deleted, the target is
    /// untouched and the exception propagates unchanged.
    /// </summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full) ?? throw new ArgumentException($"'{path}' names no file", nameof(path));
        Directory.CreateDirectory(directory); // `--out new/dir/K.npy` names a folder that need not exist yet
        var temp = Path.Combine(directory, $".{Path.GetFileName(full)}.tmp-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); }
            catch (IOException) { } // the original exception is the one worth reporting
            catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    /// <summary>Atomically writes <paramref name="text"/> as UTF-8 without a byte order mark.</summary>
    public static void WriteAllText(string path, string text) =>
        WriteAllBytes(path, new UTF8Encoding(false).GetBytes(text));

    /// <summary>Atomically writes <paramref name="bytes"/>.</summary>
    public static void WriteAllBytes(string path, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        Write(path, s => s.Write(bytes));
    }
}
