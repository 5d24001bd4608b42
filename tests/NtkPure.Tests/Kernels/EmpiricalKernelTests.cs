using NtkPure.Dynamics;
using NtkPure.Kernels;
using NtkPure.Model;
using NtkPure.Numerics;
using Xunit;

namespace NtkPure.Tests.Kernels;

/// <summary>Every empirical kernel two ways: its structured formula and the explicit Jacobian product J·Jᵀ (or the definition's loops).</summary>
public class EmpiricalKernelTests
{
    private static Tolerance GramTolerance(Mat j) => Tolerance.ForOperations(4 * j.Cols, j.MaxAbs() * j.MaxAbs() * j.Cols);

    private static Mat Columns(Mat j, int from, int to) => Mat.Create(j.Rows, to - from, (i, c) => j[i, from + c]);

    [Fact]
    public void Definition3ByPatternCountsEqualsTheFirstLayerJacobianGram()
    {
        var data = Datasets.Synthetic(InputDistribution.Gaussian, 7, 4, 3);
        var net = Initialization.Net(InitScheme.Dzps, 50, 4, 4, Activation.Relu, OutputScaling.Ntk);
        var j = Jacobian.Of(net, data.X);
        var viaJacobian = Columns(j, 0, 50 * 4).Gram();
        var byPattern = EmpiricalNtk.Definition3(net.W, data.X);
        Assert.True(GramTolerance(j).Close(viaJacobian, byPattern));
        Assert.True(GramTolerance(j).Close(EmpiricalNtk.FirstLayer(net, data.X), byPattern));
        // the counts are integers: C_ij = #{r : both on}, and C_ii counts the active neurons of x_i
        var c = ActivationPattern.Of(net.W, data.X).CoOccurrence();
        for (int i = 0; i < 7; i++)
        {
            int active = 0;
            for (int r = 0; r < 50; r++)
                if (Blas.Dot(net.W.Row(r), data.X.Row(i)) >= 0)
                    active++;
            Assert.Equal(active, c[i, i]);
        }
    }

    [Fact]
    public void WuGramIsTheJacobianGramOfTheUnscaledNetWithBothTerms()
    {
        var data = Datasets.Synthetic(InputDistribution.Sphere, 6, 3, 5);
        var (b, _) = Initialization.Draw(InitScheme.WuKernel, 40, 3, 6);
        var rng = new Rng(7);
        var a = new double[40];
        rng.FillGaussian(a); // a ≠ 0, so the a_j² σ'σ' xᵀx' term is exercised too
        var net = new TwoLayerNet(b, Vec.Of(a), Activation.Relu, OutputScaling.None);
        var j = Jacobian.Of(net, data.X);
        var g = EmpiricalNtk.WuGram(net, data.X);
        Assert.True(GramTolerance(j).Close(j.Gram(), g));
        // written out: Σ_j σ(b_jᵀx)σ(b_jᵀx') + a_j² 1{b_jᵀx ≥ 0}1{b_jᵀx' ≥ 0} xᵀx'
        for (int p = 0; p < 6; p++)
            for (int q = 0; q < 6; q++)
            {
                double s = 0;
                for (int r = 0; r < 40; r++)
                {
                    double zp = Blas.Dot(b.Row(r), data.X.Row(p)), zq = Blas.Dot(b.Row(r), data.X.Row(q));
                    s += Math.Max(zp, 0) * Math.Max(zq, 0) + a[r] * a[r] * (zp >= 0 && zq >= 0 ? 1 : 0) * Blas.Dot(data.X.Row(p), data.X.Row(q));
                }
                Assert.True(Math.Abs(s - g[p, q]) <= 1e-12 * (1 + Math.Abs(s)));
            }
        Assert.Throws<ArgumentException>(() => EmpiricalNtk.WuGram(net with { Scaling = OutputScaling.Ntk }, data.X));
    }

