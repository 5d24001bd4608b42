using NtkPure.Numerics;

namespace NtkPure.Model;

/// <summary>
/// f(x) = c_out · Σ_{r=1}^m a_r φ(c_in · w_rᵀx) with W: m×d (row r is w_r), a: m, c_out from
/// <see cref="Scaling"/> and c_in = 1/√d when <see cref="InputScaled"/> (hu's φ(w_rᵀx/√d)), else 1.
/// ntk-notes: scaling Ntk, input unscaled, ReLU. wu: scaling None. hu: Ntk with the input scaled.
/// </summary>
public sealed record TwoLayerNet(Mat W, Vec A, Activation Activation, OutputScaling Scaling = OutputScaling.Ntk, bool InputScaled = false)
{
    public int Width => W.Rows;
    public int InputDim => W.Cols;
    public double OutputFactor => Scaling.Factor(Width);
    public double InputFactor => InputScaled ? 1.0 / Math.Sqrt(InputDim) : 1.0;

    /// <summary>The number of parameters: m·d (W) + m (a).</summary>
    public int ParameterCount => Width * InputDim + Width;

    /// <summary>u = f(X) for X: n×d.</summary>
    public Vec Predict(Mat x) => Forward.Of(this, x).U;

    public double Predict(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int r = 0; r < Width; r++)
            s += A[r] * Activation.Value(InputFactor * Blas.Dot(W.Row(r), x));
        return OutputFactor * s;
    }

    /// <summary>θ = (vec(W) row-major, a): the flat parameter vector of length m·d + m.</summary>
    public Vec Flatten()
    {
        var theta = new double[ParameterCount];
        W.Span.CopyTo(theta);
        A.Span.CopyTo(theta.AsSpan(Width * InputDim));
        return Vec.Own(theta);
    }

    public TwoLayerNet WithParameters(ReadOnlySpan<double> theta)
    {
        int md = Width * InputDim;
        if (theta.Length != md + Width)
            throw new ArgumentException($"expected {md + Width} parameters, got {theta.Length}");
        return this with { W = Mat.FromRowMajor(Width, InputDim, theta[..md]), A = Vec.From(theta[md..]) };
    }
}

/// <summary>
/// One forward pass over a data matrix X (n×d): the pre-activations Z = c_in·X·Wᵀ (n×m), u = c_out·φ(Z)·a, and
/// the activation pattern S_ir = 1{z_ir ≥ 0} packed 64 to a word. For piecewise-linear activations (ReLU,
/// leaky ReLU, identity) Z is produced tile by tile and not kept: u, S and φ'(Z) need only the signs, and Z,
/// Φ = φ(Z) are rebuilt on first use (bit-identical: every product entry is one fixed FMA chain). For other
/// activations Z is kept. All buffers are owned by this value and never written after construction.
/// </summary>
public sealed class Forward
{
    /// <summary>u_i sums a_r φ(z_ir) over consecutive chunks of this many neurons, in order, in every path.</summary>
    internal const int Chunk = 1024;

    private readonly TwoLayerNet _net;
    private readonly Mat _x;
    private readonly Lazy<double[]> _z;
    private readonly Lazy<double[]> _phi;
    private readonly Lazy<double[]> _dphi;
    private readonly Lazy<ulong[]> _signs;

    public int N { get; }
    public int M { get; }
    public Vec U { get; }

    /// <summary>Words per row of <see cref="Signs"/>: ⌈m/64⌉.</summary>
    public int WordsPerRow => (M + 63) / 64;

    internal double[] Z => _z.Value;
    internal double[] Phi => _phi.Value;
    internal double[] DPhi => _dphi.Value;

    /// <summary>Row i, neuron r is bit r%64 of word i·WordsPerRow + r/64; padding bits are 0.</summary>
    internal ulong[] Signs => _signs.Value;

    private Forward(TwoLayerNet net, Mat x, double[]? z, ulong[]? signs, Vec u)
    {
        _net = net;
        _x = x;
        N = x.Rows;
        M = net.Width;
        U = u;
        _z = z is null ? new Lazy<double[]>(() => PreActivationsOf(net, x)) : new Lazy<double[]>(z);
        _signs = signs is null ? new Lazy<ulong[]>(() => SignBits.Pack(_z.Value, N, M)) : new Lazy<ulong[]>(signs);
        _phi = new Lazy<double[]>(() => Map(_z.Value, net.Activation, derivative: false));
        _dphi = new Lazy<double[]>(() => signs is not null ? DerivativesFromSigns(signs, N, M, net.Activation) : Map(_z.Value, net.Activation, derivative: true));
    }

    public Activation Activation => _net.Activation;
    public ReadOnlySpan<double> PreActivations => Z;
    public ReadOnlySpan<double> Values => Phi;
    public ReadOnlySpan<double> Derivatives => DPhi;
    public ReadOnlySpan<ulong> Pattern => Signs;

    /// <summary>Whether φ' is a function of sign(z) alone, so the pattern determines it.</summary>
    internal static bool IsPiecewiseLinear(Activation a) => a.Kind is ActivationKind.Relu or ActivationKind.LeakyRelu or ActivationKind.Identity;

    private static double[] Map(double[] z, Activation act, bool derivative)
    {
        var r = GC.AllocateUninitializedArray<double>(z.Length);
        if (derivative)
            act.Derivatives(z, r);
        else
            act.Values(z, r);
        return r;
    }

