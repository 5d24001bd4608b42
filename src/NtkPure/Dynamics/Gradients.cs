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

    public static Gradient Of(TwoLayerNet net, Dataset data, LossKind loss, Forward f)
    {
        int n = data.N;
        if (data.Y.Length != n)
            throw new ArgumentException($"X has {n} rows but y has {data.Y.Length} entries");
        double cl = loss.Factor(n);
        var e = new double[n];
        for (int i = 0; i < n; i++)
            e[i] = cl * (f.U[i] - data.Y[i]);
        var (gw, ga) = Backward(net, data.X, e, f);
        return new Gradient(gw, ga, f, Loss.Value(loss, f.U.Span, data.Y.Span));
    }

    /// <summary>
    /// Σ_i e_i ∇_θ f(x_i) for X: n×d, weights e: n and the forward pass f of X: the gradient of any loss whose
    /// derivative in u_i is e_i (the squared loss has e_i = c_L(u_i − y_i), the hinge loss max(0, 1 − y_i u_i)/n
    /// has e_i = −y_i·1{y_i u_i &lt; 1}/n). Returns ∂/∂W (m×d) and ∂/∂a (m).
    /// </summary>
    public static (Mat W, Vec A) Backward(TwoLayerNet net, Mat x, ReadOnlySpan<double> e, Forward f)
    {
        int n = f.N, m = net.Width, d = net.InputDim;
        if (x.Rows != n || e.Length != n)
            throw new ArgumentException($"the forward pass has {n} rows, X has {x.Rows} and e has {e.Length}");
        double cout = net.OutputFactor, cin = net.InputFactor;
        // M_ir = c_out·c_in·a_r·e_i·φ'(z_ir), so that ∂/∂W = Mᵀ·X.
        var mij = new double[n * m];
        var ga = new double[m];
        var a = net.A.Span;
        for (int i = 0; i < n; i++)
        {
            double ei = e[i];
            var dphi = f.DPhi.AsSpan(i * m, m);
            var row = mij.AsSpan(i * m, m);
            for (int r = 0; r < m; r++)
                row[r] = cout * cin * a[r] * ei * dphi[r];
            Blas.Axpy(cout * ei, f.Phi.AsSpan(i * m, m), ga);
        }
        var gw = new double[m * d];
        if (m <= d)
            Blas.MultiplyAtB(mij, x.Span, gw, m, d, n);
        else
        {
            // Xᵀ·M (d×m) runs its inner loops over rows of length m instead of d; every entry is the same
            // in-order sum of the same fused products, so the result is bit for bit Mᵀ·X transposed.
            var t = new double[d * m];
            Blas.MultiplyAtB(x.Span, mij, t, d, m, n);
            for (int r = 0; r < m; r++)
                for (int c = 0; c < d; c++)
                    gw[r * d + c] = t[c * m + r];
        }
        return (Mat.Own(m, d, gw), Vec.Own(ga));
    }
}
