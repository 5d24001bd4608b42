using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Dynamics;

/// <summary>
/// GD on every layer of a <see cref="DeepNet"/> whose output is scaled by κ (Arora et al. 2019, ntk-slides
/// Theorem 3.2: f_nn = κ·f(θ, x) with 1/κ = poly(1/ε)): u = κ·f(X), the loss ½‖u − y‖², and
/// W^(h) ← W^(h) − η·κ·Σ_i (u_i − y_i)·b^(h)(x_i)·g^(h−1)(x_i)ᵀ.
/// </summary>
public sealed record DeepGdState(int Step, DeepNet Net, DeepForward Forward, double OutputScale)
{
    /// <summary>u = κ·f(X) on the training inputs.</summary>
    public Vec U => OutputScale * Forward.Output;
}

public static class DeepGradientDescent
{
    /// <summary>
    /// Σ_i e_i·∂f(x_i)/∂W^(h) for h = 1 … L+1 (each d_h×d_{h−1}) from a forward pass over X (n×d₀) and weights e (n):
    /// (diag(e)·B^(h))ᵀ·G^(h−1), since ∂f/∂W^(h) = b^(h)·g^(h−1)ᵀ.
    /// </summary>
    public static IReadOnlyList<Mat> Gradient(DeepForward pass, ReadOnlySpan<double> e)
    {
        int layers = pass.B.Count;
        var grads = new Mat[layers];
        for (int h = 1; h <= layers; h++)
        {
            var b = pass.B[h - 1];
            if (b.Rows != e.Length)
                throw new ArgumentException($"the pass has {b.Rows} examples but e has {e.Length} entries");
            var scaled = b.ToArray();
            int cols = b.Cols;
            for (int i = 0; i < b.Rows; i++)
                for (int k = 0; k < cols; k++)
                    scaled[i * cols + k] *= e[i];
            grads[h - 1] = Mat.FromRowMajor(b.Rows, cols, scaled).TransposeMultiply(pass.G[h - 1]);
        }
        return grads;
    }

    public static DeepGdState Start(DeepNet net, Mat x, double outputScale) => new(0, net, DeepForward.Of(net, x), outputScale);

    /// <summary>One GD step on ½‖κ·f(X) − y‖² over all layers.</summary>
    public static DeepGdState Step(DeepGdState s, Mat x, Vec y, double eta)
    {
        var r = s.U - y;
        var e = new double[r.Length];
        for (int i = 0; i < e.Length; i++)
            e[i] = s.OutputScale * r[i];
        var grads = Gradient(s.Forward, e);
        var weights = new Mat[grads.Count];
        for (int h = 0; h < grads.Count; h++)
            weights[h] = s.Net.Weights[h].AddScaled(-eta, grads[h]);
        var net = s.Net with { Weights = weights };
        return new DeepGdState(s.Step + 1, net, DeepForward.Of(net, x), s.OutputScale);
    }
}
