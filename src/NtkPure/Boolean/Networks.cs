using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Boolean;

/// <summary>
/// Two-layer ReLU networks with biases, f(x) = Σ_r a_r σ(w_rᵀx + c_r), as ordinary unscaled
/// <see cref="TwoLayerNet"/>s on the augmented input (x, 1): row r of W is (w_r, c_r). An output bias c₀ is the
/// neuron a₀σ(0ᵀx + 1) = a₀. So every network of wu's hardness section is evaluated by the same forward pass
/// as everything else, and its path norm is one formula.
/// </summary>
public static class Networks
{
    /// <summary>(x, 1): X (n×d) ↦ n×(d+1) with a last column of ones.</summary>
    public static Mat WithBias(Mat x)
    {
        int n = x.Rows, d = x.Cols;
        var r = new double[n * (d + 1)];
        for (int i = 0; i < n; i++)
        {
            x.Row(i).CopyTo(r.AsSpan(i * (d + 1), d));
            r[i * (d + 1) + d] = 1.0;
        }
        return Mat.Own(n, d + 1, r);
    }

    /// <summary>
    /// The path norm Σ_r |c_out·a_r|·‖c_in·w_r‖₁ (for a net on (x, 1) this is Σ_r |a_r|(‖w_r‖₁ + |c_r|), biases
    /// included, the output bias counted as |a₀|): the ℓ₁ path norm of E, Ma and Wu, dual to ‖x‖_∞ = 1 on the cube.
    /// </summary>
    public static double PathNorm(TwoLayerNet net)
    {
        double s = 0;
        for (int r = 0; r < net.Width; r++)
        {
            var w = net.W.Row(r);
            double l1 = 0;
            for (int k = 0; k < w.Length; k++)
                l1 += Math.Abs(w[k]);
            s += Math.Abs(net.A[r]) * l1;
        }
        return Math.Abs(net.OutputFactor) * net.InputFactor * s;
    }

    /// <summary>A two-layer ReLU net on (x, 1) from its neurons' weights (rows of W) and output weights a, unscaled.</summary>
    public static TwoLayerNet Relu(double[][] rows, double[] a) =>
        new(Mat.FromRows(rows), Vec.Of(a), Activation.Relu, OutputScaling.None);

    /// <summary>σ_step(t) = 1(t ≥ 0) (wu, "Learning intersections of halfspaces").</summary>
    public static double Step(double t) => t >= 0 ? 1.0 : 0.0;

    /// <summary>
    /// ReLU(2z) − ReLU(2z − 1) as a net on (z, 1): neurons (2, 0) and (2, −1), output weights 1 and −1. wu claims it
    /// equals σ_step(z) for |z| ≥ ½. Path norm 2 + 3 = 5.
    /// </summary>
    public static TwoLayerNet StepFromRelu() => Relu([[2.0, 0.0], [2.0, -1.0]], [1.0, -1.0]);

    /// <summary>The value of <paramref name="net"/> (on (z, 1)) at a scalar z.</summary>
    public static double At(TwoLayerNet net, double z) => net.Predict([z, 1.0]);
}
