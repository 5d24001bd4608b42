using System.Text.Json;
using NtkPure.Cli.IO;
using Xunit;

namespace NtkPure.Tests.Cli;

public sealed class CliTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ntk-cli-" + Guid.NewGuid().ToString("N"));

    public CliTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Ntk(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = NtkPure.Cli.Cli.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    private string P(string name) => Path.Combine(_dir, name);

    [Fact]
    public void TrainWritesTheDocumentedFiles()
    {
        var (code, stdout, _) = Ntk("train", "--synthetic", "sphere", "--n", "6", "--d", "3", "--width", "40", "--steps", "25", "--seed", "7", "--out", P("run"));
        Assert.Equal(0, code);
        Assert.Contains("seed 7", stdout);
        var npz = Npz.Read(P("run/trajectory.npz"));
        Assert.Equal(new[] { 26, 6 }, npz["u"].Shape);
        Assert.Equal(new[] { 26 }, npz["loss"].Shape);
        Assert.Equal(new[] { 40, 3 }, npz["W"].Shape);
        Assert.Equal(new[] { 40 }, npz["a"].Shape);
        var csv = File.ReadAllLines(P("run/trajectory.csv"));
        Assert.Equal("step,time,loss,max_weight_move,pattern_change_fraction,lambda_min", csv[0]);
        Assert.Equal(27, csv.Length);
        Assert.DoesNotContain(csv, l => l.Contains("NaN"));
        using var summary = JsonDocument.Parse(File.ReadAllText(P("run/summary.json")));
        Assert.Equal(7UL, summary.RootElement.GetProperty("seed").GetUInt64());
        var run = summary.RootElement.GetProperty("runs")[0];
        Assert.Equal(npz["loss"].Data[^1], run.GetProperty("final_loss").GetDouble());
        Assert.True(run.GetProperty("final_loss").GetDouble() < run.GetProperty("initial_loss").GetDouble());
        Assert.True(new FileInfo(P("run/loss.png")).Length > 1000);
        Assert.Empty(Directory.GetFiles(P("run"), "*.tmp*", SearchOption.AllDirectories));
    }

    [Fact]
    public void MethodAllWritesOneFolderPerMethodAndACombinedPlot()
    {
        var (code, _, _) = Ntk("train", "--n", "5", "--d", "3", "--width", "20", "--steps", "10", "--method", "all", "--activation", "erf", "--train", "both", "--loss", "mean", "--lambda-min", "--out", P("all"));
        Assert.Equal(0, code);
        foreach (var m in new[] { "gd", "flow", "linear", "linearized" })
            Assert.True(File.Exists(P($"all/{m}/trajectory.npz")), m);
        Assert.True(File.Exists(P("all/loss.png")));
        Assert.False(Npz.Read(P("all/linear/trajectory.npz")).ContainsKey("W"));
        var gdCsv = File.ReadAllLines(P("all/gd/trajectory.csv"));
        Assert.NotEqual("", gdCsv[1].Split(',')[5]); // λ_min recorded on request
    }

    [Fact]
    public void SameSeedSameBytes()
    {
        Assert.Equal(0, Ntk("train", "--n", "8", "--d", "4", "--width", "300", "--steps", "15", "--seed", "3", "--out", P("a")).Code);
        Assert.Equal(0, Ntk("train", "--n", "8", "--d", "4", "--width", "300", "--steps", "15", "--seed", "3", "--out", P("b")).Code);
        Assert.Equal(File.ReadAllBytes(P("a/trajectory.npz")), File.ReadAllBytes(P("b/trajectory.npz")));
        Assert.Equal(File.ReadAllBytes(P("a/trajectory.csv")), File.ReadAllBytes(P("b/trajectory.csv")));
        Assert.Equal(0, Ntk("train", "--n", "8", "--d", "4", "--width", "300", "--steps", "15", "--seed", "4", "--out", P("c")).Code);
        Assert.NotEqual(File.ReadAllBytes(P("a/trajectory.npz")), File.ReadAllBytes(P("c/trajectory.npz")));
    }

    [Fact]
    public void TrainsFromDataAndInitFiles()
    {
        Npz.WriteFile(P("data.npz"), [new("X", NdArray.Matrix(3, 2, [1, 0, 0, 1, 0.6, 0.8])), new("y", NdArray.Vector([1, -1, 0.5]))]);
        Npz.WriteFile(P("init.npz"), [new("W", NdArray.Matrix(4, 2, [1, 0.5, -1, 0.2, 0.3, -0.7, 0.9, 0.1])), new("a", NdArray.Vector([1, -1, 1, -1]))]);
        var (code, _, err) = Ntk("train", "--data", P("data.npz"), "--init", P("init.npz"), "--steps", "5", "--eta", "0.1", "--out", P("files"));
        Assert.True(code == 0, err);
        var w0 = Npz.Read(P("files/trajectory.npz"))["W"];
        Assert.Equal(new[] { 4, 2 }, w0.Shape);
        File.WriteAllText(P("data.csv"), "x1,x2,y\n1,0,1\n0,1,-1\n0.6,0.8,0.5\n");
        Assert.Equal(0, Ntk("train", "--data", P("data.csv"), "--init", P("init.npz"), "--steps", "5", "--eta", "0.1", "--out", P("csv")).Code);
        // the same data through CSV and npz gives the same trajectory
        Assert.Equal(File.ReadAllBytes(P("files/trajectory.csv")), File.ReadAllBytes(P("csv/trajectory.csv")));
    }

    public static IEnumerable<object[]> BadArguments() =>
        new[]
        {
            new object[] { new[] { "train", "--out", "OUT", "--bogus", "1" }, "unknown option --bogus" },
            new object[] { new[] { "train", "--out", "OUT", "--width", "-3" }, "--width" },
            new object[] { new[] { "train", "--out", "OUT", "--steps", "-1" }, "--steps" },
            new object[] { new[] { "train", "--out", "OUT", "--eta", "nan" }, "--eta" },
            new object[] { new[] { "train", "--out", "OUT", "--eta", "0" }, "--eta" },
            new object[] { new[] { "train", "--out", "OUT", "--method", "sgd" }, "--method" },
            new object[] { new[] { "train", "--out", "OUT", "--data", "MISSING.npz" }, "no such file" },
            new object[] { new[] { "train", "--out", "OUT", "--data", "x.npz", "--synthetic", "sphere" }, "not both" },
            new object[] { new[] { "train", "--out", "OUT", "--width", "5", "--init-scheme", "symmetric" }, "even" },
            new object[] { new[] { "train" }, "--out" },
            new object[] { new[] { "frobnicate" }, "unknown command" },
            new object[] { new[] { "check", "no/such-claim" }, "unknown claim id" },
            new object[] { new[] { "check", "--trials", "0" }, "--trials" },
            new object[] { new[] { "check", "--replay", "garbage" }, "malformed replay token" },
            new object[] { new[] { "check", "--replay", "linalg/weyl@x1" }, "malformed replay token" },
        };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void BadArgumentsExitTwoWithOneLineAndWriteNothing(string[] args, string expected)
    {
        var resolved = args.Select(a => a == "OUT" ? P("out") : a).ToArray();
        var (code, _, err) = Ntk(resolved);
        Assert.Equal(2, code);
        Assert.Contains(expected, err);
        Assert.Single(err.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("ntk: ", err);
        Assert.False(Directory.Exists(P("out")));
    }

    public static IEnumerable<object[]> BadFiles() =>
        new[]
        {
            new object[] { "wrongrank.npz", new[] { ("X", NdArray.Vector([1, 2, 3])), ("y", NdArray.Vector([1, 2, 3])) }, "key 'X'" },
            new object[] { "mismatch.npz", new[] { ("X", NdArray.Matrix(3, 2, [1, 0, 0, 1, 1, 1])), ("y", NdArray.Vector([1, 2])) }, "key 'y'" },
            new object[] { "nonfinite.npz", new[] { ("X", NdArray.Matrix(2, 2, [1, 0, double.NaN, 1])), ("y", NdArray.Vector([1, 2])) }, "non-finite" },
            new object[] { "missingkey.npz", new[] { ("X", NdArray.Matrix(2, 2, [1, 0, 0, 1])) }, "key 'y'" },
        };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void BadDataFilesNameFileKeyAndProblem(string name, (string Key, NdArray Value)[] arrays, string expected)
    {
        File.WriteAllBytes(P(name), NtkPure.Tests.IO.IoAssert.NpzBytes(arrays)); // as another tool may write it: NaN included
        var (code, _, err) = Ntk("train", "--data", P(name), "--out", P("out"));
        Assert.Equal(2, code);
        Assert.Contains(name, err);
        Assert.Contains(expected, err);
        Assert.Single(err.TrimEnd('\n').Split('\n'));
        Assert.False(Directory.Exists(P("out")));
    }

    [Fact]
    public void TruncatedFileAndInitMismatchAreInputErrors()
    {
        Npz.WriteFile(P("ok.npz"), [new("X", NdArray.Matrix(2, 3, [1, 0, 0, 0, 1, 0])), new("y", NdArray.Vector([1, 2]))]);
        var bytes = File.ReadAllBytes(P("ok.npz"));
        File.WriteAllBytes(P("trunc.npz"), bytes[..(bytes.Length / 2)]);
        Assert.Equal(2, Ntk("train", "--data", P("trunc.npz"), "--out", P("out")).Code);
        Npz.WriteFile(P("init.npz"), [new("W", NdArray.Matrix(2, 2, [1, 0, 0, 1])), new("a", NdArray.Vector([1, 1]))]);
        var (code, _, err) = Ntk("train", "--data", P("ok.npz"), "--init", P("init.npz"), "--out", P("out"));
        Assert.Equal(2, code);
        Assert.Contains("key 'W'", err);
        Assert.Contains("d = 3", err);
        Assert.False(Directory.Exists(P("out")));
    }

    [Fact]
    public void DivergentRunStopsWithTheStableBoundAndWritesNoNaN()
    {
        var (code, _, err) = Ntk("train", "--n", "6", "--d", "3", "--width", "50", "--steps", "400", "--eta", "50", "--out", P("div"));
        Assert.Equal(3, code);
        Assert.Contains("stable step-size bound", err);
        Assert.DoesNotContain("NaN", File.ReadAllText(P("div/trajectory.csv")));
        foreach (var (_, a) in Npz.Read(P("div/trajectory.npz")))
            Assert.Equal(-1, a.FirstNonFinite());
        using var summary = JsonDocument.Parse(File.ReadAllText(P("div/summary.json")));
        Assert.Contains("stopped at step", summary.RootElement.GetProperty("runs")[0].GetProperty("stopped").GetString());
    }

    [Fact]
    public void CheckListsRunsAndWritesJson()
    {
        var (code, stdout, _) = Ntk("check", "--list");
        Assert.Equal(0, code);
        Assert.Contains("hu/claim-c1", stdout.Split('\n'));
        var (code2, out2, _) = Ntk("check", "hu/claim-c1", "linalg/weyl", "--trials", "20", "--seed", "9", "--json", P("c.json"));
        Assert.Equal(0, code2);
        Assert.Contains("Holds", out2);
        using var doc = JsonDocument.Parse(File.ReadAllText(P("c.json")));
        var first = doc.RootElement[0];
        foreach (var key in new[] { "id", "source", "kind", "verdict", "instances", "hypothesisHeld", "worstMargin", "seed" })
            Assert.True(first.TryGetProperty(key, out _), key);
        Assert.False(first.TryGetProperty("seconds", out _)); // a timing would make equal runs differ
        Assert.Equal("hu/claim-c1", first.GetProperty("id").GetString());
        Assert.Equal(20, first.GetProperty("instances").GetInt32());
        var (code3, out3, _) = Ntk("check", "--replay", "linalg/weyl@12345");
        Assert.Equal(0, code3);
        Assert.Contains("linalg/weyl instance 12345", out3);
    }
}
