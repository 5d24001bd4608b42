using System.Diagnostics;
using Xunit;

namespace NtkPure.Tests.Cli;

/// <summary>Ctrl-C and SIGTERM sent to a real ntk process: exit 130, one line on how to resume, no partial file.</summary>
public sealed class SignalTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ntk-signal-" + Guid.NewGuid().ToString("N"));

    public SignalTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Process Start(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _dir };
        psi.ArgumentList.Add(typeof(NtkPure.Cli.Cli).Assembly.Location);
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task ASignalStopsTheRunAtASafePointAndTheRerunResumes(string signal)
    {
        if (!OperatingSystem.IsLinux())
            return; // POSIX signals
        // a quick claim, then one that takes seconds: the signal arrives during the second
        string[] args = ["check", "linalg/weyl", "ntk-slides/theorem-3.1", "--trials", "300", "--seed", "2", "--json", "v.json", "--checkpoint", "v.checkpoint"];
        using (var p = Start(args))
        {
            var stderr = p.StandardError.ReadToEndAsync();
            var stdout = p.StandardOutput.ReadToEndAsync();
            var clock = Stopwatch.StartNew();
            while (!File.Exists(Path.Combine(_dir, "v.checkpoint")) && !p.HasExited && clock.Elapsed.TotalSeconds < 60)
                await Task.Delay(10);
            Assert.False(p.HasExited, "the run ended before the signal");
            using (var kill = Process.Start("kill", ["-" + signal, p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                await kill.WaitForExitAsync();
            await p.WaitForExitAsync();
            Assert.Equal(130, p.ExitCode);
            var lines = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("ntk:", StringComparison.Ordinal)).ToList();
            Assert.Equal(["ntk: interrupted after 1 of 2 claims; v.checkpoint keeps them: rerun the same command to resume"], lines);
            Assert.False(File.Exists(Path.Combine(_dir, "v.json")));
            Assert.Empty(Directory.GetFiles(_dir, "*.tmp*"));
            await stdout;
        }
        using var again = Start(args);
        var errTask = again.StandardError.ReadToEndAsync();
        await again.StandardOutput.ReadToEndAsync();
        await again.WaitForExitAsync();
        string err = await errTask;
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("resumed from v.checkpoint: 1 of 2 claims already finished", err);
        Assert.True(File.Exists(Path.Combine(_dir, "v.json")));
    }
}
