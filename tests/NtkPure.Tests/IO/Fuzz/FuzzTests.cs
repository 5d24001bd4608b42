using System.Globalization;
using Xunit;

namespace NtkPure.Tests.IO.Fuzz;

/// <summary>
/// The fuzz corpus (Fixtures/fuzz: hostile .npy, .npz and CSV files found by <see cref="HostileInputs"/>) replayed
/// through the readers and the CLI, and a fuzz run: a short one by default; <c>NTK_FUZZ=N</c> runs N iterations
/// (seed <c>NTK_FUZZ_SEED</c>, default 0) and saves into the source tree's corpus every input that misbehaves and
/// the first input of every outcome the corpus does not have yet.
/// </summary>
public sealed class FuzzTests
{
    private static string CorpusDir => Path.Combine(AppContext.BaseDirectory, "Fixtures", "fuzz");

    public static TheoryData<string> Corpus()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(CorpusDir).Select(Path.GetFileName).Order(StringComparer.Ordinal))
            data.Add(f!);
        return data;
    }

    public static TheoryData<string> Datasets()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(CorpusDir).Select(Path.GetFileName).Where(f => !f!.EndsWith(".npy", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            data.Add(f!);
        return data;
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void CorpusFileIsReadOrRejectedInOneLineWithinTheAllocationBound(string name)
    {
        var outcome = FuzzHarness.ReadThrough(Path.Combine(CorpusDir, name));
        Assert.True(outcome.Failure is null, $"{name}: {outcome.Failure}");
    }

    [Theory]
    [MemberData(nameof(Datasets))]
    public void CorpusFileThroughTheCliExitsZeroOrTwoWithOneLine(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), "ntk-fuzz-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var outcome = FuzzHarness.ThroughCli(Path.Combine(CorpusDir, name), dir);
            Assert.True(outcome.Failure is null, $"{name}: {outcome.Failure}");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void CorpusIsSmallAndCoversEveryFormat()
    {
        var files = Directory.GetFiles(CorpusDir);
        Assert.True(files.Sum(f => new FileInfo(f).Length) < 1 << 20, "the corpus should stay well under 1 MB");
        foreach (var ext in new[] { ".npy", ".npz", ".csv" })
            Assert.True(files.Count(f => f.EndsWith(ext, StringComparison.Ordinal)) >= 10, $"few {ext} files in the corpus");
    }

    [Fact]
    public void FuzzRun()
    {
        var env = Environment.GetEnvironmentVariable("NTK_FUZZ");
        bool saving = int.TryParse(env, NumberStyles.None, CultureInfo.InvariantCulture, out int iterations) && iterations > 0;
        if (!saving)
            iterations = 300;
        ulong seed = ulong.TryParse(Environment.GetEnvironmentVariable("NTK_FUZZ_SEED"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
        var target = saving ? SourceCorpus() : null;
        var known = new HashSet<string>(StringComparer.Ordinal);
        if (saving)
            foreach (var f in Directory.GetFiles(target!))
                known.Add(FuzzHarness.ReadThrough(f).Signature);

        var work = Path.Combine(Path.GetTempPath(), "ntk-fuzz-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        var failures = new HashSet<string>(StringComparer.Ordinal);
        var reports = new List<string>();
        try
        {
            for (int i = 0; i < iterations; i++)
            {
                var (format, bytes) = HostileInputs.Generate(seed, i);
                var path = Path.Combine(work, "input" + HostileInputs.Extension(format));
                File.WriteAllBytes(path, bytes);
                var outcome = FuzzHarness.ReadThrough(path);
                if (outcome.Failure is null && outcome.Signature.EndsWith("| loaded", StringComparison.Ordinal))
                {
                    var cli = FuzzHarness.ThroughCli(path, work);
                    outcome = new FuzzOutcome(outcome.Signature + " | " + cli.Signature, cli.Failure);
                }
                if (outcome.Failure is not null && failures.Add(outcome.Signature))
                    reports.Add($"seed {seed} iteration {i}: {outcome.Failure}");
                bool fresh = known.Add(outcome.Signature);
                if (target is not null && (outcome.Failure is not null || fresh) && bytes.Length <= 16 << 10)
                {
                    string prefix = outcome.Failure is not null ? "crash-" : "";
                    File.WriteAllBytes(Path.Combine(target, $"{prefix}{format.ToString().ToLowerInvariant()}-{FuzzHarness.Hash(outcome.Signature)}{HostileInputs.Extension(format)}"), bytes);
                }
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
        Assert.True(reports.Count == 0, string.Join("\n", reports));
    }

    private static string SourceCorpus()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NtkPure.sln")))
            dir = dir.Parent;
        if (dir is null)
            throw new InvalidOperationException("NTK_FUZZ saves into the source tree, which was not found above " + AppContext.BaseDirectory);
        var corpus = Path.Combine(dir.FullName, "tests", "NtkPure.Tests", "Fixtures", "fuzz");
        Directory.CreateDirectory(corpus);
        return corpus;
    }
}
