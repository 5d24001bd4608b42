using Xunit;
using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Tests.Core;

internal static class TestData
{
    public static Dataset Sphere(int n, int d, ulong seed) => Datasets.Synthetic(InputDistribution.Sphere, n, d, seed);

    public static TwoLayerNet Net(int m, int d, ulong seed, Activation? act = null, OutputScaling s = OutputScaling.Ntk, bool inputScaled = false) =>
        Initialization.Net(InitScheme.Dzps, m, d, seed, act ?? Activation.Relu, s, inputScaled);

    /// <summary>Net with a random second layer (not ±1) so that a's gradient and a_r² factors are exercised.</summary>
    public static TwoLayerNet NetGaussianA(int m, int d, ulong seed, Activation act, OutputScaling s = OutputScaling.Ntk, bool inputScaled = false)
    {
        var net = Net(m, d, seed, act, s, inputScaled);
        var rng = new Rng(seed + 17);
        var a = new double[m];
        rng.FillGaussian(a);
        return net with { A = Vec.Of(a) };
    }

    public static IEnumerable<object[]> Activations() =>
        new[] { Activation.Relu, Activation.LeakyRelu(0.2), Activation.Erf, Activation.Softplus, Activation.Tanh, Activation.Identity }
            .Select(a => new object[] { a.Name });

    public static Activation Parse(string name)
    {
        if (name.StartsWith("leaky", StringComparison.Ordinal))
            return Activation.LeakyRelu(0.2);
        Assert.True(Activation.TryParse(name, out var a));
        return a;
    }
}
