using NtkPure.Kernels;
using NtkPure.Model;
using NtkPure.Numerics;
using Xunit;

namespace NtkPure.Tests.Kernels;

/// <summary>The multi-layer recursion: closed forms vs quadrature, vs the feature map of Lemma 1, vs finite-width nets.</summary>
public class RecursionTests
{
    private static void Close(Mat expected, Mat actual, Func<int, int, double> tolerance, string what)
    {
        for (int i = 0; i < expected.Rows; i++)
            for (int j = 0; j < expected.Cols; j++)
                Assert.True(Math.Abs(expected[i, j] - actual[i, j]) <= tolerance(i, j),
                    $"{what} [{i},{j}]: {expected[i, j]:R} vs {actual[i, j]:R} (tolerance {tolerance(i, j):G3})");
    }

    [Fact]
    public void OneHiddenLayerReluIsTheTwoLayerReluNtk()
    {
        var x = ClosedFormTests.Inputs(6, 4, 3);
        var k = MultiLayerNtk.Of(Activation.Relu, x, 1);
        var reference = InfiniteWidth.ReluNtk(x);
        Close(reference, k.Theta, (i, j) => Tolerance.ForOperations(16, reference.MaxAbs()).Absolute, "Θ^(1) vs ‖x‖‖x'‖κ(u)");
        Assert.Equal(2.0, k.CSigma);
        // Σ^(h)(x, x) = ‖x‖² for ReLU with c_σ = 2, at every depth
        var deep = MultiLayerNtk.Of(Activation.Relu, x, 4);
        for (int h = 0; h <= 4; h++)
            for (int i = 0; i < 6; i++)
                Assert.True(Math.Abs(deep.Sigma[h][i, i] - x.Gram()[i, i]) <= 1e-14 * x.Gram()[i, i]);
    }

    [Theory]
    [InlineData("relu")]
    [InlineData("leaky-relu:0.3")]
    [InlineData("erf")]
    [InlineData("identity")]
    public void ClosedFormRecursionAgreesWithTheQuadratureRecursion(string name)
    {
        Assert.True(Activation.TryParse(name, out var act));
        // unit-scale inputs keep the erf variances where the comparison is about the rule, not about erf's range
        var x = Datasets.Inputs(InputDistribution.Sphere, 6, 3, 17);
        for (int layers = 1; layers <= 4; layers++)
        {
            var closed = MultiLayerNtk.Of(act, x, layers);
            var quad = MultiLayerNtk.Of(act, x, layers, useQuadrature: true);
            double scale = closed.Theta.MaxAbs();
            Close(closed.Theta, quad.Theta, (i, j) => 1e-10 * scale, $"{name} Θ^({layers})");
        }
    }

    [Fact]
    public void IdentityActivationGivesLPlusOneTimesTheLinearKernel()
    {
        var x = ClosedFormTests.Inputs(5, 3, 12);
        var k = MultiLayerNtk.Of(Activation.Identity, x, 3);
        var expected = 4.0 * x.Gram();
        Close(expected, k.Theta, (i, j) => Tolerance.ForOperations(32, expected.MaxAbs()).Absolute, "Θ^(3) of the identity");
    }

    [Fact]
    public void AsWrittenDiffersFromStandardByTheLastSigmaDotFactor()
    {
        var x = ClosedFormTests.Inputs(5, 3, 13);
        foreach (var act in new[] { Activation.Relu, Activation.Erf })
        {
            var standard = MultiLayerNtk.Of(act, x, 2);
            var written = MultiLayerNtk.Of(act, x, 2, SigmaDotConvention.AsWritten);
            Assert.Equal(3, written.SigmaDot.Count);
            var expected = written.SigmaDot[2].Hadamard(standard.Theta);
            Close(expected, written.Theta, (i, j) => Tolerance.ForOperations(64, expected.MaxAbs()).Absolute, act.Name + " Θ_written = Σ̇^(L+1) ⊙ Θ");
        }
        // for ReLU with c_σ = 2 the diagonal of Σ̇^(L+1) is exactly 1, so the two agree on the diagonal only
        var r = MultiLayerNtk.Of(Activation.Relu, x, 2, SigmaDotConvention.AsWritten).SigmaDot[2];
        Assert.Equal(1.0, r[0, 0], 15);
        Assert.True(r[0, 2] < 0.99);
    }

