using System.Diagnostics;
using Xunit;

namespace NtkPure.Tests.Cli;

/// <summary>
/// Same seed ⇒ same bytes, whatever the thread count: the tool run as a separate process with 1 and 2 processors,
/// for every command that writes files (bench --json records timings and is exempt).
/// </summary>
public sealed class ThreadCountTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ntk-threads-" + Guid.NewGuid().ToString("N"));

    public ThreadCountTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Run(string processors, string outDir, params string[] args) => RunRaw(processors, [.. args, "--out", outDir]);

    private static void RunRaw(string processors, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(typeof(NtkPure.Cli.Cli).Assembly.Location);
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_PROCESSOR_COUNT"] = processors;
        using var p = Process.Start(psi)!;
        string err = p.StandardError.ReadToEnd();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, err);
    }

    [Fact]
    public void TrainingWritesTheSameBytesOnOneAndTwoProcessors()
    {
        // large enough that the products and the fused forward pass split their work across threads
        string[] args = ["train", "--n", "96", "--d", "32", "--width", "2048", "--steps", "8", "--method", "all", "--train", "both", "--seed", "11"];
        Run("1", Path.Combine(_dir, "one"), args);
        Run("2", Path.Combine(_dir, "two"), args);
        foreach (var m in new[] { "gd", "flow", "linear", "linearized" })
            foreach (var f in new[] { "trajectory.npz", "trajectory.csv" })
                Assert.Equal(File.ReadAllBytes(Path.Combine(_dir, "one", m, f)), File.ReadAllBytes(Path.Combine(_dir, "two", m, f)));
        // and every other file: summary.json, the PNGs
        ReproducibleBytesTests.SameFiles(Path.Combine(_dir, "one"), Path.Combine(_dir, "two"));
    }

    /// <summary>Runs the command (given its output folder) with 1 and 2 processors and compares every file.</summary>
    private void OnOneAndTwo(Func<string, string[]> argv)
    {
        foreach (var p in new[] { "1", "2" })
        {
            var d = Path.Combine(_dir, p);
            Directory.CreateDirectory(d);
            RunRaw(p, argv(d));
        }
        ReproducibleBytesTests.SameFiles(Path.Combine(_dir, "1"), Path.Combine(_dir, "2"));
    }

    [Fact]
    public void KernelWritesTheSameBytesOnOneAndTwoProcessors() =>
        OnOneAndTwo(d => ["kernel", "--n", "300", "--d", "20", "--kind", "empirical-both", "--width", "512", "--seed", "4",
            "--spectrum", Path.Combine(d, "s.npy"), "--json", Path.Combine(d, "k.json"), "--out", Path.Combine(d, "K.npy")]);

    [Fact]
    public void CheckWritesTheSameBytesOnOneAndTwoProcessors() =>
        OnOneAndTwo(d => ["check", "hu/claim-c1", "linalg/weyl", "hu/data-concentration", "--trials", "20", "--seed", "4",
            "--json", Path.Combine(d, "c.json"), "--report", Path.Combine(d, "report")]);

    [Fact]
    public void FigureWritesTheSameBytesOnOneAndTwoProcessors() =>
        OnOneAndTwo(d => ["figure", "dzps-figure-1", "--quick", "--seed", "4", "--out", d]);
}
