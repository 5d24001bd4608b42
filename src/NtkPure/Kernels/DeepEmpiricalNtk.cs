using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Kernels;

/// <summary>
/// The empirical NTK ⟨∂f(x)/∂θ, ∂f(x')/∂θ⟩ of a <see cref="DeepNet"/> over all its weights, two ways:
/// structured, K = Σ_{h=1}^{L+1} (G^(h−1)G^(h−1)ᵀ) ⊙ (B^(h)B^(h)ᵀ) (ntk-slides: ⟨b gᵀ, b' g'ᵀ⟩ = ⟨g, g'⟩⟨b, b'⟩),
/// and explicitly, J·Jᵀ with the Jacobian J (n×P) assembled per example by scalar loops.
/// </summary>
public static class DeepEmpiricalNtk
{
    public static Mat Of(DeepNet net, Mat x) => Of(DeepForward.Of(net, x));

    public static Mat Of(DeepForward pass)
    {
        Mat? k = null;
        for (int h = 1; h <= pass.B.Count; h++)
        {
            var term = pass.G[h - 1].Gram().Hadamard(pass.B[h - 1].Gram());
            k = k is null ? term : k + term;
        }
        return k!;
    }

    /// <summary>
    /// J (n×P), columns ordered layer by layer, each W^(h) row-major: a per-example forward and backward pass
    /// written with plain loops (no shared code with <see cref="DeepForward"/>), the independent route.
    /// </summary>
    public static Mat Jacobian(DeepNet net, Mat x)
    {
        int n = x.Rows, layers = net.HiddenLayers;
        long p = net.ParameterCount;
        if (n * p > 1L << 28)
            throw new ArgumentException($"the explicit Jacobian would hold {n * p} numbers; it is meant for small nets");
        var j = new double[n * p];
        for (int i = 0; i < n; i++)
        {
            // forward: activations g[h] and derivative factors s[h] = √(c/d_h)·σ'(f^(h))
            var g = new double[layers + 1][];
            var s = new double[layers + 1][];
            g[0] = x.Row(i).ToArray();
            for (int h = 1; h <= layers; h++)
            {
                var w = net.Weights[h - 1];
                int dh = w.Rows, dprev = w.Cols;
                double scale = Math.Sqrt(net.CSigma / dh);
                g[h] = new double[dh];
                s[h] = new double[dh];
                for (int a = 0; a < dh; a++)
                {
                    double z = 0;
                    for (int c = 0; c < dprev; c++)
                        z += w[a, c] * g[h - 1][c];
                    g[h][a] = scale * net.Activation.Value(z);
                    s[h][a] = scale * net.Activation.Derivative(z);
                }
            }
            // backward: b^(L+1) = 1, b^(h) = s[h] ⊙ W^(h+1)ᵀ b^(h+1)
            var b = new double[layers + 2][];
            b[layers + 1] = [1.0];
            for (int h = layers; h >= 1; h--)
            {
                var w = net.Weights[h];
                b[h] = new double[w.Cols];
                for (int a = 0; a < w.Cols; a++)
                {
                    double sum = 0;
                    for (int r = 0; r < w.Rows; r++)
                        sum += w[r, a] * b[h + 1][r];
                    b[h][a] = s[h][a] * sum;
                }
            }
            long offset = 0;
            var row = j.AsSpan((int)(i * p), (int)p);
            for (int h = 1; h <= layers + 1; h++)
            {
                var w = net.Weights[h - 1];
                for (int a = 0; a < w.Rows; a++)
                    for (int c = 0; c < w.Cols; c++)
                        row[(int)(offset + (long)a * w.Cols + c)] = b[h][a] * g[h - 1][c];
                offset += (long)w.Rows * w.Cols;
            }
        }
        return Mat.Own(n, (int)p, j);
    }

    /// <summary>
    /// The empirical NTKs of R independently initialised nets of L hidden layers of width m (streams derived from
    /// <paramref name="seed"/> and the replicate index): the Monte Carlo sample behind "Θ̂ → Θ^(L) as m grows".
    /// </summary>
    public static IReadOnlyList<Mat> Replicates(Mat x, Activation act, double cSigma, int hiddenLayers, int width, int replicates, ulong seed)
    {
        var result = new Mat[replicates];
        for (int r = 0; r < replicates; r++)
        {
            ulong s = Rng.Derive(seed, "replicate/" + r.ToString(System.Globalization.CultureInfo.InvariantCulture));
            result[r] = Of(DeepNet.Init(x.Cols, hiddenLayers, width, act, cSigma, s), x);
        }
        return result;
    }
}