    /// <summary>
    /// The feature map iterates κ's of the cosine with arccos: where u is within δ of ±1 the rounded u carries a
    /// relative error ε, which arccos amplifies by 1/√(1 − u²); the tolerance follows that conditioning per entry.
    /// </summary>
    [Fact]
    public void FeatureMapRecursionAgreesWithTheSigmaThetaRecursion()
    {
        var x = ClosedFormTests.Inputs(7, 4, 21);
        var g = x.Gram();
        for (int depth = 1; depth <= 6; depth++)
        {
            var recursion = MultiLayerNtk.Of(Activation.Relu, x, depth).Theta;
            var feature = FeatureMapNtk.Kernel(x, depth);
            Close(recursion, feature, (i, j) =>
            {
                double s = Math.Sqrt(g[i, i] * g[j, j]);
                double u = Math.Clamp(g[i, j] / s, -1, 1);
                double conditioning = 1 + 1 / Math.Sqrt(Math.Max(1 - u * u, Tolerance.Epsilon));
                return 64 * depth * depth * Tolerance.Epsilon * conditioning * s * (depth + 1);
            }, $"depth {depth}");
        }
    }

    [Fact]
    public void FeatureMapIsTheInnerProductOfExplicitTensorFeatures()
    {
        // Lemma 1 literally: Φ_k(x) = (φ₀(Ψ_{k−1}(x)) ⊗ Φ_{k−1}(x); φ₁(Ψ_{k−1}(x))), with finite feature matrices for
        // φ₀, φ₁ on the n points taken from the eigendecompositions of their kernel matrices
        var x = Datasets.Inputs(InputDistribution.Gaussian, 4, 3, 5);
        int n = 4;
        var psi = x;
        var phi = x;
        for (int k = 1; k <= 2; k++)
        {
            var f0 = Factor(ArcCosine.Degree0(psi));
            var f1 = Factor(ArcCosine.Degree1(psi));
            int c0 = f0.Cols, cp = phi.Cols, c1 = f1.Cols;
            var next = new double[n * (c0 * cp + c1)];
            for (int i = 0; i < n; i++)
            {
                int o = i * (c0 * cp + c1);
                for (int a = 0; a < c0; a++)
                    for (int b = 0; b < cp; b++)
                        next[o + a * cp + b] = f0[i, a] * phi[i, b];
                for (int a = 0; a < c1; a++)
                    next[o + c0 * cp + a] = f1[i, a];
            }
            phi = Mat.FromRowMajor(n, c0 * cp + c1, next);
            psi = f1;
        }
        var explicitKernel = phi.Gram();
        var recursion = FeatureMapNtk.Kernel(x, 2);
        Close(recursion, explicitKernel, (i, j) => 1e-12 * recursion.MaxAbs(), "⟨Φ₂(x), Φ₂(x')⟩");
    }

    /// <summary>F with F·Fᵀ = K from K = V·diag(λ)·Vᵀ; λ below zero by rounding (|λ| ≤ 1e-13·‖K‖) contribute nothing.</summary>
    private static Mat Factor(Mat k)
    {
        var e = SymmetricEigen.Of(k);
        int n = k.Rows;
        Assert.True(e.Min >= -1e-13 * e.Max, $"kernel matrix has λ_min = {e.Min:G3}");
        return Mat.Create(n, n, (i, c) => e.Vectors[i, c] * Math.Sqrt(Math.Max(0.0, e.Values[c])));
    }

    [Theory]
    [InlineData("tanh")]
    [InlineData("softplus")]
    public void AnyActivationRecursionIsStableUnderQuadratureRefinement(string name)
    {
        Assert.True(Activation.TryParse(name, out var act));
        var x = Datasets.Inputs(InputDistribution.Sphere, 5, 3, 19);
        var coarse = MultiLayerNtk.Of(act, x, 3);
        var fine = MultiLayerNtk.Of(act, x, 3, quadrature: GaussianQuadrature.Of(SmoothRule.Trapezoid, trapezoidStep: 0.125));
        Close(fine.Theta, coarse.Theta, (i, j) => 1e-10 * fine.Theta.MaxAbs(), name);
        Assert.True(Math.Abs(coarse.CSigma - 1 / GaussianExpectations.Moments(act).MeanSquare) <= 1e-14 * coarse.CSigma);
    }

