using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Dynamics;

/// <summary>
/// The gradient flow dθ/dt = −∇L(θ) of a <see cref="TwoLayerNet"/> on both layers, θ = (vec W, a), computed by
/// one loop over the neurons: z_ij = c_in·w_jᵀx_i, u_i = c_out·Σ_j a_j φ(z_ij), e_i = c_L(u_i − y_i), then
/// ∂L/∂a_j = c_out·Σ_i e_i φ(z_ij) and ∂L/∂w_j = c_out·c_in·a_j·Σ_i e_i φ'(z_ij) x_i. With the sum loss and wu's
/// scaling this is wu's flow (0.20). It equals <see cref="GradientFlow.Rhs"/> with <see cref="Layers.Both"/> (tested);
/// for the few samples of the kernel-regime checks (n ≤ 16) it avoids the GEMM's panel packing, which there costs
/// more than the arithmetic, and makes flows at widths in the tens of thousands affordable.
/// </summary>
public static class NeuronLoopFlow
{
    public static Rhs Rhs(TwoLayerNet template, Dataset data, LossKind loss)
    {
        int n = data.N, m = template.Width, d = template.InputDim, md = m * d;
        if (data.D != d)
            throw new ArgumentException($"inputs have d = {data.D} but the net expects d = {d}");
        var x = data.X.ToArray();
        var y = data.Y.ToArray();
        var act = template.Activation;
        double cout = template.OutputFactor, cin = template.InputFactor, cl = loss.Factor(n);
        return (_, theta) =>
        {
            if (theta.Length != md + m)
                throw new ArgumentException($"expected {md + m} parameters, got {theta.Length}");
            var th = theta.Span;
            // neuron-major buffers: entry j·n + i belongs to neuron j and sample i
            var phi = new double[m * n];
            var dphi = new double[m * n];
            var u = new double[n];
            for (int j = 0; j < m; j++)
            {
                var w = th.Slice(j * d, d);
                var zj = dphi.AsSpan(j * n, n);
                for (int i = 0; i < n; i++)
                {
                    double zz = 0;
                    for (int k = 0; k < d; k++)
                        zz += w[k] * x[i * d + k];
                    zj[i] = cin * zz;
                }
                var pj = phi.AsSpan(j * n, n);
                act.Values(zj, pj);
                act.Derivatives(zj, zj); // z is no longer needed once φ and φ' are known
                double aj = th[md + j];
                for (int i = 0; i < n; i++)
                    u[i] += aj * pj[i];
            }
            var e = new double[n];
            for (int i = 0; i < n; i++)
                e[i] = cl * (cout * u[i] - y[i]);
            var r = new double[md + m];
            for (int j = 0; j < m; j++)
            {
                double ga = 0, s = -cout * cin * th[md + j];
                int o = j * n;
                for (int i = 0; i < n; i++)
                {
                    ga += e[i] * phi[o + i];
                    double coef = s * e[i] * dphi[o + i];
                    if (coef != 0)
                        for (int k = 0; k < d; k++)
                            r[j * d + k] += coef * x[i * d + k];
                }
                r[md + j] = -cout * ga;
            }
            return Vec.Own(r);
        };
    }
}
