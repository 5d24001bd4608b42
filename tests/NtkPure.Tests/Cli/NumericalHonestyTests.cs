using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using NtkPure.Cli.IO;
using NtkPure.Kernels;
using NtkPure.Model;
using NtkPure.Numerics;
using Xunit;

namespace NtkPure.Tests.Cli;

/// <summary>Ill-conditioned kernels are flagged with their condition number, divergence stops at the stable step bound.</summary>
public sealed class NumericalHonestyTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ntk-honest-" + Guid.NewGuid().ToString("N"));

    public NumericalHonestyTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(string name) => Path.Combine(_dir, name);

    private static (int Code, string Out, string Err) Ntk(params string[] args)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        int code = NtkPure.Cli.Cli.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public void AWellConditionedKernelHasNoWarningAndItsConditionNumberMatchesTheSpectrum()
    {
        var (code, _, err) = Ntk("kernel", "--n", "12", "--d", "4", "--kind", "relu-ntk", "--seed", "2", "--spectrum", P("s.npy"), "--json", P("k.json"), "--out", P("K.npy"));
        Assert.Equal(0, code);
        Assert.DoesNotContain("warning", err);
        var eig = Npy.ReadFile(P("s.npy")).Data;
        using var doc = JsonDocument.Parse(File.ReadAllText(P("k.json")));
        var s = doc.RootElement.GetProperty("spectrum");
        Assert.Equal(eig[^1] / eig[0], s.GetProperty("condition").GetDouble());
        Assert.False(s.GetProperty("ill_conditioned").GetBoolean());
        Assert.Equal(0, s.GetProperty("warnings").GetArrayLength());
    }

    [Fact]
    public void DuplicatePointsGetAnIllConditioningWarningOnStderrAndInTheJson()
    {
        File.WriteAllText(P("dup.csv"), "x1,x2,y\n1,0,1\n0.6,0.8,-1\n1,0,0.5\n0,1,2\n");
        var (code, _, err) = Ntk("kernel", "--data", P("dup.csv"), "--kind", "hinf", "--json", P("k.json"), "--out", P("K.npy"));
        Assert.Equal(0, code);
        Assert.Matches(@"^ntk: warning: K is ill-conditioned: condition number κ = (∞|[0-9.E+]+) ", err);
        using var doc = JsonDocument.Parse(File.ReadAllText(P("k.json")));
        var s = doc.RootElement.GetProperty("spectrum");
        Assert.True(s.GetProperty("ill_conditioned").GetBoolean());
        Assert.Equal(err.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, s.GetProperty("warnings").GetArrayLength());
        // λ_min of an exactly singular PSD matrix is rounding noise, inside the bound
        Assert.True(Math.Abs(s.GetProperty("lambda_min").GetDouble()) <= s.GetProperty("rounding_bound").GetDouble());

        // the linear model's closed form on the same data says the same in summary.json
        var (code2, _, err2) = Ntk("train", "--data", P("dup.csv"), "--width", "64", "--method", "linear", "--steps", "10", "--out", P("lin"));
        Assert.Equal(0, code2);
        Assert.Contains("ntk: warning: linear: the kernel η₁K₁ + η₂K₂ of the linear model is ill-conditioned", err2);
        using var summary = JsonDocument.Parse(File.ReadAllText(P("lin/summary.json")));
        var kernel = summary.RootElement.GetProperty("runs")[0].GetProperty("kernel");
        Assert.True(kernel.GetProperty("ill_conditioned").GetBoolean());
        Assert.NotEqual(0, kernel.GetProperty("warnings").GetArrayLength());
    }

    [Fact]
    public void DivergenceStopsWithExitThreeQuotingTheBoundThatSeparatesConvergenceFromDivergence()
    {
        // the bound printed is 2/λ_max of the NTK at initialisation, computed here independently
        string[] common = ["train", "--synthetic", "sphere", "--n", "8", "--d", "3", "--width", "64", "--method", "linear", "--seed", "6"];
        var (code, stdout, _) = Ntk([.. common, "--steps", "1", "--out", P("probe")]);
        Assert.Equal(0, code);
        double printed = double.Parse(Regex.Match(stdout, @"stable bound ([0-9.E+-]+)").Groups[1].Value, CultureInfo.InvariantCulture);
        var data = Datasets.Synthetic(InputDistribution.Sphere, 8, 3, 6);
        var net = Initialization.Net(InitScheme.Dzps, 64, 3, 6, Activation.Relu, OutputScaling.Ntk);
        double bound = 2 / SymmetricEigen.Of(EmpiricalNtk.OfLayers(net, data.X, Layers.First)).Max;
        Assert.True(Math.Abs(printed - bound) <= 5e-6 * bound, $"printed {printed}, independent {bound}"); // G6 rounding

        // the linear model converges just below it and diverges just above it
        var below = Ntk([.. common, "--eta", (0.98 * bound).ToString("R", CultureInfo.InvariantCulture), "--steps", "3000", "--out", P("below")]);
        Assert.Equal(0, below.Code);
        var above = Ntk([.. common, "--eta", (1.02 * bound).ToString("R", CultureInfo.InvariantCulture), "--steps", "3000", "--out", P("above")]);
        Assert.Equal(3, above.Code);
        var quoted = Regex.Match(above.Err, @"the stable step-size bound for this problem is η < ([0-9.E+-]+)");
        Assert.True(quoted.Success, above.Err);
        Assert.Equal(printed, double.Parse(quoted.Groups[1].Value, CultureInfo.InvariantCulture));
        foreach (var (_, a) in Npz.Read(P("above/trajectory.npz")))
            Assert.Equal(-1, a.FirstNonFinite());
    }

    [Fact]
    public void AVanishingNtkAsksForAStepInsteadOfTakingAnInfiniteOne()
    {
        File.WriteAllText(P("zero.csv"), "0,0,1\n0,0,2\n");
        var (code, _, err) = Ntk("train", "--data", P("zero.csv"), "--width", "8", "--steps", "3", "--out", P("z"));
        Assert.Equal(2, code);
        Assert.Contains("give --eta", err);
        Assert.False(Directory.Exists(P("z")));
        Assert.Equal(0, Ntk("train", "--data", P("zero.csv"), "--width", "8", "--steps", "3", "--eta", "0.1", "--out", P("z")).Code);
    }
}
