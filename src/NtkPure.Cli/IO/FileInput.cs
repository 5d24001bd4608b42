namespace NtkPure.Cli.IO;

/// <summary>Opening input files with failures reported as <see cref="InputException"/>.</summary>
internal static class FileInput
{
    public static FileStream Open(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new InputException(path, null, Describe(e), e);
        }
    }

    /// <summary>A short, stable reason for a failed open or read.</summary>
    public static string Describe(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "no such file",
        UnauthorizedAccessException => "permission denied",
        EndOfStreamException => "file is truncated",
        _ => "cannot read: " + e.Message,
    };
}
