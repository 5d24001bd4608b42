using NtkPure.Numerics;

namespace NtkPure.Kernels;

/// <summary>
/// The ReLU activation pattern S_ir = 1{w_rᵀx_i ≥ 0} of n inputs against m neurons, packed 64 neurons to a word,
/// and its co-occurrence counts C_ij = #{r : S_ir = S_jr = 1} = (SSᵀ)_ij by popcount, from which ntk-notes'
/// H(W) = (XXᵀ) ⊙ C/m.
/// </summary>
public sealed class ActivationPattern
{
    private readonly ulong[] _bits;

    public int N { get; }
    public int M { get; }

    private ActivationPattern(int n, int m, ulong[] bits)
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
        Gemm.Multiply(MatView.RowMajor(x.Span, n, x.Cols), MatView.Transposed(w.Span, m, x.Cols), z, accumulate: false);
        return new ActivationPattern(n, m, SignBits.Pack(z, n, m));
    }

    public bool this[int i, int r] => SignBits.Get(_bits, SignBits.Words(M), i, r);

    /// <summary>C = S·Sᵀ (n×n): how many neurons are on for both x_i and x_j (exact integers).</summary>
    public Mat CoOccurrence() => Mat.Own(N, N, PatternGram.Of(_bits, N, M, 1.0, 0.0));

    /// <summary>How many (i, r) differ from <paramref name="other"/>: the pattern changes of DZPS's Figure 1.</summary>
    public long Changes(ActivationPattern other)
    {
        if (other.N != N || other.M != M)
            throw new ArgumentException("patterns differ in shape");
        return SignBits.Differences(_bits, other._bits);
    }
}
