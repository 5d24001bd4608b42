using System.Globalization;
using Xunit;

namespace NtkPure.Tests.Cli;

/// <summary>
/// Same inputs and seed ⇒ the same bytes in every file a command writes, whatever the current culture: each
/// command runs twice in-process, once under the invariant culture and once under a culture that formats numbers
/// the German/French way and worse (decimal comma, '.' grouping, a Unicode minus, words for NaN and ∞), and every
/// file is compared byte for byte. Thread counts are covered by <see cref="ThreadCountTests"/>.
/// </summary>
public sealed class ReproducibleBytesTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ntk-bytes-" + Guid.NewGuid().ToString("N"));

    public ReproducibleBytesTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>
    /// de-DE and fr-FR cannot be created here (the build uses invariant globalization), so this culture carries
    /// their number formats, and more that a culture-sensitive formatter would leak.
    /// </summary>
    public static CultureInfo HostileCulture()
    {
        var c = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        var f = c.NumberFormat;
        f.NumberDecimalSeparator = ",";
        f.NumberGroupSeparator = ".";
        f.PercentDecimalSeparator = ",";
        f.CurrencyDecimalSeparator = ",";
        f.NegativeSign = "\u2212";
        f.PositiveSign = "⁺";
        f.NaNSymbol = "NaN(de)";
        f.PositiveInfinitySymbol = "∞";
        f.NegativeInfinitySymbol = "−∞";
        f.NumberGroupSizes = [3];
        c.DateTimeFormat.DateSeparator = ".";
        return c;
    }

    /// <summary>Every file under <paramref name="root"/>, by relative path, with its bytes.</summary>
    internal static SortedDictionary<string, byte[]> Files(string root) =>
        new(Directory.GetFiles(root, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(root, f), File.ReadAllBytes), StringComparer.Ordinal);

    internal static void SameFiles(string a, string b)
    {
        var fa = Files(a);
        var fb = Files(b);
        Assert.Equal(fa.Keys, fb.Keys);
        Assert.NotEmpty(fa);
        foreach (var (name, bytes) in fa)
            Assert.True(bytes.AsSpan().SequenceEqual(fb[name]), $"{name} differs between the two runs");
    }

    private void RunBoth(Func<string, string[]> argv)
    {
        var previous = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            foreach (var (label, culture) in new[] { ("invariant", CultureInfo.InvariantCulture), ("hostile", HostileCulture()) })
            {
                CultureInfo.CurrentCulture = culture;
                CultureInfo.CurrentUICulture = culture;
                var dir = Path.Combine(_dir, label);
                var (o, e) = (new StringWriter(), new StringWriter());
                int code = NtkPure.Cli.Cli.Run(argv(dir), o, e);
                Assert.True(code == 0, $"{label}: exit {code}: {e}");
            }
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = previous;
        }
        SameFiles(Path.Combine(_dir, "invariant"), Path.Combine(_dir, "hostile"));
    }

    [Fact]
    public void TrainWritesTheSameBytesUnderAnyCulture() =>
        RunBoth(d => ["train", "--n", "6", "--d", "3", "--width", "40", "--steps", "12", "--method", "all", "--train", "both", "--lambda-min", "--seed", "5", "--out", d]);

    [Fact]
    public void KernelWritesTheSameBytesUnderAnyCulture() =>
        RunBoth(d => ["kernel", "--n", "12", "--d", "3", "--kind", "relu-ntk", "--seed", "5", "--spectrum", Path.Combine(d, "s.csv"), "--json", Path.Combine(d, "k.json"), "--out", Path.Combine(d, "K.npy")]);

    [Fact]
    public void CheckWritesTheSameBytesUnderAnyCulture() =>
        RunBoth(d => ["check", "hu/claim-c1", "linalg/weyl", "--trials", "10", "--seed", "5", "--json", Path.Combine(d, "c.json"), "--report", Path.Combine(d, "report")]);

    [Fact]
    public void FigureWritesTheSameBytesUnderAnyCulture() =>
        RunBoth(d => ["figure", "mean-field-vs-ntk", "--quick", "--seed", "5", "--out", d]);

    [Fact]
    public void NoOutputFileRecordsAWallClockTime()
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        Assert.Equal(0, NtkPure.Cli.Cli.Run(["train", "--n", "5", "--d", "2", "--width", "10", "--steps", "3", "--out", Path.Combine(_dir, "t")], o, e));
        Assert.Contains(" s)", o.ToString()); // the timing goes to stdout
        Assert.Equal(0, NtkPure.Cli.Cli.Run(["check", "linalg/weyl", "--trials", "3", "--json", Path.Combine(_dir, "c.json"), "--report", Path.Combine(_dir, "r")], o, e));
        foreach (var f in new[] { Path.Combine(_dir, "t", "summary.json"), Path.Combine(_dir, "c.json"), Path.Combine(_dir, "r", "report.md") })
        {
            var text = File.ReadAllText(f);
            Assert.DoesNotContain("seconds", text);
            Assert.DoesNotMatch(@"\d s\b", text);
        }
    }
}
