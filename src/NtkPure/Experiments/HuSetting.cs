using NtkPure.Kernels;
using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Experiments;

/// <summary>Sizes of one hu instance: input dimension d, training points n, width m (even), test points.</summary>
public sealed record HuSizes(int D, int N, int M, int NTest)
{
    /// <summary>
    /// n = ⌈c_n·d^{1+α}⌉ and m = the even number nearest ⌈c_m·d^{p}⌉ (p = 1 + α, or 2 + α where the second-layer
    /// theorem needs it): hu's n ≳ d^{1+α}, m ≳ d^{1+α} with the implied constants made explicit.
    /// </summary>
    public static HuSizes Power(int d, double alpha, double cn, double cm, double widthExponent, int nTest = 0)
    {
        int n = (int)Math.Ceiling(cn * Math.Pow(d, 1 + alpha));
        int m = (int)Math.Ceiling(cm * Math.Pow(d, widthExponent));
        return new HuSizes(d, n, m + (m & 1), nTest);
    }
}

/// <summary>
/// One instance of hu's setting: training data (X: n×d, y: n), test data from the same distribution, the
/// covariance Σ (d×d), the activation's constants (ζ, ν, ϑ₀, ϑ₁, ϑ₂ with the population Tr[Σ²]/d), and the net at
/// the symmetric initialisation with NTK output scaling and inputs scaled by 1/√d.
/// </summary>
public sealed record HuInstance(HuSizes Sizes, Dataset Train, Dataset Test, Mat Sigma, HuConstants Constants, TwoLayerNet Net0)
{
    public int N => Sizes.N;
    public int D => Sizes.D;
    public int M => Sizes.M;
    public Activation Activation => Net0.Activation;
}

/// <summary>
/// hu's data assumptions made concrete: x ~ N(0, Σ) with Σ = diag(σ_k), σ_k = ½ on the first ⌊d/2⌋ coordinates,
/// 3/2 on the last ⌊d/2⌋ (and 1 in the middle when d is odd), so Tr Σ = d, ‖Σ‖ = 3/2 and Tr[Σ²]/d = 5/4 for every
/// even d — a spectrum that does not drift with d, so a sweep over d sees only the statements' own scaling; labels y = sign(z₁ + z₂z₃) with
/// z_k = b_kᵀx/√(b_kᵀΣb_k) for three random unit directions b_k — |y_i| = 1, so ‖y‖ = √n as the general theorem
/// allows, with a linear part the linear models can learn and a quadratic part they cannot.
/// </summary>
public static class HuSetting
{
    /// <summary>Σ = diag(½, …, ½, [1,] 3/2, …, 3/2) (d×d).</summary>
    public static Mat Covariance(int d)
    {
        var s = new double[d * d];
        int half = d / 2;
        for (int k = 0; k < d; k++)
            s[k * d + k] = k < half ? 0.5 : k >= d - half ? 1.5 : 1.0;
        return Mat.FromRowMajor(d, d, s);
    }

    /// <summary>n inputs (n×d) from N(0, Σ) on the stream <paramref name="label"/> of the seed.</summary>
    public static Mat Inputs(int n, int d, ulong seed, string label = "train") =>
        Datasets.Inputs(InputDistribution.Gaussian, n, d, Rng.Derive(seed, "hu/" + label), Covariance(d));

    /// <summary>y_i = sign(z₁ + z₂z₃) (sign 0 ↦ +1) with the directions b_k drawn from the seed (shared by train and test).</summary>
    public static Vec Labels(Mat x, ulong seed)
    {
        int d = x.Cols;
        var rng = new Rng(Rng.Derive(seed, "hu/teacher"));
        var sigma = Covariance(d);
        var b = new double[3][];
        var scale = new double[3];
        for (int k = 0; k < 3; k++)
        {
            b[k] = new double[d];
            rng.FillSphere(b[k]);
            double q = 0;
            for (int j = 0; j < d; j++)
                q += b[k][j] * b[k][j] * sigma[j, j];
            scale[k] = 1 / Math.Sqrt(q);
        }
        var y = new double[x.Rows];
        for (int i = 0; i < x.Rows; i++)
        {
            var xi = x.Row(i);
            double z1 = scale[0] * Blas.Dot(b[0], xi), z2 = scale[1] * Blas.Dot(b[1], xi), z3 = scale[2] * Blas.Dot(b[2], xi);
            y[i] = z1 + z2 * z3 >= 0 ? 1.0 : -1.0;
        }
        return Vec.Own(y);
    }

    /// <summary>The instance of the given sizes and activation, everything drawn from <paramref name="seed"/>.</summary>
    public static HuInstance Instance(HuSizes sizes, Activation act, ulong seed)
    {
        int d = sizes.D;
        var x = Inputs(sizes.N, d, seed);
        var train = new Dataset(x, Labels(x, seed));
        var xt = sizes.NTest > 0 ? Inputs(sizes.NTest, d, seed, "test") : Mat.Zeros(0, d);
        var test = new Dataset(xt, sizes.NTest > 0 ? Labels(xt, seed) : Vec.Zeros(0));
        var sigma = Covariance(d);
        var constants = HuConstants.Of(act, HuKernels.TraceSigmaSquaredOverD(sigma));
        var net = Initialization.Net(InitScheme.Symmetric, sizes.M, d, Rng.Derive(seed, "hu/init"), act, OutputScaling.Ntk, inputScaled: true);
        return new HuInstance(sizes, train, test, sigma, constants, net);
    }

    /// <summary>R = √(d log d): the radius of hu's Assumption-1 lemma for the first layer.</summary>
    public static double Radius(int d) => Math.Sqrt(d * Math.Log(d));
}
