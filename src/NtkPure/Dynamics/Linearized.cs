using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Dynamics;

/// <summary>
/// The linearised ("lazy") network f_lin(x; θ) = f(x; θ₀) + ∇_θf(x; θ₀)·(θ − θ₀) around θ₀ (hu, "Recap of NTK";
/// wu, "Lazy training"). J0 is the Jacobian at θ₀ on the training inputs, restricted to the trained layers.
/// </summary>
public sealed record LinearizedModel(TwoLayerNet Net0, Dataset Data, LossKind Loss, Layers Train, Mat J0, Vec F0)
{
    public static LinearizedModel At(TwoLayerNet net0, Dataset data, LossKind loss, Layers train) =>
        new(net0, data, loss, train, Jacobian.Restrict(Jacobian.Of(net0, data.X), net0, train), net0.Predict(data.X));

    public Vec Predict(Vec theta) => F0 + J0 * (theta - Net0.Flatten());
}

public sealed record LinearizedState(int Step, Vec Theta, Vec U);

/// <summary>GD on the linearised model: θ ← θ − η_block·c_L·J0ᵀ(u − y), η₁ on W's entries and η₂ on a's.</summary>
public static class LinearizedGd
{
    public static LinearizedState Start(LinearizedModel model) => new(0, model.Net0.Flatten(), model.F0);

    public static LinearizedState Step(LinearizedModel model, double eta1, double eta2, LinearizedState s)
    {
        int n = model.Data.N, md = model.Net0.Width * model.Net0.InputDim;
        double cl = model.Loss.Factor(n);
        var grad = model.J0.TransposeTimes(s.U - model.Data.Y).ToArray();
        var theta = s.Theta.ToArray();
        for (int c = 0; c < theta.Length; c++)
            theta[c] -= (c < md ? eta1 : eta2) * cl * grad[c];
        var next = Vec.Own(theta);
        return new LinearizedState(s.Step + 1, next, model.Predict(next));
    }
}

/// <summary>
/// Gradient flow dθ/dt = −∇L(θ) on the trained layers, θ = (vec(W), a) (ntk-notes eq. (4)). With both layers and
/// η₁ ≠ η₂ the second layer's rate is scaled by η₂/η₁, so that GD with step η₁ follows this flow at t = η₁·k.
/// </summary>
public static class GradientFlow
{
    public static Rhs Rhs(TwoLayerNet template, Dataset data, LossKind loss, Layers train, double secondLayerRate = 1.0)
    {
        int md = template.Width * template.InputDim;
        return (_, theta) =>
        {
            var net = template.WithParameters(theta.Span);
            var g = Gradients.Of(net, data, loss);
            var r = new double[theta.Length];
            if (train.TrainsFirst())
                for (int c = 0; c < md; c++)
                    r[c] = -g.W.Span[c];
            if (train.TrainsSecond())
                for (int c = 0; c < template.Width; c++)
                    r[md + c] = -secondLayerRate * g.A[c];
            return Vec.Own(r);
        };
    }
}
