using NtkPure.Numerics;

namespace NtkPure.Experiments;

/// <summary>One grid point of the landscape: L, w = (W1, W2), the population risk R_L(w) and the empirical risk.</summary>
public sealed record LandscapeRow(double L, double W1, double W2, double Population, double Empirical);

/// <summary>
/// wu "An illustration of the landscape of cosine neuron": in two dimensions,
/// R_L(w) = E_{x∼D}[(sin(L wᵀx) − sin(L w*ᵀx))²], L a proxy for the dimension. The seed does not name D; here
/// D = N(0, I₂), for which the population risk has the closed form
/// R_L(w) = ½(1 − e^{−2L²‖w‖²}) + ½(1 − e^{−2L²‖w*‖²}) − e^{−L²‖w − w*‖²/2} + e^{−L²‖w + w*‖²/2}
/// (from E sin(aᵀx) sin(bᵀx) = ½(e^{−‖a−b‖²/2} − e^{−‖a+b‖²/2}) for x ∼ N(0, I)). The empirical risk averages over
/// n fixed samples, the same for every w and L.
/// </summary>
public static class CosineLandscape
{
    /// <summary>The population risk R_L(w) in closed form (D = N(0, I₂)).</summary>
    public static double Population(double l, double w1, double w2, double s1, double s2)
    {
        double l2 = l * l;
        double ww = w1 * w1 + w2 * w2, ss = s1 * s1 + s2 * s2;
        double minus = (w1 - s1) * (w1 - s1) + (w2 - s2) * (w2 - s2), plus = (w1 + s1) * (w1 + s1) + (w2 + s2) * (w2 + s2);
        return 0.5 * (1 - Math.Exp(-2 * l2 * ww)) + 0.5 * (1 - Math.Exp(-2 * l2 * ss)) - Math.Exp(-l2 * minus / 2) + Math.Exp(-l2 * plus / 2);
    }

    /// <summary>The empirical risk (1/n)Σ_i (sin(L wᵀx_i) − sin(L w*ᵀx_i))² over the rows of X (n×2).</summary>
    public static double Empirical(double l, double w1, double w2, double s1, double s2, Mat x)
    {
        if (x.Cols != 2)
            throw new ArgumentException("the landscape lives in two dimensions");
        double sum = 0;
        var data = x.Span;
        for (int i = 0; i < x.Rows; i++)
        {
            double x1 = data[2 * i], x2 = data[2 * i + 1];
            double r = Math.Sin(l * (w1 * x1 + w2 * x2)) - Math.Sin(l * (s1 * x1 + s2 * x2));
            sum += r * r;
        }
        return sum / x.Rows;
    }

    /// <summary>n samples of N(0, I₂) from the stream of <paramref name="seed"/>.</summary>
    public static Mat Samples(int n, ulong seed)
    {
        var rng = new Rng(Rng.Derive(seed, "landscape/x"));
        var x = new double[2 * n];
        rng.FillGaussian(x);
        return Mat.FromRowMajor(n, 2, x);
    }

    /// <summary>
    /// Both risks on a gridSize×gridSize grid over [−extent, extent]² for each L, with w* = (s1, s2) and n samples:
    /// rows in the order L, then W2, then W1.
    /// </summary>
    public static IReadOnlyList<LandscapeRow> Grid(IReadOnlyList<double> ls, double s1, double s2, int n, int gridSize, double extent, ulong seed)
    {
        if (gridSize < 2 || n < 1 || !(extent > 0))
            throw new ArgumentOutOfRangeException(nameof(gridSize), "need gridSize ≥ 2, n ≥ 1, extent > 0");
        var x = Samples(n, seed);
        var rows = new LandscapeRow[ls.Count * gridSize * gridSize];
        Parallel.For(0, ls.Count * gridSize, block =>
        {
            int li = block / gridSize, j = block % gridSize;
            double l = ls[li], w2 = -extent + 2 * extent * j / (gridSize - 1);
            for (int i = 0; i < gridSize; i++)
            {
                double w1 = -extent + 2 * extent * i / (gridSize - 1);
                rows[block * gridSize + i] = new LandscapeRow(l, w1, w2, Population(l, w1, w2, s1, s2), Empirical(l, w1, w2, s1, s2, x));
            }
        });
        return rows;
    }
}
