using NtkPure.Numerics;

namespace NtkPure.Model;

/// <summary>
/// An L-hidden-layer fully-connected net in ntk-slides' parameterisation (Arora et al. 2019):
/// f^(h)(x) = W^(h)·g^(h−1)(x) ∈ R^{d_h}, g^(0) = x, g^(h) = √(c_σ/d_h)·σ(f^(h)) for h = 1 … L, and the output
/// f(x) = f^(L+1)(x) = W^(L+1)·g^(L)(x) with d_{L+1} = 1. <see cref="Weights"/>[h−1] is W^(h) (d_h × d_{h−1},
/// row-major); at initialisation every entry is N(0, 1).
/// </summary>
public sealed record DeepNet(IReadOnlyList<Mat> Weights, Activation Activation, double CSigma)
{
    /// <summary>L, the number of hidden layers.</summary>
    public int HiddenLayers => Weights.Count - 1;

    public int InputDim => Weights[0].Cols;

    public long ParameterCount
    {
        get
        {
            long p = 0;
            foreach (var w in Weights)
                p += (long)w.Rows * w.Cols;
            return p;
        }
    }

    /// <summary>
    /// W^(h) ~ N(0, 1) i.i.d. for hidden widths d_1 … d_L (<paramref name="widths"/>) and a scalar output, each
    /// layer from its own stream "deep/W{h}" of <paramref name="seed"/>.
    /// </summary>
    public static DeepNet Init(int inputDim, IReadOnlyList<int> widths, Activation activation, double cSigma, ulong seed)
    {
        if (inputDim < 1 || widths.Count < 1)
            throw new ArgumentException("a deep net needs d₀ ≥ 1 and at least one hidden layer");
        var weights = new Mat[widths.Count + 1];
        int previous = inputDim;
        for (int h = 0; h <= widths.Count; h++)
        {
            int rows = h < widths.Count ? widths[h] : 1;
            if (rows < 1)
                throw new ArgumentException($"hidden width d_{h + 1} must be ≥ 1, got {rows}");
            var rng = new Rng(Rng.Derive(seed, "deep/W" + (h + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            var w = new double[(long)rows * previous];
            rng.FillGaussian(w);
            weights[h] = Mat.Own(rows, previous, w);
            previous = rows;
        }
        return new DeepNet(weights, activation, cSigma);
    }

    /// <summary>L hidden layers of the same width m.</summary>
    public static DeepNet Init(int inputDim, int hiddenLayers, int width, Activation activation, double cSigma, ulong seed) =>
        Init(inputDim, Enumerable.Repeat(width, hiddenLayers).ToArray(), activation, cSigma, seed);

    /// <summary>The outputs f(x_i) for X (n×d₀).</summary>
    public Vec Predict(Mat x) => DeepForward.Of(this, x).Output;
}

/// <summary>
/// A forward and backward pass of a <see cref="DeepNet"/> over X (n×d₀): G[h] = rows g^(h)(x_i) (n×d_h, h = 0 … L),
/// F[h−1] = rows f^(h)(x_i) (n×d_h, h = 1 … L), B[h−1] = rows b^(h)(x_i) = ∂f(x_i)/∂f^(h) (n×d_h, h = 1 … L+1;
/// b^(L+1) = 1, b^(h) = √(c_σ/d_h)·σ'(f^(h)) ⊙ W^(h+1)ᵀb^(h+1)), and the outputs. ∂f/∂W^(h) = b^(h)·g^(h−1)ᵀ.
/// </summary>
public sealed record DeepForward(IReadOnlyList<Mat> G, IReadOnlyList<Mat> F, IReadOnlyList<Mat> B, Vec Output)
{
    public static DeepForward Of(DeepNet net, Mat x)
    {
        if (x.Cols != net.InputDim)
            throw new ArgumentException($"inputs have d = {x.Cols} but the net expects d₀ = {net.InputDim}");
        int n = x.Rows, layers = net.HiddenLayers;
        var g = new Mat[layers + 1];
        var f = new Mat[layers];
        var dphi = new double[layers][];
        g[0] = x;
        for (int h = 1; h <= layers; h++)
        {
            var w = net.Weights[h - 1];
            var pre = g[h - 1].MultiplyTransposed(w); // n×d_h
            int dh = w.Rows;
            var value = new double[n * dh];
            var derivative = new double[n * dh];
            net.Activation.Apply(pre.Span, value, derivative);
            double scale = Math.Sqrt(net.CSigma / dh);
            for (int k = 0; k < value.Length; k++)
                value[k] *= scale;
            f[h - 1] = pre;
            dphi[h - 1] = derivative;
            g[h] = Mat.Own(n, dh, value);
        }
        var output = g[layers].MultiplyTransposed(net.Weights[layers]); // n×1
        var b = new Mat[layers + 1];
        var ones = new double[n];
        Array.Fill(ones, 1.0);
        b[layers] = Mat.Own(n, 1, ones);
        for (int h = layers; h >= 1; h--)
        {
            var back = b[h] * net.Weights[h]; // (n×d_{h+1})·(d_{h+1}×d_h)
            int dh = back.Cols;
            double scale = Math.Sqrt(net.CSigma / dh);
            var data = back.ToArray();
            var d = dphi[h - 1];
            for (int k = 0; k < data.Length; k++)
                data[k] *= scale * d[k];
            b[h - 1] = Mat.Own(n, dh, data);
        }
        return new DeepForward(g, f, b, Vec.Of(output.ToArray()));
    }
}
