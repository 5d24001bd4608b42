using BenchmarkDotNet.Attributes;
using NtkPure.Dynamics;
using NtkPure.Model;

namespace NtkPure.Benchmarks;

/// <summary>One GD step of the two-layer net (first layer, ReLU, sum loss) at the sizes that dominate training.</summary>
[MemoryDiagnoser]
public class GdBenchmarks
{
    private GdProblem _problem = null!;
    private GdState _state = null!;

    [Params(256)]
    public int N { get; set; }

    [Params(64)]
    public int D { get; set; }

    [Params(4096, 16384)]
    public int M { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var data = Datasets.Synthetic(InputDistribution.Sphere, N, D, 1);
        var net = Initialization.Net(InitScheme.Dzps, M, D, 1, Activation.Relu, OutputScaling.Ntk);
        _problem = GdProblem.FirstLayer(data, LossKind.Sum, 0.1);
        _state = GradientDescent.Start(_problem, net);
    }

    [Benchmark]
    public GdState Step() => GradientDescent.Step(_problem, _state);
}
