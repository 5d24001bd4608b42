using MathNet.Numerics.LinearAlgebra;

namespace NtkPure.Numerics;

/// <summary>
/// The eigendecomposition A = V·diag(λ)·Vᵀ of a symmetric matrix, eigenvalues ascending. Column k of
/// <see cref="Vectors"/> is the unit eigenvector of <see cref="Values"/>[k]. Nothing is clamped: rounding can
/// leave a PSD matrix with slightly negative eigenvalues, and they are reported as computed.
/// </summary>
public sealed record SymmetricEigen(Vec Values, Mat Vectors)
{
    public double Min => Values[0];
    public double Max => Values[Values.Length - 1];

    /// <exception cref="NonFiniteException">An entry is NaN or infinite.</exception>
    public static SymmetricEigen Of(Mat a)
    {
        if (a.Rows != a.Cols)
            throw new ArgumentException($"eigendecomposition needs a square matrix, got {a.Rows}×{a.Cols}");
        int n = a.Rows;
        if (n == 0)
            return new SymmetricEigen(Vec.Zeros(0), Mat.Zeros(0, 0));
        var entries = a.Span;
        for (int i = 0; i < entries.Length; i++)
            if (!double.IsFinite(entries[i]))
                throw new NonFiniteException(FormattableString.Invariant(
                    $"the {n}×{n} matrix has the non-finite entry {entries[i]} at [{i / n}, {i % n}], so it has no eigendecomposition"));
        // Row-major storage of a symmetric matrix is its column-major storage: hand it over without copying,
        // after symmetrising rounding-level asymmetry the way the decomposition would read it anyway.
        var evd = a.AsMathNetTransposed().Evd(Symmetricity.Symmetric);
        var values = new double[n];
        for (int i = 0; i < n; i++)
            values[i] = evd.EigenValues[i].Real;
        var v = evd.EigenVectors;
        // MathNet returns ascending order for symmetric input; sort defensively with the vectors.
        var order = Enumerable.Range(0, n).OrderBy(i => values[i]).ToArray();
        var sortedValues = new double[n];
        var vectors = new double[n * n];
        for (int k = 0; k < n; k++)
        {
            sortedValues[k] = values[order[k]];
            for (int i = 0; i < n; i++)
                vectors[i * n + k] = v[i, order[k]];
        }
        return new SymmetricEigen(Vec.Own(sortedValues), Mat.Own(n, n, vectors));
    }

    /// <summary>V·diag(g(λ))·Vᵀ·x for a spectral function g.</summary>
    public Vec Apply(Func<double, double> g, Vec x)
    {
        int n = Values.Length;
        var coef = Vectors.TransposeTimes(x).ToArray();
        for (int k = 0; k < n; k++)
            coef[k] *= g(Values[k]);
        return Vectors * Vec.Own(coef);
    }
}

/// <summary>Spectral summaries of symmetric matrices.</summary>
public static class Spectral
{
    public static double MinEigenvalue(Mat a) => SymmetricEigen.Of(a).Min;

    public static double MaxEigenvalue(Mat a) => SymmetricEigen.Of(a).Max;

    /// <summary>‖A‖₂ of a symmetric matrix: the largest |λ|.</summary>
    public static double SpectralNorm(Mat a)
    {
        var e = SymmetricEigen.Of(a);
        return Math.Max(Math.Abs(e.Min), Math.Abs(e.Max));
    }
}
