using System.Diagnostics;
using System.Globalization;
using NtkPure.Cli.IO;
using NtkPure.Cli.Output;
using NtkPure.Dynamics;
using NtkPure.Kernels;
using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Cli.Commands;

/// <summary>
/// `ntk bench`: the standard cases (names and sizes fixed so runs compare across versions and against the numpy
/// peer in tests/NtkPure.Benchmarks/peers), each the best of several repetitions after a warm-up.
/// </summary>
public static class BenchCommand
{
    public const string Usage = "ntk bench [--case NAME] [--repeat R] [--json FILE]";

    /// <summary>A case: its setup (untimed) returns the timed work.</summary>
    private sealed record Case(string Name, string What, double Flops, Func<Func<object>> Setup);

    private static readonly Case[] Cases =
    [
        new("gemm_n1024", "C = A·B, 1024×1024 float64 (the rate the other cases are measured against)", 2.0 * 1024 * 1024 * 1024, () =>
        {
            var rng = new Rng(0);
            var a = Mat.FromRowMajor(1024, 1024, Enumerable.Range(0, 1024 * 1024).Select(_ => rng.NextGaussian()).ToArray());
            var b = Mat.FromRowMajor(1024, 1024, Enumerable.Range(0, 1024 * 1024).Select(_ => rng.NextGaussian()).ToArray());
            return () => a * b;
        }),
        new("gd_n256_d64_m16384_20steps", "20 GD steps, first layer, ReLU, sum loss, X on the sphere", 20 * 4.0 * 256 * 16384 * 64, () =>
        {
            var data = Datasets.Synthetic(InputDistribution.Sphere, 256, 64, 0);
            var net = Initialization.Net(InitScheme.Dzps, 16384, 64, 0, Activation.Relu, OutputScaling.Ntk);
            var p = GdProblem.FirstLayer(data, LossKind.Sum, 0.01);
            return () =>
            {
                var s = GradientDescent.Start(p, net);
                for (int k = 0; k < 20; k++)
                    s = GradientDescent.Step(p, s);
                return s;
            };
        }),
        new("ntk_gram_n1024_d64_m32768", "H(W) of ntk-notes Definition 3 at a Gaussian W", 2.0 * 1024 * 32768 * 64, () =>
        {
            var x = Datasets.Inputs(InputDistribution.Sphere, 1024, 64, 0);
            var net = Initialization.Net(InitScheme.Dzps, 32768, 64, 0, Activation.Relu, OutputScaling.Ntk);
            return () => EmpiricalNtk.FirstLayer(net, x);
        }),
        new("hinf_lammin_n1024", "H^∞ for 1024 points on S⁶³ and its λ_min", 1024.0 * 1024 * 1024 / 3, () =>
        {
            var x = Datasets.Inputs(InputDistribution.Sphere, 1024, 64, 0);
            return () => MinEigen.Of(InfiniteWidth.Hinf(x));
        }),
    ];

    public static int Run(IEnumerable<string> argv, TextWriter stdout, TextWriter stderr)
    {
        var args = new Args(argv);
        var only = args.String("--case");
        int repeat = args.Int("--repeat", 5, 1, 1000);
        var json = args.String("--json");
        args.RejectUnused();
        var cases = only is null ? Cases : Cases.Where(c => c.Name == only).ToArray();
        if (cases.Length == 0)
            throw new UsageException($"unknown case '{only}' (cases: {string.Join(", ", Cases.Select(c => c.Name))})");
        stdout.WriteLine(FormattableString.Invariant($"ntk bench: {Environment.ProcessorCount} threads, {(System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? "AVX-512" : "256-bit vectors")}, best of {repeat} after a warm-up"));
        stdout.WriteLine($"{"case",-30} {"seconds",10} {"GFLOP/s*",9}  what");
        var results = new List<JsonObject>();
        foreach (var c in cases)
        {
            var work = c.Setup();
            work();
            double best = double.PositiveInfinity;
            var progress = new Progress(stderr, c.Name);
            for (int r = 0; r < repeat; r++)
            {
                var clock = Stopwatch.StartNew();
                GC.KeepAlive(work());
                best = Math.Min(best, clock.Elapsed.TotalSeconds);
                progress.Report(r + 1, repeat);
            }
            progress.Done();
            stdout.WriteLine(FormattableString.Invariant($"{c.Name,-30} {best,10:F4} {c.Flops / best / 1e9,9:F1}  {c.What}"));
            results.Add(new JsonObject().Add("case", c.Name).Add("seconds", best));
        }
        stdout.WriteLine("* floating-point work of the dense products a float implementation would do, per second");
        if (json is not null)
        {
            AtomicFile.WriteAllText(json, Json.Serialize(results));
        }
        return 0;
    }
}
