using NtkPure.Cli.IO;
using Xunit;

namespace NtkPure.Tests.IO;

public class AtomicFileTests
{
    [Fact]
    public void Writes_and_replaces()
    {
        using var dir = new TempDir();
        var path = dir.File("out.txt");
        AtomicFile.WriteAllText(path, "first");
        AtomicFile.WriteAllText(path, "second");
        Assert.Equal("second", File.ReadAllText(path));
        AtomicFile.WriteAllBytes(path, [1, 2, 3]);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void A_failed_write_leaves_neither_target_nor_temp_file()
    {
        using var dir = new TempDir();
        var path = dir.File("out.bin");
        var e = Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.Write(new byte[1000]);
            throw new InvalidOperationException("boom");
        }));
        Assert.Equal("boom", e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void A_failed_write_keeps_the_old_content()
    {
        using var dir = new TempDir();
        var path = dir.Write("out.txt", "old");
        Assert.Throws<IOException>(() => AtomicFile.Write(path, s =>
        {
            s.Write("partial"u8);
            throw new IOException("disk full");
        }));
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void The_temp_file_sits_beside_the_target()
    {
        using var dir = new TempDir();
        string? seen = null;
        AtomicFile.Write(dir.File("x.npz"), s => seen = ((FileStream)s).Name);
        Assert.Equal(dir.Path, Path.GetDirectoryName(seen));
        Assert.StartsWith(".x.npz.tmp-", Path.GetFileName(seen));
    }
}
