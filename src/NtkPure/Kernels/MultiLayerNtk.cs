using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Kernels;

/// <summary>
/// How the last factor of ntk-slides' Θ^(L) = Σ_{h=1}^{L+1} Σ^(h−1)·Π_{h'=h}^{L+1} Σ̇^(h') is read.
/// <see cref="Standard"/>: Σ̇^(L+1) := 1 (Arora et al. 2019 state this convention; the output layer is linear, so
/// its gradient carries no σ'). <see cref="AsWritten"/>: the slides give no such convention, so Σ̇^(L+1) is the
/// formula c_σ E[σ̇(u)σ̇(v)] under Λ^(L+1) like every other Σ̇ — kept to test the statement as written.
/// </summary>
public enum SigmaDotConvention
{
    Standard,
    AsWritten,
}

/// <summary>
/// The recursion's matrices on n inputs: Σ^(h) for h = 0 … L (index h), Σ̇^(h) for h = 1 … L+1 (index h − 1;
/// Σ̇^(L+1) is all ones under <see cref="SigmaDotConvention.Standard"/>), Θ^(L), and the c_σ used.
/// </summary>
public sealed record MultiLayerKernel(IReadOnlyList<Mat> Sigma, IReadOnlyList<Mat> SigmaDot, Mat Theta, double CSigma, SigmaDotConvention Convention)
{
    public int Layers => Sigma.Count - 1;
}

/// <summary>
/// The infinite-width NTK of an L-hidden-layer fully-connected net (ntk-slides, after Arora et al. 2019):
/// f^(h) = W^(h)g^(h−1), g^(h) = √(c_σ/d_h)·σ(f^(h)), W^(h) i.i.d. N(0, 1), c_σ = 1/E_{z~N(0,1)}[σ(z)²];
/// Σ^(0) = XXᵀ, Λ^(h) = [[Σ^(h−1)(x,x), Σ^(h−1)(x,x')], [·, Σ^(h−1)(x',x')]],
/// Σ^(h) = c_σ E_{(u,v)~N(0,Λ^(h))}[σ(u)σ(v)], Σ̇^(h) = c_σ E[σ̇(u)σ̇(v)],
/// Θ^(L) = Σ_{h=1}^{L+1} Σ^(h−1) ⊙ Π_{h'=h}^{L+1} Σ̇^(h') (entrywise products).
/// For ReLU c_σ = 2, Σ^(h)(x,x) = ‖x‖² and L = 1 gives the two-layer ReLU NTK ‖x‖‖x'‖κ(u) of
/// <see cref="InfiniteWidth.ReluNtk"/>.
/// </summary>
public static class MultiLayerNtk
{
    /// <summary>
    /// c_σ = 1/E[σ(z)²], z ~ N(0, 1): ReLU 2, leaky ReLU(α) 2/(1+α²), erf π/(2·arcsin(2/3)), identity 1 in closed
    /// form; any activation by quadrature (or when <paramref name="useQuadrature"/>).
    /// </summary>
    public static double CSigma(Activation act, bool useQuadrature = false, GaussianQuadrature? quadrature = null)
    {
        if (!useQuadrature)
            switch (act.Kind)
            {
                case ActivationKind.Relu:
                    return 2.0;
                case ActivationKind.LeakyRelu:
                    return 2.0 / (1 + act.Slope * act.Slope);
                case ActivationKind.Erf:
                    return Math.PI / (2 * Math.Asin(2.0 / 3.0));
                case ActivationKind.Identity:
                    return 1.0;
            }
        double second = GaussianExpectations.Moments(act, 1.0, quadrature).MeanSquare;
        if (!(second > 0))
            throw new ArgumentException($"E[σ(z)²] = {second:G6} for {act.Name}: c_σ is undefined");
        return 1.0 / second;
    }

    /// <summary>
    /// Θ^(L) (n×n) and the Σ, Σ̇ matrices for inputs X (n×d) and L ≥ 1 hidden layers. Closed forms for ReLU,
    /// leaky ReLU, erf and identity (the first ReLU layer from the vectors' angles), quadrature for any other
    /// activation or when <paramref name="useQuadrature"/>.
    /// </summary>
    public static MultiLayerKernel Of(Activation act, Mat x, int layers, SigmaDotConvention convention = SigmaDotConvention.Standard,
        bool useQuadrature = false, GaussianQuadrature? quadrature = null)
    {
        if (layers < 1)
            throw new ArgumentOutOfRangeException(nameof(layers), $"the recursion needs L ≥ 1 hidden layers, got {layers}");
        int n = x.Rows;
        double c = CSigma(act, useQuadrature, quadrature);
        var sigma = new List<Mat> { x.Gram() };
        var sigmaDot = new List<Mat>();
        int lastDot = convention == SigmaDotConvention.Standard ? layers : layers + 1;
        for (int h = 1; h <= lastDot; h++)
        {
            // the first layer sees the inputs themselves (accurate angles); deeper layers only their Σ
            var (values, derivatives) = h == 1
                ? GaussianExpectations.OfInputs(act, x, useQuadrature, quadrature)
                : GaussianExpectations.OfCovariance(act, sigma[h - 1], useQuadrature, quadrature);
            if (h <= layers)
                sigma.Add(c * values);
            sigmaDot.Add(c * derivatives);
        }
        if (convention == SigmaDotConvention.Standard)
            sigmaDot.Add(Ones(n));
        // Θ = Σ_{h=1}^{L+1} Σ^(h−1) ⊙ Π_{h'=h}^{L+1} Σ̇^(h'), the product accumulated from h' = L+1 down
        var product = sigmaDot[layers];
        var theta = sigma[layers].Hadamard(product);
        for (int h = layers; h >= 1; h--)
        {
            product = product.Hadamard(sigmaDot[h - 1]);
            theta += sigma[h - 1].Hadamard(product);
        }
        return new MultiLayerKernel(sigma, sigmaDot, theta, c, convention);
    }

    private static Mat Ones(int n)
    {
        var d = new double[n * n];
        Array.Fill(d, 1.0);
        return Mat.Own(n, n, d);
    }
}
