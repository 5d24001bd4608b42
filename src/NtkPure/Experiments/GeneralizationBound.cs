using NtkPure.Kernels;
using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Experiments;

/// <summary>One cell of the generalisation-bound table: n samples, a fraction p of labels replaced by random signs.</summary>
public sealed record GeneralizationBoundRow(int N, double CorruptedFraction, int Replicate, double Bound, double LambdaMin);

/// <summary>
/// ntk-slides Theorem 3.3 (Arora et al. 2019, eq. (4)): the data-dependent complexity √(2yᵀ(H^∞)⁻¹y/n) for labels
/// that a simple rule explains and for labels that are partly or wholly random (their Figure 1's experiment on
/// synthetic data). Inputs are uniform on S^{d−1}; the true labels are y = sign(βᵀx) with a fixed unit β; a
/// fraction p of them (chosen at random) is replaced by independent random signs. H^∞ is factored once per
/// sample; every label vector reuses the factor. The kernel X ↦ H^∞ may be supplied (a test feeds a wrong one).
/// </summary>
public static class GeneralizationBound
{
    public static IReadOnlyList<GeneralizationBoundRow> Run(IReadOnlyList<int> sizes, IReadOnlyList<double> fractions, int d, int replicates, ulong seed, Func<Mat, Mat>? kernel = null)
    {
        var gram = kernel ?? InfiniteWidth.Hinf;
        var rows = new List<GeneralizationBoundRow>();
        var beta = Beta(d, seed);
        foreach (int n in sizes)
            for (int r = 0; r < replicates; r++)
            {
                var sample = Sample(n, d, r, seed, beta);
                var h = gram(sample.X);
                var lower = Cholesky.Lower(h);
                double lambdaMin = MinEigen.Of(h).Value;
                foreach (double p in fractions)
                {
                    var y = sample.Labels(p);
                    double q = y.Dot(Cholesky.Solve(lower, y));
                    rows.Add(new GeneralizationBoundRow(n, p, r, Math.Sqrt(2 * q / n), lambdaMin));
                }
            }
        return rows;
    }

    /// <summary>One sample of the experiment: inputs, the true labels sign(βᵀx), and the seed its corruptions derive from.</summary>
    public sealed record LabelledSample(Mat X, double[] Truth, ulong Seed)
    {
        /// <summary>The labels with a fraction p replaced by random signs (p = 0: the true labels; p = 1: all random).</summary>
        public Vec Labels(double p)
        {
            var rng = new Rng(Rng.Derive(Seed, FormattableString.Invariant($"corrupt/{p}")));
            return Corrupt(Truth, p, ref rng);
        }
    }

    /// <summary>The unit β of the true labelling rule, drawn from the run seed.</summary>
    public static double[] Beta(int d, ulong seed)
    {
        var betaRng = new Rng(Rng.Derive(seed, "beta"));
        var beta = new double[d];
        betaRng.FillSphere(beta);
        return beta;
    }

    /// <summary>Replicate r of size n, exactly as <see cref="Run"/> draws it.</summary>
    public static LabelledSample Sample(int n, int d, int replicate, ulong seed, double[]? beta = null)
    {
        beta ??= Beta(d, seed);
        ulong s = Rng.Derive(seed, FormattableString.Invariant($"n={n}/r={replicate}"));
        var x = Datasets.Inputs(InputDistribution.Sphere, n, d, s);
        var truth = new double[n];
        for (int i = 0; i < n; i++)
            truth[i] = Blas.Dot(x.Row(i), beta) >= 0 ? 1.0 : -1.0;
        return new LabelledSample(x, truth, s);
    }

    /// <summary>Replaces ⌊p·n⌋ labels, at positions drawn without replacement, by independent random signs.</summary>
    private static Vec Corrupt(double[] truth, double p, ref Rng rng)
    {
        int n = truth.Length, k = (int)Math.Floor(p * n + 1e-9);
        var y = (double[])truth.Clone();
        var order = new int[n];
        for (int i = 0; i < n; i++)
            order[i] = i;
        for (int i = 0; i < k; i++)
        {
            int j = i + rng.NextInt(n - i);
            (order[i], order[j]) = (order[j], order[i]);
            y[order[i]] = rng.NextSign();
        }
        return Vec.Own(y);
    }

    /// <summary>The mean bound over replicates for one (n, p) cell.</summary>
    public static double Mean(IReadOnlyList<GeneralizationBoundRow> rows, int n, double p)
    {
        double s = 0;
        int c = 0;
        foreach (var row in rows)
            if (row.N == n && row.CorruptedFraction == p)
            {
                s += row.Bound;
                c++;
            }
        return c == 0 ? double.NaN : s / c;
    }
}
