using System.Text.Json;
using Xunit;

namespace NtkPure.Tests.Cli;

public sealed class FigureTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ntk-figure-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
            Directory.Delete(_dir, recursive: true);
    }

    [Theory]
    [InlineData("parity-sgd")]
    [InlineData("cosine-landscape")]
    [InlineData("dzps-figure-1")]
    [InlineData("mean-field-vs-ntk")]
    [InlineData("nn-vs-rfm")]
    [InlineData("hu-erf")]
    [InlineData("fine-grained")]
    [InlineData("kernel-regression-limit")]
    [InlineData("lemma-2-tightness")]
    [InlineData("lazy-training")]
    [InlineData("ntk-convergence")]
    public void QuickFigureWritesItsFilesAndShowsItsProperty(string name)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        Assert.Equal(0, NtkPure.Cli.Cli.Run(["figure", name, "--quick", "--seed", "3", "--out", _dir], o, e));
        Assert.True(new FileInfo(Path.Combine(_dir, name + ".csv")).Length > 100);
        var pngs = Directory.GetFiles(_dir, name + "*.png");
        Assert.NotEmpty(pngs);
        foreach (var png in pngs)
        {
            var svg = Path.ChangeExtension(png, ".svg");
            Assert.True(File.Exists(svg), svg);
            var root = System.Xml.Linq.XDocument.Parse(File.ReadAllText(svg)).Root!;
            Assert.Equal("svg", root.Name.LocalName);
        }
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, name + ".json")));
        Assert.Equal(3UL, summary.RootElement.GetProperty("seed").GetUInt64());
        Assert.True(summary.RootElement.GetProperty("holds").GetBoolean(), summary.RootElement.GetProperty("property").GetString());
    }

    [Fact]
    public void ListAndBadNames()
    {
        var o = new StringWriter();
        var e = new StringWriter();
        Assert.Equal(0, NtkPure.Cli.Cli.Run(["figure", "--list"], o, e));
        Assert.Contains("dzps-figure-1", o.ToString());
        Assert.Equal(2, NtkPure.Cli.Cli.Run(["figure", "no-such-figure", "--out", _dir], o, e));
        Assert.Equal(2, NtkPure.Cli.Cli.Run(["figure", "parity-sgd", "--quick", "--long", "--out", _dir], o, e));
        Assert.False(Directory.Exists(_dir));
    }
}