    [Theory]
    [InlineData("relu")]
    [InlineData("erf")]
    [InlineData("softplus")]
    public void HuThetaOneAndTwoAreTheLayerJacobianGramsOfHusNet(string name)
    {
        Assert.True(Activation.TryParse(name, out var act));
        int m = 30, d = 5;
        var data = Datasets.Synthetic(InputDistribution.Gaussian, 6, d, 8);
        var net = Initialization.Net(InitScheme.Symmetric, m, d, 9, act, OutputScaling.Ntk, inputScaled: true);
        var j = Jacobian.Of(net, data.X);
        var theta1 = HuKernels.Theta1(net.W, data.X, act);
        var theta2 = HuKernels.Theta2(net.W, data.X, act);
        Assert.True(GramTolerance(j).Close(Columns(j, 0, m * d).Gram(), theta1), "Θ₁ = J₁J₁ᵀ");
        Assert.True(GramTolerance(j).Close(Columns(j, m * d, m * d + m).Gram(), theta2), "Θ₂ = J₂J₂ᵀ");
        // hu "Training both layers": the NTK of both layers is the sum
        Assert.True(GramTolerance(j).Close(j.Gram(), theta1 + theta2), "J·Jᵀ = Θ₁ + Θ₂");
        Assert.True(GramTolerance(j).Close(EmpiricalNtk.Both(net, data.X), theta1 + theta2));
    }

    [Fact]
    public void StableSetsAgreeWithTheWorstPointOfEachBall()
    {
        // r ∈ S_i iff no w in the R-ball around w_r(0) flips 1{wᵀx_i ≥ 0}; the ball's most dangerous point is
        // w_r(0) ∓ R·x_i/‖x_i‖ (towards the hyperplane), so r ∈ S_i iff that point keeps the indicator.
        var x = ClosedFormTests.Inputs(6, 3, 14);
        var (w0, _) = Initialization.Draw(InitScheme.Dzps, 200, 3, 15);
        foreach (var radius in new[] { 0.0, 0.05, 0.3, 1.0 })
        {
            var s = EmpiricalNtk.StableSets(w0, x, radius);
            for (int i = 0; i < 6; i++)
            {
                double nx = Math.Sqrt(Blas.Dot(x.Row(i), x.Row(i)));
                for (int r = 0; r < 200; r++)
                {
                    bool on = Blas.Dot(w0.Row(r), x.Row(i)) >= 0;
                    var worst = new double[3];
                    for (int k = 0; k < 3; k++)
                        worst[k] = w0[r, k] + (on ? -1 : 1) * radius * x[i, k] / nx;
                    bool stays = (Blas.Dot(worst, x.Row(i)) >= 0) == on;
                    Assert.Equal(stays ? 1.0 : 0.0, s[i, r]);
                }
            }
        }
    }

    [Fact]
    public void HPerpStructuredEqualsTheDefinitionsLoops()
    {
        var x = Datasets.Inputs(InputDistribution.Sphere, 5, 3, 16);
        var (w0, _) = Initialization.Draw(InitScheme.Dzps, 120, 3, 17);
        var rng = new Rng(18);
        var move = new double[120 * 3];
        rng.FillGaussian(move, 0.1);
        var wk = w0 + Mat.FromRowMajor(120, 3, move);
        double radius = 0.2;
        var perp = EmpiricalNtk.Perp(w0, wk, x, radius);
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 5; j++)
            {
                double s = 0;
                for (int r = 0; r < 120; r++)
                {
                    double z0 = Blas.Dot(w0.Row(r), x.Row(i));
                    bool inS = z0 >= radius || z0 < -radius; // unit x_i
                    if (inS)
                        continue;
                    if (Blas.Dot(wk.Row(r), x.Row(i)) >= 0 && Blas.Dot(wk.Row(r), x.Row(j)) >= 0)
                        s += Blas.Dot(x.Row(i), x.Row(j));
                }
                Assert.True(Math.Abs(s / 120 - perp[i, j]) <= 1e-14, $"H^⊥[{i},{j}]");
            }
        // R = 0: every S_i is everything, H^⊥ = 0; a huge R: S_i is empty and H^⊥ = H(W(k))
        Assert.Equal(0.0, EmpiricalNtk.Perp(w0, wk, x, 0).MaxAbs());
        Assert.True(Tolerance.ForOperations(120, 1).Close(EmpiricalNtk.Definition3(wk, x), EmpiricalNtk.Perp(w0, wk, x, 1e9)));
    }
}
