using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Dynamics;

/// <summary>
/// A GD problem: data, the loss (explicit), which layers are trained, and the step sizes η₁ (W) and η₂ (a).
/// </summary>
public sealed record GdProblem(Dataset Data, LossKind Loss, Layers Train, double Eta1, double Eta2)
{
    public static GdProblem FirstLayer(Dataset data, LossKind loss, double eta) => new(data, loss, Layers.First, eta, 0.0);
}

/// <summary>The state after <see cref="Step"/> steps: the net and its forward pass on the training inputs.</summary>
public sealed record GdState(int Step, TwoLayerNet Net, Forward Forward)
{
    public Vec U => Forward.U;
}

/// <summary>
/// Gradient descent W(k+1) = W(k) − η₁∂L/∂W, a(k+1) = a(k) − η₂∂L/∂a (ntk-notes eq. (2); hu with η₁, η₂),
/// on the layers the problem trains.
/// </summary>
public static class GradientDescent
{
    public static GdState Start(GdProblem p, TwoLayerNet net) => new(0, net, Forward.Of(net, p.Data.X));

    public static GdState Step(GdProblem p, GdState s)
    {
        if (p.Train == Layers.First && Forward.IsPiecewiseLinear(s.Net.Activation))
        {
            // the common case of the sources, fused: no gradient object, the new W is the only m·d allocation
            var moved = s.Net with { W = Gradients.FirstLayerStep(s.Net, p.Data, p.Loss, s.Forward, p.Eta1) };
            return new GdState(s.Step + 1, moved, Forward.Of(moved, p.Data.X));
        }
        var g = Gradients.Of(s.Net, p.Data, p.Loss, s.Forward, p.Train);
        var net = s.Net;
        if (p.Train.TrainsFirst())
            net = net with { W = net.W.AddScaled(-p.Eta1, g.W) };
        if (p.Train.TrainsSecond())
            net = net with { A = net.A.AddScaled(-p.Eta2, g.A) };
        return new GdState(s.Step + 1, net, Forward.Of(net, p.Data.X));
    }

    /// <summary>
    /// ntk-notes Algorithm 1 written literally: u(t) first, then for each neuron r the matrix Q with rows
    /// Q_i = c_out·a_r·σ'(w_rᵀx_i)·x_iᵀ, grad_r = −Qᵀ(y − u(t)) (times the loss factor), w_r ← w_r − η·grad_r.
    /// First layer only. A reference for <see cref="Step"/>, deliberately free of the vectorised kernels.
    /// </summary>
    public static TwoLayerNet Algorithm1Step(TwoLayerNet net, Dataset data, LossKind loss, double eta)
    {
        int n = data.N, m = net.Width, d = net.InputDim;
        double cout = net.OutputFactor, cin = net.InputFactor, cl = loss.Factor(n);
        var u = new double[n];
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int r = 0; r < m; r++)
            {
                double z = 0;
                for (int k = 0; k < d; k++)
                    z += net.W[r, k] * data.X[i, k];
                s += net.A[r] * net.Activation.Value(cin * z);
            }
            u[i] = cout * s;
        }
        var w = new double[m * d];
        var q = new double[n, d];
        for (int r = 0; r < m; r++)
        {
            for (int i = 0; i < n; i++)
            {
                double z = 0;
                for (int k = 0; k < d; k++)
                    z += net.W[r, k] * data.X[i, k];
                double coef = cout * net.A[r] * net.Activation.Derivative(cin * z) * cin;
                for (int k = 0; k < d; k++)
                    q[i, k] = coef * data.X[i, k];
            }
            for (int k = 0; k < d; k++)
            {
                double grad = 0;
                for (int i = 0; i < n; i++)
                    grad -= q[i, k] * cl * (data.Y[i] - u[i]);
                w[r * d + k] = net.W[r, k] - eta * grad;
            }
        }
        return net with { W = Mat.Own(m, d, w) };
    }
}
