using NtkPure.Cli.IO;
using NtkPure.Kernels;
using NtkPure.Model;
using NtkPure.Numerics;
using NtkPure.Tests.IO;
using Xunit;

namespace NtkPure.Tests.Cli;

public class KernelCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] argv)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = NtkPure.Cli.Cli.Run(argv, o, e);
        return (code, o.ToString(), e.ToString());
    }

    private static string Value(string output, string key) =>
        output.Split('\n').First(l => l.StartsWith(key + " ", StringComparison.Ordinal))[key.Length..].Trim();

    [Fact]
    public void WritesTheMatrixAndPrintsItsSpectrum()
    {
        using var dir = new TempDir();
        var outPath = dir.File("K.npy");
        var spectrumPath = dir.File("eig.npy");
        var (code, stdout, stderr) = Run("kernel", "--kind", "relu-ntk", "--synthetic", "sphere", "--n", "12", "--d", "4", "--seed", "3", "--out", outPath, "--spectrum", spectrumPath);
        Assert.True(code == 0, stderr);
        var k = Npy.ReadFile(outPath);
        Assert.Equal(new[] { 12, 12 }, k.Shape);
        // the matrix is the library's closed form on the same synthetic inputs
        var x = Datasets.Synthetic(InputDistribution.Sphere, 12, 4, 3).X;
        Assert.Equal(InfiniteWidth.ReluNtk(x).ToArray(), k.Data);
        var eig = Npy.ReadFile(spectrumPath).Data;
        Assert.Equal(12, eig.Length);
        Assert.Equal(eig[0], double.Parse(Value(stdout, "lambda_min"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(eig[^1], double.Parse(Value(stdout, "lambda_max"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("12", Value(stdout, "n"));
        Assert.StartsWith((eig[^1] / eig[0]).ToString("G6", System.Globalization.CultureInfo.InvariantCulture), Value(stdout, "condition"));
    }

    [Theory]
    [InlineData("hinf")]
    [InlineData("arccos0")]
    [InlineData("arccos1")]
    [InlineData("rf-sphere")]
    [InlineData("erf-ntk")]
    [InlineData("empirical-first")]
    [InlineData("empirical-second")]
    [InlineData("empirical-both")]
    [InlineData("multilayer")]
    [InlineData("hu-lin1")]
    public void EveryKindRuns(string kind)
    {
        using var dir = new TempDir();
        var (code, _, stderr) = Run("kernel", "--kind", kind, "--n", "6", "--d", "3", "--out", dir.File("K.npy"));
        Assert.True(code == 0, stderr);
        Assert.Equal(new[] { 6, 6 }, Npy.ReadFile(dir.File("K.npy")).Shape);
    }

    [Fact]
    public void MultilayerIsThetaWithCSigmaTwoForRelu()
    {
        using var dir = new TempDir();
        var (code, stdout, _) = Run("kernel", "--kind", "multilayer", "--layers", "3", "--n", "5", "--d", "3", "--seed", "8", "--out", dir.File("K.npy"));
        Assert.Equal(0, code);
        Assert.Contains("c_σ = 2", stdout);
        var x = Datasets.Synthetic(InputDistribution.Sphere, 5, 3, 8).X;
        Assert.Equal(MultiLayerNtk.Of(Activation.Relu, x, 3).Theta.ToArray(), Npy.ReadFile(dir.File("K.npy")).Data);
    }

    [Fact]
    public void DuplicatePointsReportANonPositiveOrTinyLambdaMinWithoutClamping()
    {
        using var dir = new TempDir();
        var csv = dir.Write("d.csv", "x1,x2,y\n0.6,0.8,1\n1,0,2\n0.6,0.8,3\n");
        var (code, stdout, _) = Run("kernel", "--kind", "hinf", "--data", csv, "--out", dir.File("K.npy"), "--spectrum", dir.File("e.csv"));
        Assert.Equal(0, code);
        double lmin = double.Parse(Value(stdout, "lambda_min"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Math.Abs(lmin) <= 1e-15);
        Assert.StartsWith("eigenvalue\n", File.ReadAllText(dir.File("e.csv")));
    }

    [Theory]
    [InlineData("unknown kernel kind", "--kind", "gauss")]
    [InlineData("--kind is required")]
    [InlineData("--layers goes with --kind multilayer", "--kind", "hinf", "--layers", "2")]
    [InlineData("--layers must be", "--kind", "multilayer", "--layers", "0")]
    [InlineData("--activation does not apply", "--kind", "relu-ntk", "--activation", "erf")]
    [InlineData("--width goes with the empirical kinds", "--kind", "hinf", "--width", "10")]
    [InlineData("20000×20000 matrix", "--kind", "hinf", "--n", "20000", "--d", "1")]
    [InlineData("--out must name a .npy", "--kind", "hinf", "--out-as-csv")]
    public void BadInputExitsTwoWithOneLineAndWritesNothing(string message, params string[] options)
    {
        using var dir = new TempDir();
        var outPath = options.Contains("--out-as-csv") ? dir.File("K.csv") : dir.File("K.npy");
        var argv = new List<string> { "kernel" };
        argv.AddRange(options.Where(o => o != "--out-as-csv"));
        argv.AddRange(["--out", outPath]);
        var (code, _, stderr) = Run([.. argv]);
        Assert.Equal(2, code);
        Assert.Contains(message, stderr);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void AZeroInputIsRejectedWhereAnAngleIsNeeded()
    {
        using var dir = new TempDir();
        var csv = dir.Write("z.csv", "a,b,y\n1,0,1\n0,0,2\n");
        var (code, _, stderr) = Run("kernel", "--kind", "arccos0", "--data", csv, "--out", dir.File("K.npy"));
        Assert.Equal(2, code);
        Assert.Contains("x_1", stderr);
        Assert.Contains("zero norm", stderr);
        Assert.False(File.Exists(dir.File("K.npy")));
        // where the kernel is defined at 0 (the expectation is 0), it runs
        Assert.Equal(0, Run("kernel", "--kind", "hinf", "--data", csv, "--out", dir.File("K.npy")).Code);
    }

    [Fact]
    public void EmpiricalKindsUseTheNetFromInit()
    {
        using var dir = new TempDir();
        var data = Datasets.Synthetic(InputDistribution.Sphere, 4, 3, 1);
        var (w, a) = Initialization.Draw(InitScheme.Dzps, 7, 3, 2);
        var init = dir.File("init.npz");
        Npz.WriteFile(init, [new("W", NdArray.Matrix(7, 3, w.ToArray())), new("a", NdArray.Vector(a.ToArray()))]);
        var npz = dir.File("data.npz");
        Npz.WriteFile(npz, [new("X", NdArray.Matrix(4, 3, data.X.ToArray())), new("y", NdArray.Vector(data.Y.ToArray()))]);
        var (code, _, stderr) = Run("kernel", "--kind", "empirical-first", "--data", npz, "--init", init, "--out", dir.File("K.npy"));
        Assert.True(code == 0, stderr);
        var expected = EmpiricalNtk.FirstLayer(new TwoLayerNet(w, a, Activation.Relu), data.X);
        Assert.Equal(expected.ToArray(), Npy.ReadFile(dir.File("K.npy")).Data);
    }
}