    [Fact]
    public void DeepNetStructuredNtkEqualsTheExplicitJacobianGram()
    {
        var x = ClosedFormTests.Inputs(4, 3, 2);
        foreach (var act in new[] { Activation.Relu, Activation.Erf, Activation.Tanh })
        {
            var net = DeepNet.Init(3, [7, 5, 6], act, MultiLayerNtk.CSigma(act, useQuadrature: true), 41);
            var j = DeepEmpiricalNtk.Jacobian(net, x);
            var viaJacobian = j.Gram();
            var structured = DeepEmpiricalNtk.Of(net, x);
            var tol = Tolerance.ForOperations(4 * net.ParameterCount, j.MaxAbs() * j.MaxAbs() * net.ParameterCount);
            Assert.True(tol.Close(viaJacobian, structured), act.Name);
            // and the outputs of the two forward passes agree
            Assert.True(Tolerance.ForOperations(64, 1 + net.Predict(x).NormInf()).Close(net.Predict(x), DeepOutputs(net, x)));
        }
    }

    private static Vec DeepOutputs(DeepNet net, Mat x) =>
        Vec.Create(x.Rows, i =>
        {
            var g = x.Row(i).ToArray();
            for (int h = 0; h < net.Weights.Count; h++)
            {
                var w = net.Weights[h];
                var next = new double[w.Rows];
                for (int a = 0; a < w.Rows; a++)
                {
                    double z = 0;
                    for (int c = 0; c < w.Cols; c++)
                        z += w[a, c] * g[c];
                    next[a] = h == net.Weights.Count - 1 ? z : Math.Sqrt(net.CSigma / w.Rows) * net.Activation.Value(z);
                }
                g = next;
            }
            return g[0];
        });

    [Fact]
    public void DeepNetJacobianMatchesFiniteDifferences()
    {
        var x = ClosedFormTests.Inputs(4, 2, 6);
        var net = DeepNet.Init(2, [4, 3], Activation.Erf, MultiLayerNtk.CSigma(Activation.Erf), 8);
        var j = DeepEmpiricalNtk.Jacobian(net, x);
        int p = (int)net.ParameterCount;
        double h = 1e-5;
        var flat = net.Weights.SelectMany(w => w.ToArray()).ToArray();
        for (int c = 0; c < p; c++)
        {
            Vec At(double delta)
            {
                var t = (double[])flat.Clone();
                t[c] += delta;
                int o = 0;
                var ws = net.Weights.Select(w =>
                {
                    var m = Mat.FromRowMajor(w.Rows, w.Cols, t.AsSpan(o, w.Rows * w.Cols));
                    o += w.Rows * w.Cols;
                    return m;
                }).ToArray();
                return (net with { Weights = ws }).Predict(x);
            }
            var d1 = (1 / (2 * h)) * (At(h) - At(-h));
            var d2 = (1 / h) * (At(h / 2) - At(-h / 2));
            for (int i = 0; i < x.Rows; i++)
            {
                // Richardson: |D(h) − D(h/2)| estimates D(h/2)'s truncation error ×3; rounding ε·|f|/h
                double tol = 2 * Math.Abs(d1[i] - d2[i]) + 100 * Tolerance.Epsilon * (1 + Math.Abs(net.Predict(x)[i])) / h;
                Assert.True(Math.Abs(j[i, c] - d2[i]) <= tol, $"∂f(x_{i})/∂θ_{c}: {j[i, c]:R} vs {d2[i]:R}");
            }
        }
    }

    [Fact]
    public void FiniteWidthDeepNtkApproachesThetaWithSlopeMinusOneHalf()
    {
        // widths 32 … 1024, 24 nets each, L = 2 ReLU, unit inputs: the RMS of ‖Θ̂_m − Θ^(L)‖_F over the nets
        var x = Datasets.Inputs(InputDistribution.Sphere, 3, 4, 23);
        var theta = MultiLayerNtk.Of(Activation.Relu, x, 2).Theta;
        var widths = new[] { 32, 64, 128, 256, 512, 1024 };
        var rms = new double[widths.Length];
        for (int k = 0; k < widths.Length; k++)
        {
            var nets = DeepEmpiricalNtk.Replicates(x, Activation.Relu, 2.0, 2, widths[k], 24, Rng.Derive(99, "width/" + widths[k]));
            double sq = 0;
            foreach (var t in nets)
            {
                double e = (t - theta).FrobeniusNorm();
                sq += e * e;
            }
            rms[k] = Math.Sqrt(sq / nets.Count);
        }
        var fit = Statistics.FitLogLog(widths.Select(w => (double)w).ToArray(), rms, 0.99);
        Assert.True(fit.SlopeInside(-0.5), $"slope {fit.Slope:F3} [{fit.SlopeLower:F3}, {fit.SlopeUpper:F3}], RMS {string.Join(", ", rms.Select(r => r.ToString("G3")))}");
        Assert.True(fit.SlopeUpper - fit.SlopeLower < 0.3, $"interval [{fit.SlopeLower:F3}, {fit.SlopeUpper:F3}]");
    }
}
