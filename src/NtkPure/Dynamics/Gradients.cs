using System.Runtime.Intrinsics;
using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Dynamics;

/// <summary>∇L at one point: ∂L/∂W (m×d), ∂L/∂a (m), with the forward pass they came from.</summary>
public sealed record Gradient(Mat W, Vec A, Forward Forward, double Loss);

/// <summary>
/// Gradients of L = c_L·½‖u − y‖² for <see cref="TwoLayerNet"/> (ntk-notes eqs (1), (3), generalised to any
/// activation, scaling and loss): with e_i = c_L(u_i − y_i),
/// ∂L/∂w_r = c_out·c_in·a_r·Σ_i e_i φ'(c_in w_rᵀx_i) x_i and ∂L/∂a_r = c_out·Σ_i e_i φ(c_in w_rᵀx_i).
/// </summary>
public static class Gradients
{
    public static Gradient Of(TwoLayerNet net, Dataset data, LossKind loss) => Of(net, data, loss, Forward.Of(net, data.X));

    /// <summary>
    /// The gradient at the point of <paramref name="f"/>; only the blocks of <paramref name="layers"/> are
    /// computed (the others are zero), so first-layer training of a piecewise-linear net never needs Z itself.
    /// </summary>
    public static Gradient Of(TwoLayerNet net, Dataset data, LossKind loss, Forward f, Layers layers = Layers.Both)
    {
        int n = data.N;
        if (data.Y.Length != n)
            throw new ArgumentException($"X has {n} rows but y has {data.Y.Length} entries");
        double cl = loss.Factor(n);
        var e = new double[n];
        for (int i = 0; i < n; i++)
            e[i] = cl * (f.U[i] - data.Y[i]);
        var (gw, ga) = Backward(net, data.X, e, f, layers);
        return new Gradient(gw, ga, f, Loss.Value(loss, f.U.Span, data.Y.Span));
    }

    /// <summary>
    /// Σ_i e_i·∇_θ f(x_i) for X: n×d, weights e: n, and the forward pass f of X — the gradient of any loss whose
    /// derivative in u_i is e_i (the squared loss has e_i = c_L(u_i − y_i); the hinge loss (1/n)Σ max(0, 1 − y_i u_i)
    /// has e_i = −y_i·1{y_i u_i &lt; 1}/n). Returns ∂/∂W (m×d) and ∂/∂a (m); blocks not in
    /// <paramref name="layers"/> are zero and not computed.
    /// </summary>
    public static (Mat W, Vec A) Backward(TwoLayerNet net, Mat x, ReadOnlySpan<double> e, Forward f, Layers layers = Layers.Both)
    {
        int n = f.N, m = net.Width, d = net.InputDim;
        if (x.Rows != n || e.Length != n)
            throw new ArgumentException($"the forward pass has {n} rows, X has {x.Rows} and e has {e.Length}");
        double cout = net.OutputFactor, cin = net.InputFactor;
        var ga = new double[m];
        var gw = new double[m * d];
        if (layers.TrainsSecond())
        {
            var phi = f.Values;
            for (int i = 0; i < n; i++)
                Blas.Axpy(cout * e[i], phi.Slice(i * m, m), ga);
        }
        if (layers.TrainsFirst())
        {
            // ∂L/∂W = Mᵀ·X with M_ir = c_out·c_in·a_r·e_i·φ'(z_ir). When φ' depends only on the sign, Mᵀ is
            // generated panel by panel from the activation pattern and never stored.
            var s = new double[n];
            for (int i = 0; i < n; i++)
                s[i] = cout * cin * e[i];
            if (Forward.IsPiecewiseLinear(net.Activation))
                PatternGradient(net, x, s, f, gw);
            else
            {
                var mij = System.Buffers.ArrayPool<double>.Shared.Rent(n * m);
                try
                {
                    var a = net.A.Span;
                    for (int i = 0; i < n; i++)
                    {
                        var row = mij.AsSpan(i * m, m);
                        net.Activation.Derivatives(f.PreActivations.Slice(i * m, m), row);
                        for (int r = 0; r < m; r++)
                            row[r] *= s[i] * a[r];
                    }
                    Gemm.Multiply(MatView.Transposed(mij, n, m), MatView.RowMajor(x.Span, n, d), gw, accumulate: false);
                }
                finally
                {
                    System.Buffers.ArrayPool<double>.Shared.Return(mij);
                }
            }
        }
        return (Mat.Own(m, d, gw), Vec.Own(ga));
    }
    /// <summary>∂L/∂W = Mᵀ·X into <paramref name="gw"/> (m·d), Mᵀ generated from the pattern; s_i = c_out·c_in·e_i.</summary>
    private static void PatternGradient(TwoLayerNet net, Mat x, ReadOnlySpan<double> s, Forward f, Span<double> gw)
    {
        int n = f.N, m = net.Width, d = net.InputDim;
        unsafe
        {
            fixed (ulong* signs = f.Signs)
            fixed (double* pa = net.A.Data, ps = s)
            {
                var source = new PatternSource(signs, f.WordsPerRow, pa, ps, net.Activation.Derivative(1.0), net.Activation.Derivative(-1.0));
                Gemm.Multiply(source, m, n, MatView.RowMajor(x.Span, n, d), gw, accumulate: false);
            }
        }
    }

