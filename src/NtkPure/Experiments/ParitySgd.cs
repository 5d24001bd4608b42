using NtkPure.Boolean;
using NtkPure.Dynamics;
using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Experiments;

/// <summary>
/// The sizes of the parity-SGD experiment (wu "Numerical evidence", Figure 1): the dimensions swept, width m,
/// batch size, learning rate, number of SGD steps, how often the test accuracy is recorded, the test-set size
/// and the seed.
/// </summary>
public sealed record ParitySgdSpec(IReadOnlyList<int> Dimensions, int Width, int Batch, double LearningRate, int Steps, int RecordEvery, int TestSize, ulong Seed)
{
    /// <summary>About a second: what the claim runs.</summary>
    public static ParitySgdSpec Quick(ulong seed = 0) => new([4, 8, 16], 128, 128, 0.05, 1500, 100, 4000, seed);

    /// <summary>About 30 s on two cores: d = 4…10 learned within 4000 steps, d = 12 part way, d = 16 and 20 at chance.</summary>
    public static ParitySgdSpec Default(ulong seed = 0) => new([4, 6, 8, 10, 12, 16, 20], 256, 256, 0.05, 4000, 100, 10000, seed);

    /// <summary>
    /// The seed's width 2000, batch 2000 and learning rate 0.002 for 5000 steps: about 0.25 s a step at d = 20 on one
    /// core, so most of an hour on two.
    /// </summary>
    public static ParitySgdSpec Long(ulong seed = 0) => new([8, 12, 16, 20], 2000, 2000, 0.002, 5000, 250, 20000, seed);
}

/// <summary>One record: after <see cref="Step"/> SGD steps at dimension d, the test accuracy and mean hinge loss, and the hinge loss of the last batch.</summary>
public sealed record ParitySgdRow(int D, int Step, double TestAccuracy, double TestLoss, double BatchLoss);

/// <summary>
/// Online SGD on the parity (wu "Numerical evidence"): x ∼ Unif({−1,1}^d), target f(x) = Π_j x_j — the parity
/// f_{1…1}(b) = (−1)^{Σ b_j} of the {0,1} point b under x = 1 − 2b — a two-layer ReLU net
/// f(x) = Σ_r a_r ReLU(w_rᵀx + c_r) (unscaled; the biases as a constant input coordinate) with w_r, c_r ∼ N(0, 1/(d+1))
/// and a_r ∼ N(0, 1/m), the hinge loss ℓ(y, y') = max(0, 1 − yy') averaged over a fresh batch each step, and both
/// layers trained. Every dimension has its own random streams derived from the seed, so rows do not depend on
/// which other dimensions run or on the thread count.
/// </summary>
public static class ParitySgd
{
    public static IReadOnlyList<ParitySgdRow> Run(ParitySgdSpec spec, Action<int, int>? progress = null)
    {
        if (spec.Dimensions.Count == 0 || spec.Width < 1 || spec.Batch < 1 || spec.Steps < 0 || spec.RecordEvery < 1 || spec.TestSize < 1)
            throw new ArgumentOutOfRangeException(nameof(spec), "need dimensions, and positive width, batch, record interval and test size");
        var rows = new IReadOnlyList<ParitySgdRow>[spec.Dimensions.Count];
        int done = 0, total = spec.Dimensions.Count * spec.Steps;
        Parallel.For(0, spec.Dimensions.Count, i =>
        {
            rows[i] = RunOne(spec, spec.Dimensions[i], () =>
            {
                int k = Interlocked.Increment(ref done);
                if (k % 100 == 0 || k == total)
                    progress?.Invoke(k, total);
            });
        });
        return [.. rows.SelectMany(r => r)];
    }

    /// <summary>The full parity Π_j x_j of a ±1 point (row of X, last column the bias coordinate).</summary>
    private static double Target(ReadOnlySpan<double> x)
    {
        double p = 1;
        for (int j = 0; j < x.Length - 1; j++)
            p *= x[j];
        return p;
    }

    /// <summary>
    /// Rows per block of a batch or test set for width m: a forward pass over blocks of about 8192/m rows keeps its
    /// n×m buffers (64 KB) below the large-object threshold, so a step allocates only short-lived small arrays.
    /// </summary>
    private static int BlockRows(int m) => m <= 128 ? 64 : Math.Max(4, 8192 / m);

