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
        int n = data.N, m = net.Width, d = net.InputDim;
        if (data.Y.Length != n)
            throw new ArgumentException($"X has {n} rows but y has {data.Y.Length} entries");
        double cl = loss.Factor(n), cout = net.OutputFactor, cin = net.InputFactor;
        var e = new double[n];
        for (int i = 0; i < n; i++)
            e[i] = cl * (f.U[i] - data.Y[i]);
        // M_ir = c_out·c_in·a_r·e_i·φ'(z_ir), so that ∂L/∂W = Mᵀ·X.
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
        Gemm.Multiply(MatView.Transposed(mij, n, m), MatView.RowMajor(data.X.Span, n, d), gw, accumulate: false);
        return new Gradient(Mat.Own(m, d, gw), Vec.Own(ga), f, Loss.Value(loss, f.U.Span, data.Y.Span));
    }
}