    /// <summary>
    /// W − η·∂L/∂W for a piecewise-linear net at the point of <paramref name="f"/>: the same numbers as
    /// <c>net.W.AddScaled(−η, Of(net, data, loss, f, Layers.First).W)</c>, with the gradient in a pooled buffer so
    /// that a step allocates the new W and O(n), nothing else of size m·d.
    /// </summary>
    internal static Mat FirstLayerStep(TwoLayerNet net, Dataset data, LossKind loss, Forward f, double eta)
    {
        int n = f.N, m = net.Width, d = net.InputDim;
        if (!Forward.IsPiecewiseLinear(net.Activation))
            throw new ArgumentException("the pattern path needs a piecewise-linear activation");
        if (data.Y.Length != n || data.X.Rows != n)
            throw new ArgumentException($"the forward pass has {n} rows, X has {data.X.Rows} and y has {data.Y.Length}");
        double cl = loss.Factor(n), cout = net.OutputFactor, cin = net.InputFactor;
        var s = new double[n];
        for (int i = 0; i < n; i++)
        {
            double e = cl * (f.U[i] - data.Y[i]);
            s[i] = cout * cin * e;
        }
        var gw = System.Buffers.ArrayPool<double>.Shared.Rent(m * d);
        try
        {
            PatternGradient(net, data.X, s, f, gw);
            var w = net.W.ToArray();
            Blas.Axpy(-eta, gw.AsSpan(0, m * d), w);
            return Mat.Own(m, d, w);
        }
        finally
        {
            System.Buffers.ArrayPool<double>.Shared.Return(gw);
        }
    }
}

/// <summary>
/// Mᵀ (m×n) with M_ir = s_i·a_r·φ'(z_ir), φ' read from the packed activation pattern (above for z ≥ 0, below
/// otherwise): the left factor of the first-layer gradient, produced panel by panel for the GEMM.
/// </summary>
internal readonly unsafe struct PatternSource(ulong* signs, int words, double* a, double* s, double above, double below) : IPanelSource
{
    public void PackA(double* dst, int l0, int kc, int r0, int r1)
    {
        // bit b of this vector's lane b selects the lane: eight neurons per byte of the pattern, two vectors of four
        var lowBits = Vector256.Create(1UL, 2, 4, 8);
        var highBits = Vector256.Create(16UL, 32, 64, 128);
        for (int rr = r0; rr < r1; rr += 8)
        {
            int rows = Math.Min(8, r1 - rr);
            if (rows == 8 && (rr & 7) == 0)
            {
                // a_r·s_i·φ' = a_r·(s_i·above or s_i·below): the same product as the scalar path, lane by lane
                var a0 = Vector256.Load(a + rr);
                var a1 = Vector256.Load(a + rr + 4);
                for (int l = 0; l < kc; l++)
                {
                    int i = l0 + l;
                    ulong bits = (signs[(long)i * words + (rr >> 6)] >> (rr & 63)) & 0xFF;
                    var vb = Vector256.Create(bits);
                    var sa = Vector256.Create(s[i] * above);
                    var sb = Vector256.Create(s[i] * below);
                    var on0 = Vector256.Equals(vb & lowBits, lowBits).AsDouble();
                    var on1 = Vector256.Equals(vb & highBits, highBits).AsDouble();
                    (a0 * Vector256.ConditionalSelect(on0, sa, sb)).Store(dst);
                    (a1 * Vector256.ConditionalSelect(on1, sa, sb)).Store(dst + 4);
                    dst += 8;
                }
                continue;
            }
            for (int l = 0; l < kc; l++)
            {
                int i = l0 + l;
                ulong* row = signs + (long)i * words;
                double sa = s[i] * above, sb = s[i] * below;
                int r = 0;
                for (; r < rows; r++)
                {
                    int neuron = rr + r;
                    dst[r] = a[neuron] * (((row[neuron >> 6] >> (neuron & 63)) & 1) != 0 ? sa : sb);
                }
                for (; r < 8; r++)
                    dst[r] = 0;
                dst += 8;
            }
        }
    }
}
