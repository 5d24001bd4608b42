using BenchmarkDotNet.Attributes;
using NtkPure.Kernels;
using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Benchmarks;

/// <summary>
/// H(W) = (XXᵀ) ⊙ (SSᵀ)/m at n = 1024, d = 64, m = 32768: the pattern's co-occurrence by popcount of packed bits
/// against the float product of the 0/1 pattern matrix (what a float implementation does).
/// </summary>
[MemoryDiagnoser]
public class NtkGramBenchmarks
{
    private Mat _x = null!;
    private TwoLayerNet _net = null!;
    private Forward _forward = null!;
    private Mat _pattern = null!;

    [GlobalSetup]
    public void Setup()
    {
        _x = Datasets.Inputs(InputDistribution.Sphere, 1024, 64, 0);
        _net = Initialization.Net(InitScheme.Dzps, 32768, 64, 0, Activation.Relu, OutputScaling.Ntk);
        _forward = Forward.Of(_net, _x);
        _pattern = Mat.FromRowMajor(1024, 32768, _forward.Derivatives);
    }

    [Benchmark(Baseline = true)]
    public Mat FloatCoOccurrence() => _pattern.Gram();

    [Benchmark]
    public double[] PopcountCoOccurrence() => PatternGram.Of(_forward.Pattern, 1024, 32768, 1.0, 0.0);

    [Benchmark]
    public Mat EmpiricalNtkEndToEnd() => EmpiricalNtk.FirstLayer(_net, _x);
}

/// <summary>The packed GEMM at 1024³ (the reference size) and λ_min of H^∞ at n = 1024.</summary>
[MemoryDiagnoser]
public class LinearAlgebraBenchmarks
{
    private Mat _a = null!;
    private Mat _b = null!;
    private Mat _hinf = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Rng(1);
        var a = new double[1024 * 1024];
        var b = new double[1024 * 1024];
        rng.FillGaussian(a);
        rng.FillGaussian(b);
        _a = Mat.FromRowMajor(1024, 1024, a);
        _b = Mat.FromRowMajor(1024, 1024, b);
        _hinf = InfiniteWidth.Hinf(Datasets.Inputs(InputDistribution.Sphere, 1024, 64, 0));
    }

    [Benchmark]
    public Mat Gemm1024() => _a * _b;

    [Benchmark]
    public MinEigenResult MinEigenvalueHinf() => MinEigen.Of(_hinf);

    [Benchmark]
    public double FullEigendecompositionHinf() => SymmetricEigen.Of(_hinf).Min;
}
