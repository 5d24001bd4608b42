using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Claims;

/// <summary>Random but valid problem instances built from one instance seed (small sizes: checks run in bulk).</summary>
public static class Instances
{
    public static int Between(ref Rng rng, int lo, int hi) => lo + rng.NextInt(hi - lo + 1);

    /// <summary>Points on the sphere, Gaussian labels, a dzps-initialised ReLU net in the ntk-notes setting.</summary>
    public static (Dataset Data, TwoLayerNet Net) NtkNotes(ulong seed, int maxN = 10, int maxD = 6, int maxM = 64)
    {
        var rng = new Rng(Rng.Derive(seed, "sizes"));
        int n = Between(ref rng, 2, maxN), d = Between(ref rng, 2, maxD), m = Between(ref rng, 4, maxM);
        var data = Datasets.Synthetic(InputDistribution.Sphere, n, d, seed);
        var net = Initialization.Net(InitScheme.Dzps, m, d, seed, Activation.Relu, OutputScaling.Ntk);
        return (data, net);
    }

    /// <summary>Any activation, scaling, loss and a Gaussian second layer: the general two-layer setting.</summary>
    public static (Dataset Data, TwoLayerNet Net, LossKind Loss) General(ulong seed)
    {
        var rng = new Rng(Rng.Derive(seed, "general"));
        int n = Between(ref rng, 2, 10), d = Between(ref rng, 1, 6), m = Between(ref rng, 2, 40);
        var acts = new[] { Activation.Relu, Activation.LeakyRelu(0.1), Activation.Erf, Activation.Softplus, Activation.Tanh, Activation.Identity };
        var act = acts[rng.NextInt(acts.Length)];
        var scaling = (OutputScaling)rng.NextInt(3);
        bool inputScaled = rng.NextSign() > 0;
        var loss = rng.NextSign() > 0 ? LossKind.Sum : LossKind.Mean;
        var data = Datasets.Synthetic(InputDistribution.Gaussian, n, d, seed);
        var (w, _) = Initialization.Draw(InitScheme.Dzps, m, d, seed);
        var a = new double[m];
        rng.FillGaussian(a);
        return (data, new TwoLayerNet(w, Vec.Of(a), act, scaling, inputScaled), loss);
    }

    /// <summary>A random symmetric n×n matrix with N(0,1) entries.</summary>
    public static Mat Symmetric(ref Rng rng, int n)
    {
        var d = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
                d[i * n + j] = d[j * n + i] = rng.NextGaussian();
        return Mat.FromRowMajor(n, n, d);
    }

    /// <summary>A random n×k matrix with N(0,1) entries.</summary>
    public static Mat Gaussian(ref Rng rng, int n, int k)
    {
        var d = new double[n * k];
        rng.FillGaussian(d);
        return Mat.FromRowMajor(n, k, d);
    }
}
