using NtkPure.Numerics;

namespace NtkPure.Kernels;

/// <summary>
/// The ReLU activation pattern S_ir = 1{w_rᵀx_i ≥ 0} of n inputs against m neurons, and its co-occurrence counts
/// C_ij = #{r : S_ir = S_jr = 1} = (SSᵀ)_ij, from which ntk-notes' H(W) = (XXᵀ) ⊙ C/m.
/// The representation is private: today a 0/1 double matrix whose Gram gives C exactly (integers below 2^53);
/// a bit-packed pattern (64 neurons per word, popcount of ANDed words) can replace it behind the same API.
/// </summary>
public sealed class ActivationPattern
{
    private readonly double[] _bits; // n×m, row-major, entries 0 or 1

    public int N { get; }
    public int M { get; }

    private ActivationPattern(int n, int m, double[] bits)
    {
        N = n;
        M = m;
        _bits = bits;
    }

    /// <summary>S for W (m×d, row r is w_r) and X (n×d).</summary>
    public static ActivationPattern Of(Mat w, Mat x)
    {
        if (w.Cols != x.Cols)
            throw new ArgumentException($"W has d = {w.Cols} columns but the inputs have d = {x.Cols}");
        int n = x.Rows, m = w.Rows;
        var z = new double[n * m];
        Blas.MultiplyABt(x.Span, w.Span, z, n, m, x.Cols);
        for (int k = 0; k < z.Length; k++)
            z[k] = z[k] >= 0 ? 1.0 : 0.0;
        return new ActivationPattern(n, m, z);
    }

    public bool this[int i, int r] => _bits[i * M + r] != 0;

    /// <summary>C = S·Sᵀ (n×n): how many neurons are on for both x_i and x_j.</summary>
    public Mat CoOccurrence() => Mat.Own(N, M, _bits).Gram();

    /// <summary>How many (i, r) differ from <paramref name="other"/>: the pattern changes of DZPS's Figure 1.</summary>
    public long Changes(ActivationPattern other)
    {
        if (other.N != N || other.M != M)
            throw new ArgumentException("patterns differ in shape");
        long c = 0;
        for (int k = 0; k < _bits.Length; k++)
            if (_bits[k] != other._bits[k])
                c++;
        return c;
    }
}