    /// <summary>n points x ∼ Unif({−1,1}^d) with the bias coordinate, in blocks of <paramref name="block"/> rows, and their labels.</summary>
    private static (Mat[] X, double[] Y) Sample(ref Rng rng, int n, int d, int block)
    {
        var blocks = new Mat[(n + block - 1) / block];
        var y = new double[n];
        for (int b = 0; b < blocks.Length; b++)
        {
            int rows = Math.Min(block, n - b * block);
            var x = new double[rows * (d + 1)];
            for (int i = 0; i < rows; i++)
            {
                var row = x.AsSpan(i * (d + 1), d + 1);
                Cube.Random(ref rng, d, CubeDomain.PlusMinus, row);
                row[d] = 1.0;
                y[b * block + i] = Target(row);
            }
            blocks[b] = Mat.FromRowMajor(rows, d + 1, x);
        }
        return (blocks, y);
    }

    /// <summary>
    /// The mean hinge loss over the batch and its gradient: per block, e_i = ∂/∂u_i of (1/n)Σ max(0, 1 − y_i u_i) and
    /// <see cref="Gradients.Backward"/>; the blocks' gradients are added in order.
    /// </summary>
    private static (double Loss, double[] W, double[] A) HingeGradient(TwoLayerNet net, Mat[] x, double[] y)
    {
        int n = y.Length;
        var gw = new double[net.Width * net.InputDim];
        var ga = new double[net.Width];
        int block = x[0].Rows;
        var e = new double[block];
        double loss = 0;
        for (int b = 0; b < x.Length; b++)
        {
            var fw = Forward.Of(net, x[b]);
            for (int i = 0; i < fw.N; i++)
            {
                double yi = y[b * block + i], margin = yi * fw.U[i];
                loss += Math.Max(0, 1 - margin);
                e[i] = margin < 1 ? -yi / n : 0.0;
            }
            var (bw, ba) = Gradients.Backward(net, x[b], e.AsSpan(0, fw.N), fw);
            Blas.Axpy(1.0, bw.Span, gw);
            Blas.Axpy(1.0, ba.Span, ga);
        }
        return (loss / n, gw, ga);
    }

    private static (double Accuracy, double Loss) Test(TwoLayerNet net, Mat[] x, double[] y)
    {
        int right = 0, block = x[0].Rows;
        double loss = 0;
        for (int b = 0; b < x.Length; b++)
        {
            var u = net.Predict(x[b]);
            for (int i = 0; i < u.Length; i++)
            {
                double yi = y[b * block + i];
                if (yi * u[i] > 0)
                    right++;
                loss += Math.Max(0, 1 - yi * u[i]);
            }
        }
        return ((double)right / y.Length, loss / y.Length);
    }

    private static IReadOnlyList<ParitySgdRow> RunOne(ParitySgdSpec spec, int d, Action tick)
    {
        ulong seed = Rng.Derive(spec.Seed, FormattableString.Invariant($"parity-sgd/d={d}"));
        int m = spec.Width;
        var rw = new Rng(Rng.Derive(seed, "init/W"));
        var ra = new Rng(Rng.Derive(seed, "init/a"));
        var w = new double[m * (d + 1)];
        var a = new double[m];
        rw.FillGaussian(w, 1.0 / Math.Sqrt(d + 1));
        ra.FillGaussian(a, 1.0 / Math.Sqrt(m));
        var net = new TwoLayerNet(Mat.FromRowMajor(m, d + 1, w), Vec.Of(a), Activation.Relu, OutputScaling.None);
        var testRng = new Rng(Rng.Derive(seed, "test"));
        var (xTest, yTest) = Sample(ref testRng, spec.TestSize, d, BlockRows(m));
        var batchRng = new Rng(Rng.Derive(seed, "batches"));
        var rows = new List<ParitySgdRow>();
        double batchLoss = double.NaN;
        for (int step = 0; step <= spec.Steps; step++)
        {
            if (step % spec.RecordEvery == 0 || step == spec.Steps)
            {
                var (acc, loss) = Test(net, xTest, yTest);
                rows.Add(new ParitySgdRow(d, step, acc, loss, batchLoss));
            }
            if (step == spec.Steps)
                break;
            var (x, y) = Sample(ref batchRng, spec.Batch, d, BlockRows(m));
            (batchLoss, var gw, var ga) = HingeGradient(net, x, y);
            net = net with { W = net.W.AddScaled(-spec.LearningRate, Mat.FromRowMajor(m, d + 1, gw)), A = net.A.AddScaled(-spec.LearningRate, Vec.Of(ga)) };
            tick();
        }
        return rows;
    }
}
