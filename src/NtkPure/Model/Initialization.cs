using NtkPure.Numerics;

namespace NtkPure.Model;

public enum InitScheme
{
    /// <summary>w_r ~ N(0, I_d), a_r ~ Unif{±1} (DZPS19; ntk-notes Theorem 7).</summary>
    Dzps,

    /// <summary>a = 0, b_j ~ Unif(S^{d−1}) (wu, "the kernel regime").</summary>
    WuKernel,

    /// <summary>
    /// hu's symmetric initialisation: m even, w_{r+m/2} = w_r ~ N(0, I_d), a_{r+m/2} = −a_r with a_r ~ Unif{±1},
    /// so f(x) ≡ 0 at initialisation for every x.
    /// </summary>
    Symmetric,

    /// <summary>a ~ N(0, 1/m), b ~ N(0, I/(m·d)) (wu's balanced initialisation).</summary>
    Balanced,
}

public static class Initialization
{
    public static string Name(this InitScheme s) =>
        s switch
        {
            InitScheme.Dzps => "dzps",
            InitScheme.WuKernel => "wu-kernel",
            InitScheme.Symmetric => "symmetric",
            _ => "balanced",
        };

    public static bool TryParse(string text, out InitScheme scheme)
    {
        foreach (var s in Enum.GetValues<InitScheme>())
            if (s.Name() == text)
            {
                scheme = s;
                return true;
            }
        scheme = InitScheme.Dzps;
        return false;
    }

    /// <summary>
    /// W (m×d) and a (m) drawn by <paramref name="scheme"/> from independent streams derived from
    /// <paramref name="seed"/> (labels "init/W" and "init/a").
    /// </summary>
    public static (Mat W, Vec A) Draw(InitScheme scheme, int m, int d, ulong seed)
    {
        if (m <= 0 || d <= 0)
            throw new ArgumentOutOfRangeException(nameof(m), "width and input dimension must be positive");
        if (scheme == InitScheme.Symmetric && m % 2 != 0)
            throw new ArgumentException($"the symmetric initialisation needs an even width, got m = {m}");
        var rw = new Rng(Rng.Derive(seed, "init/W"));
        var ra = new Rng(Rng.Derive(seed, "init/a"));
        var w = new double[m * d];
        var a = new double[m];
        switch (scheme)
        {
            case InitScheme.Dzps:
                rw.FillGaussian(w);
                for (int r = 0; r < m; r++)
                    a[r] = ra.NextSign();
                break;
            case InitScheme.WuKernel:
                for (int r = 0; r < m; r++)
                    rw.FillSphere(w.AsSpan(r * d, d));
                break;
            case InitScheme.Symmetric:
                int h = m / 2;
                rw.FillGaussian(w.AsSpan(0, h * d));
                w.AsSpan(0, h * d).CopyTo(w.AsSpan(h * d));
                for (int r = 0; r < h; r++)
                {
                    a[r] = ra.NextSign();
                    a[r + h] = -a[r];
                }
                break;
            case InitScheme.Balanced:
                rw.FillGaussian(w, 1.0 / Math.Sqrt((double)m * d));
                ra.FillGaussian(a, 1.0 / Math.Sqrt(m));
                break;
        }
        return (Mat.Own(m, d, w), Vec.Own(a));
    }

    public static TwoLayerNet Net(InitScheme scheme, int m, int d, ulong seed, Activation activation, OutputScaling scaling, bool inputScaled = false)
    {
        var (w, a) = Draw(scheme, m, d, seed);
        return new TwoLayerNet(w, a, activation, scaling, inputScaled);
    }
}
