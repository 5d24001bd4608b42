using NtkPure.Kernels;
using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Dynamics;

/// <summary>
/// Natural gradient descent on the first layer of a <see cref="TwoLayerNet"/> under the square loss ½‖u − y‖²
/// (ntk-slides, "Natural Gradient Descent", after Zhang, Martens and Grosse 2019): with the Fisher matrix of the
/// square loss F = JᵀJ and its generalised inverse, θ(k+1) = θ(k) − η·Jᵀ(JJᵀ)⁻¹(u(k) − y), J = ∂u/∂W (n×m·d).
/// J is never formed: G = JJᵀ is the first-layer NTK (<see cref="EmpiricalNtk.FirstLayer(TwoLayerNet, Mat, Forward)"/>),
/// α = G⁻¹(u − y) by Cholesky, and Jᵀα is the backward pass with per-example weights α
/// (<see cref="Gradients.Backward"/>). For a linear model one step with η = 1 interpolates: u(1) = y.
/// </summary>
public static class NaturalGradient
{
    /// <summary>One NGD step from <paramref name="s"/> with step size η; throws when G(θ(k)) is not positive definite.</summary>
    public static GdState Step(Dataset data, double eta, GdState s)
    {
        var g = EmpiricalNtk.FirstLayer(s.Net, data.X, s.Forward);
        var alpha = Cholesky.Solve(Cholesky.Lower(g), s.U - data.Y);
        var (direction, _) = Gradients.Backward(s.Net, data.X, alpha.Span, s.Forward, Layers.First);
        var net = s.Net with { W = s.Net.W.AddScaled(-eta, direction) };
        return new GdState(s.Step + 1, net, Forward.Of(net, data.X));
    }

    /// <summary>The state at θ(0) (the forward pass on the training inputs).</summary>
    public static GdState Start(Dataset data, TwoLayerNet net) => new(0, net, Forward.Of(net, data.X));
}
