using NtkPure.Dynamics;
using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Boolean;

/// <summary>The values h(x_i; θ) (n) and the Jacobian ∇_θh(x_i; θ) (n×P, row i) of a model on the rows of X.</summary>
public sealed record ModelOutput(Vec Values, Mat Jacobian);

/// <summary>
/// Any parametric model h(·; θ) that exposes ∇_θh, as wu Theorem 7 allows: a name, the input dimension it reads,
/// P = dim θ, and a function from a chunk of inputs (n×InputDim) to values and Jacobian. When
/// <see cref="Bias"/> is set the model reads (x, 1) and callers on the cube append the constant coordinate.
/// </summary>
public sealed record ParametricModel(string Name, int InputDim, int ParameterCount, bool Bias, Func<Mat, ModelOutput> Evaluate)
{
    /// <summary>The cube dimension d the model is evaluated on: InputDim, less the bias coordinate.</summary>
    public int CubeDimension => Bias ? InputDim - 1 : InputDim;

    /// <summary>
    /// A two-layer net with θ = (vec W, a) (the ordering of <see cref="Jacobian"/>); with <paramref name="bias"/>
    /// its last input coordinate is the constant 1 (a bias on every neuron).
    /// </summary>
    public static ParametricModel TwoLayer(TwoLayerNet net, bool bias = false) =>
        new(FormattableString.Invariant($"two-layer {net.Activation.Name} net, m = {net.Width}{(bias ? ", biases" : "")}"), net.InputDim, net.ParameterCount, bias,
            x => new ModelOutput(net.Predict(x), Jacobian.Of(net, x)));

    /// <summary>
    /// The random-feature model h(x; a) = Σ_j a_j σ(b_jᵀx) with B (m×d) fixed and θ = a (wu, "kernel regime"):
    /// ∇_θh(x) = σ(Bx), the same at every θ.
    /// </summary>
    public static ParametricModel RandomFeatures(Mat b, Vec a, Activation activation, bool bias = false)
    {
        if (a.Length != b.Rows)
            throw new ArgumentException($"B has {b.Rows} rows but a has {a.Length} entries");
        var net = new TwoLayerNet(b, a, activation, OutputScaling.None);
        return new(FormattableString.Invariant($"random features ({activation.Name}), m = {b.Rows}{(bias ? ", biases" : "")}"), b.Cols, b.Rows, bias, x =>
        {
            var f = Forward.Of(net, x);
            return new ModelOutput(f.U, Mat.FromRowMajor(f.N, f.M, f.Values));
        });
    }
}
