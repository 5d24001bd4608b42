using System.Diagnostics;
using Xunit;

namespace NtkPure.Tests.Cli;

/// <summary>Same seed ⇒ same bytes, whatever the thread count: the tool run as a separate process with 1 and 2 processors.</summary>
public sealed class ThreadCountTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ntk-threads-" + Guid.NewGuid().ToString("N"));

    public ThreadCountTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Run(string processors, string outDir, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(typeof(NtkPure.Cli.Cli).Assembly.Location);
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        psi.ArgumentList.Add("--out");
        psi.ArgumentList.Add(outDir);
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
    }
}
