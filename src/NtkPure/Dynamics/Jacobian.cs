using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Dynamics;

/// <summary>
/// The Jacobian J (n×P) of u = f(X; θ) with θ = (vec(W) row-major, a), P = m·d + m, built entry by entry from
/// ∂f(x_i)/∂w_rk = c_out·c_in·a_r·φ'(c_in w_rᵀx_i)·x_ik and ∂f(x_i)/∂a_r = c_out·φ(c_in w_rᵀx_i).
/// Scalar loops on purpose: it is the independent route against which the vectorised gradients and kernels
/// are tested, and the feature map of the linearised model.
/// </summary>
public static class Jacobian
{
    public static Mat Of(TwoLayerNet net, Mat x)
    {
        int n = x.Rows, m = net.Width, d = net.InputDim, p = net.ParameterCount;
        double cout = net.OutputFactor, cin = net.InputFactor;
        var j = new double[n * p];
        for (int i = 0; i < n; i++)
        {
            var row = j.AsSpan(i * p, p);
            for (int r = 0; r < m; r++)
            {
                double z = 0;
                for (int k = 0; k < d; k++)
                    z += net.W[r, k] * x[i, k];
                z *= cin;
                double dw = cout * cin * net.A[r] * net.Activation.Derivative(z);
                for (int k = 0; k < d; k++)
                    row[r * d + k] = dw * x[i, k];
                row[m * d + r] = cout * net.Activation.Value(z);
            }
        }
        return Mat.Own(n, p, j);
    }

    /// <summary>Zeroes the columns of layers that are not trained, so J·Jᵀ is the NTK of the trained layers.</summary>
    public static Mat Restrict(Mat jac, TwoLayerNet net, Layers train)
    {
        int md = net.Width * net.InputDim;
        return Mat.Create(jac.Rows, jac.Cols, (i, c) => (c < md ? train.TrainsFirst() : train.TrainsSecond()) ? jac[i, c] : 0.0);
    }
}
