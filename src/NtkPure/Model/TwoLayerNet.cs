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
/// One forward pass over a data matrix: Z = c_in·X·Wᵀ (n×m pre-activations), Φ = φ(Z), Φ' = φ'(Z),
/// u = c_out·Φ·a. The buffers are owned by this value and never written after construction.
/// </summary>
public sealed class Forward
{
    public int N { get; }
    public int M { get; }
    internal readonly double[] Z;
    internal readonly double[] Phi;
    internal readonly double[] DPhi;
    public Vec U { get; }

    private Forward(int n, int m, double[] z, double[] phi, double[] dphi, Vec u)
    {
        N = n;
        M = m;
        Z = z;
        Phi = phi;
        DPhi = dphi;
        U = u;
    }

    public ReadOnlySpan<double> PreActivations => Z;
    public ReadOnlySpan<double> Values => Phi;
    public ReadOnlySpan<double> Derivatives => DPhi;

    public static Forward Of(TwoLayerNet net, Mat x)
    {
        if (x.Cols != net.InputDim)
            throw new ArgumentException($"inputs have d = {x.Cols} but the net expects d = {net.InputDim}");
        int n = x.Rows, m = net.Width;
        var z = new double[n * m];
        Gemm.Multiply(MatView.RowMajor(x.Span, n, net.InputDim), MatView.Transposed(net.W.Span, m, net.InputDim), z, accumulate: false);
        double cin = net.InputFactor;
        if (cin != 1.0)
            for (int k = 0; k < z.Length; k++)
                z[k] *= cin;
        var phi = new double[n * m];
        var dphi = new double[n * m];
        net.Activation.Apply(z, phi, dphi);
        var u = new double[n];
        double cout = net.OutputFactor;
        for (int i = 0; i < n; i++)
            u[i] = cout * Blas.Dot(phi.AsSpan(i * m, m), net.A.Span);
        return new Forward(n, m, z, phi, dphi, Vec.Own(u));
    }
}
