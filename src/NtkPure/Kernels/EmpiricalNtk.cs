using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Kernels;

/// <summary>
/// Empirical NTKs of a <see cref="TwoLayerNet"/> on inputs X (n×d), by the structured formulas:
/// first layer K₁ = c_out²·c_in²·(X·Xᵀ) ⊙ (Φ'·diag(a²)·Φ'ᵀ) — for ReLU, unit a_r² and c_out = 1/√m this is H(W) of
/// ntk-notes Definition 3 — and second layer K₂ = c_out²·Φ·Φᵀ, where Φ = φ(c_in·X·Wᵀ) and Φ' = φ'(c_in·X·Wᵀ).
/// Each equals J·Jᵀ restricted to the layer (tested against <see cref="Dynamics.Jacobian"/>).
/// </summary>
public static class EmpiricalNtk
{
    public static Mat FirstLayer(TwoLayerNet net, Mat x) => FirstLayer(net, x, Forward.Of(net, x));

    public static Mat FirstLayer(TwoLayerNet net, Mat x, Forward f)
    {
        int n = f.N, m = f.M;
        var s = new double[n * m];
        var a = net.A.Span;
        for (int i = 0; i < n; i++)
        {
            var d = f.Derivatives.Slice(i * m, m);
            var row = s.AsSpan(i * m, m);
            for (int r = 0; r < m; r++)
                row[r] = Math.Abs(a[r]) * d[r];
        }
        var pattern = Mat.Own(n, m, s).Gram();
        double c = net.OutputFactor * net.InputFactor;
        return (c * c) * x.Gram().Hadamard(pattern);
    }

    public static Mat SecondLayer(TwoLayerNet net, Mat x) => SecondLayer(net, Forward.Of(net, x));

    public static Mat SecondLayer(TwoLayerNet net, Forward f)
    {
        double c = net.OutputFactor;
        return (c * c) * Mat.Own(f.N, f.M, f.Phi).Gram();
    }

    /// <summary>η₁·K₁ + η₂·K₂ over the trained layers: the kernel of one GD step in function space.</summary>
    public static Mat Weighted(TwoLayerNet net, Mat x, Layers train, double eta1, double eta2) =>
        Weighted(net, x, Forward.Of(net, x), train, eta1, eta2);

    public static Mat Weighted(TwoLayerNet net, Mat x, Forward f, Layers train, double eta1, double eta2)
    {
        Mat? k = null;
        if (train.TrainsFirst())
            k = eta1 * FirstLayer(net, x, f);
        if (train.TrainsSecond())
        {
            var k2 = eta2 * SecondLayer(net, f);
            k = k is null ? k2 : k + k2;
        }
        return k!;
    }

    /// <summary>The NTK of the trained layers (unit rates).</summary>
    public static Mat OfLayers(TwoLayerNet net, Mat x, Layers train) => Weighted(net, x, train, 1.0, 1.0);
}
