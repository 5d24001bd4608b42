using Xunit;
using NtkPure.Dynamics;
using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Tests.Core;

public class BackwardTests
{
    [Theory]
    [InlineData(9, 3, 40)]
    [InlineData(4, 11, 30)]
    [InlineData(300, 21, 70)] // large enough for the parallel blocks
    public void BackwardIsTheInOrderSumOfFusedProductsBitForBit(int m, int d, int n)
    {
        var rng = new Rng((ulong)(m * 1000 + d));
        var net = new TwoLayerNet(Mat.FromRowMajor(m, d, Gaussian(ref rng, m * d)), Vec.Of(Gaussian(ref rng, m)), Activation.Relu, OutputScaling.Ntk);
        var x = Mat.FromRowMajor(n, d, Gaussian(ref rng, n * d));
        var e = Gaussian(ref rng, n);
        var f = Forward.Of(net, x);
        var (gw, _) = Gradients.Backward(net, x, e, f);
        double c = net.OutputFactor * net.InputFactor;
        for (int r = 0; r < m; r++)
            for (int k = 0; k < d; k++)
            {
                double s = 0;
                for (int i = 0; i < n; i++)
                {
                    double mir = net.A[r] * (c * e[i] * f.Derivatives[i * m + r]); // M_ir = a_r·(c·e_i·φ'_ir), as packed from the pattern
                    if (mir != 0 && x[i, k] != 0)
                        s = Math.FusedMultiplyAdd(mir, x[i, k], s);
                }
                Assert.Equal(s, gw[r, k]);
            }
        // and it is Jᵀe
        var viaJacobian = Jacobian.Of(net, x).TransposeTimes(Vec.Of(e));
        for (int q = 0; q < m * d; q++)
            Assert.Equal(viaJacobian[q], gw.Span[q], 10);
    }

    private static double[] Gaussian(ref Rng rng, int n)
    {
        var v = new double[n];
        rng.FillGaussian(v);
        return v;
    }
}
