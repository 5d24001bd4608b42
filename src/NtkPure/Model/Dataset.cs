using NtkPure.Numerics;

namespace NtkPure.Model;

/// <summary>Training data: X (n×d, row i is x_i) and labels y (n).</summary>
public sealed record Dataset(Mat X, Vec Y)
{
    public int N => X.Rows;
    public int D => X.Cols;
}

public enum InputDistribution
{
    /// <summary>Uniform on the unit sphere S^{d−1}.</summary>
    Sphere,

    /// <summary>N(0, Σ) (Σ = I unless given).</summary>
    Gaussian,

    /// <summary>Uniform on {0,1}^d.</summary>
    Cube01,

    /// <summary>Uniform on {−1,+1}^d.</summary>
    CubePm,
}

public enum LabelKind
{
    Gaussian,
    Sign,
}

public static class Datasets
{
    /// <summary>n inputs from <paramref name="dist"/>, drawn from the stream "data/X" of <paramref name="seed"/>.</summary>
    public static Mat Inputs(InputDistribution dist, int n, int d, ulong seed, Mat? covariance = null)
    {
        if (n <= 0 || d <= 0)
            throw new ArgumentOutOfRangeException(nameof(n), "n and d must be positive");
        var rng = new Rng(Rng.Derive(seed, "data/X"));
        var x = new double[n * d];
        switch (dist)
        {
            case InputDistribution.Sphere:
                for (int i = 0; i < n; i++)
                    rng.FillSphere(x.AsSpan(i * d, d));
                break;
            case InputDistribution.Gaussian:
                rng.FillGaussian(x);
                if (covariance is not null)
                {
                    var l = Cholesky.Lower(covariance);
                    var g = new double[d];
                    for (int i = 0; i < n; i++)
                    {
                        var row = x.AsSpan(i * d, d);
                        row.CopyTo(g);
                        for (int a = 0; a < d; a++)
                            row[a] = Blas.Dot(l.Row(a)[..(a + 1)], g.AsSpan(0, a + 1));
                    }
                }
                break;
            case InputDistribution.Cube01:
                for (int k = 0; k < x.Length; k++)
                    x[k] = (rng.NextULong() >> 63) == 0 ? 0.0 : 1.0;
                break;
            case InputDistribution.CubePm:
                for (int k = 0; k < x.Length; k++)
                    x[k] = rng.NextSign();
                break;
        }
        return Mat.Own(n, d, x);
    }

    /// <summary>n labels, i.i.d. N(0,1) or Unif{±1}, from the stream "data/y" of <paramref name="seed"/>.</summary>
    public static Vec Labels(LabelKind kind, int n, ulong seed)
    {
        var rng = new Rng(Rng.Derive(seed, "data/y"));
        var y = new double[n];
        for (int i = 0; i < n; i++)
            y[i] = kind == LabelKind.Gaussian ? rng.NextGaussian() : rng.NextSign();
        return Vec.Own(y);
    }

    /// <summary>y_i = f*(x_i) for a target function.</summary>
    public static Vec Target(Mat x, Func<ReadOnlySpan<double>, double> target)
    {
        var y = new double[x.Rows];
        for (int i = 0; i < x.Rows; i++)
            y[i] = target(x.Row(i));
        return Vec.Own(y);
    }

    public static Dataset Synthetic(InputDistribution dist, int n, int d, ulong seed, LabelKind labels = LabelKind.Gaussian) =>
        new(Inputs(dist, n, d, seed), Labels(labels, n, seed));
}
