using NtkPure.Numerics;

namespace NtkPure.Boolean;

/// <summary>
/// Writes the values of every member of a class on the cube points start … start + count − 1:
/// <c>values[k·count + j] = f_k(x_{start+j})</c> (Size×count, row-major).
/// </summary>
public delegate void ClassValues(long start, int count, Span<double> values);

/// <summary>
/// A finite class F = {f_1, …, f_K} of functions on the cube {0,1}^d or {−1,1}^d, given by its values (wu
/// Definition 6 calls it orthonormal when ⟨f_i, f_j⟩ = δ_ij under the uniform distribution).
/// </summary>
public sealed record FunctionClass(string Name, int Dimension, CubeDomain Domain, int Size, ClassValues Values)
{
    /// <summary>The parities f_v, v ∈ <paramref name="vs"/>, on {0,1}^d (wu's F₁ when vs is all of {0,1}^d).</summary>
    public static FunctionClass Parities(int d, IReadOnlyList<ulong> vs)
    {
        Parity.RequireDimension(d);
        var masks = vs.ToArray();
        return new FunctionClass(FormattableString.Invariant($"{masks.Length} parities on {{0,1}}^{d}"), d, CubeDomain.ZeroOne, masks.Length,
            (start, count, values) =>
            {
                for (int k = 0; k < masks.Length; k++)
                {
                    ulong v = masks[k];
                    var row = values.Slice(k * count, count);
                    for (int j = 0; j < count; j++)
                        row[j] = Parity.Value(v, (ulong)(start + j));
                }
            });
    }

    /// <summary>wu's F₁ = {f_v : v ∈ {0,1}^d}: all 2^d parities, f_v the v-th member.</summary>
    public static FunctionClass AllParities(int d)
    {
        Cube.RequireExact(d);
        var vs = new ulong[Cube.Size(d)];
        for (int i = 0; i < vs.Length; i++)
            vs[i] = (ulong)i;
        return Parities(d, vs) with { Name = FormattableString.Invariant($"all 2^{d} parities on {{0,1}}^{d}") };
    }

    /// <summary>
    /// The Gram matrix ⟨f_i, f_j⟩ (K×K) by enumerating the cube in chunks: G = 2^{−d}·Σ_chunks V·Vᵀ with V the
    /// K×chunk value block. A generic route, for any class; for parities <see cref="Parity.Gram"/> counts bits.
    /// </summary>
    public Mat Gram()
    {
        Cube.RequireExact(Dimension);
        long n = Cube.Size(Dimension);
        int k = Size;
        var g = new double[k * k];
        int chunk = (int)Math.Min(Cube.ChunkSize, n);
        var v = new double[k * chunk];
        var block = new double[k * k];
        for (long start = 0; start < n; start += chunk)
        {
            int count = (int)Math.Min(chunk, n - start);
            var vs = v.AsSpan(0, k * count);
            Values(start, count, vs);
            Gemm.Multiply(MatView.RowMajor(vs, k, count), MatView.Transposed(vs, k, count), block, accumulate: false);
            Blas.Axpy(1.0, block, g);
        }
        for (int i = 0; i < g.Length; i++)
            g[i] /= n;
        return Mat.Own(k, k, g);
    }
}