    private static double[] DerivativesFromSigns(ulong[] signs, int n, int m, Activation act)
    {
        var r = GC.AllocateUninitializedArray<double>(n * m);
        double below = act.Derivative(-1.0), above = act.Derivative(1.0);
        int words = (m + 63) / 64;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
                r[i * m + j] = ((signs[i * words + (j >> 6)] >> (j & 63)) & 1) != 0 ? above : below;
        return r;
    }

    private static double[] PreActivationsOf(TwoLayerNet net, Mat x)
    {
        int n = x.Rows, m = net.Width;
        var z = GC.AllocateUninitializedArray<double>(n * m);
        Gemm.Multiply(MatView.RowMajor(x.Span, n, net.InputDim), MatView.Transposed(net.W.Span, m, net.InputDim), z, accumulate: false);
        double cin = net.InputFactor;
        if (cin != 1.0)
            for (int k = 0; k < z.Length; k++)
                z[k] *= cin;
        return z;
    }

    /// <summary>Σ_r a_r φ(z_r) over chunks of <see cref="Chunk"/> neurons, in order (the same in every path).</summary>
    private static double RowSum(ReadOnlySpan<double> z, ReadOnlySpan<double> a, Activation act, Span<double> phi, int chunkStart)
    {
        int len = z.Length;
        act.Values(z, phi[..len]);
        return Blas.Dot(phi[..len], a.Slice(chunkStart, len));
    }

    public static Forward Of(TwoLayerNet net, Mat x)
    {
        if (x.Cols != net.InputDim)
            throw new ArgumentException($"inputs have d = {x.Cols} but the net expects d = {net.InputDim}");
        return IsPiecewiseLinear(net.Activation) ? Fused(net, x) : Eager(net, x);
    }

    internal static Forward Eager(TwoLayerNet net, Mat x)
    {
        int n = x.Rows, m = net.Width;
        var z = PreActivationsOf(net, x);
        var u = new double[n];
        double cout = net.OutputFactor;
        var phi = new double[Math.Min(m, Chunk)];
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int c0 = 0; c0 < m; c0 += Chunk)
                s += RowSum(z.AsSpan(i * m + c0, Math.Min(Chunk, m - c0)), net.A.Span, net.Activation, phi, c0);
            u[i] = cout * s;
        }
        return new Forward(net, x, z, null, Vec.Own(u));
    }

    /// <summary>
    /// Z in tiles of (a band of rows) × <see cref="Chunk"/> neurons: each tile gives its rows' partial sums over the
    /// chunk and their sign bits, then is dropped. Chunks run in parallel, each packing its W rows once for all
    /// bands; u_i adds the chunk sums in chunk order afterwards, so the result does not depend on the threads.
    /// </summary>
    internal static Forward Fused(TwoLayerNet net, Mat x)
    {
        int n = x.Rows, m = net.Width, d = net.InputDim;
        int words = (m + 63) / 64;
        var signs = new ulong[n * words];
        int chunks = (m + Chunk - 1) / Chunk;
        var partial = System.Buffers.ArrayPool<double>.Shared.Rent(chunks * n);
        double cin = net.InputFactor;
        double slope = net.Activation.Kind switch
        {
            ActivationKind.Relu => 0.0,
            ActivationKind.LeakyRelu => net.Activation.Slope,
            _ => 1.0,
        };
        const int band = 32;
        void ChunkOf(int c)
        {
            int c0 = c * Chunk, cols = Math.Min(Chunk, m - c0);
            var packed = System.Buffers.ArrayPool<double>.Shared.Rent(Gemm.PackedLength(d, cols));
            var tile = System.Buffers.ArrayPool<double>.Shared.Rent(band * cols);
            try
            {
                Gemm.Pack(MatView.Transposed(net.W.Span.Slice(c0 * d, cols * d), cols, d), packed);
                unsafe
                {
                    fixed (double* px = x.Span)
                        for (int i0 = 0; i0 < n; i0 += band)
                        {
                            int rows = Math.Min(band, n - i0);
                            Gemm.MultiplyPacked(new StridedSource(px + (long)i0 * d, d, 1), rows, d, packed, cols, tile, accumulate: false, parallel: false);
                            for (int r = 0; r < rows; r++)
                            {
                                var zr = tile.AsSpan(r * cols, cols);
                                if (cin != 1.0)
                                    for (int k = 0; k < cols; k++)
                                        zr[k] *= cin;
                                // equals RowSum (Dot of the materialised φ) bit for bit, and sets the signs in the same pass
                                partial[c * n + i0 + r] = Blas.PiecewiseLinearDotAndSigns(zr, net.A.Span.Slice(c0, cols), slope, signs.AsSpan((i0 + r) * words, words), c0);
                            }
                        }
                }
            }
            finally
            {
                System.Buffers.ArrayPool<double>.Shared.Return(packed);
                System.Buffers.ArrayPool<double>.Shared.Return(tile);
            }
        }
        if ((long)n * m * d < 1L << 20 || chunks == 1)
            for (int c = 0; c < chunks; c++)
                ChunkOf(c);
        else
            Parallel.For(0, chunks, ChunkOf);
        var u = new double[n];
        double cout = net.OutputFactor;
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int c = 0; c < chunks; c++)
                s += partial[c * n + i];
            u[i] = cout * s;
        }
        System.Buffers.ArrayPool<double>.Shared.Return(partial);
        return new Forward(net, x, null, signs, Vec.Own(u));
    }
}
