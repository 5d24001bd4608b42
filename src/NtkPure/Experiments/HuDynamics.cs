using NtkPure.Dynamics;
using NtkPure.Kernels;
using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Experiments;

/// <summary>
/// The parts of hu's comparison that a check may replace with a broken version: the feature maps ψ₁, ψ₂ of the
/// linear models, the network's GD step, and the loss of the linear model's GD (hu: the mean loss (1/2n)‖·‖²).
/// </summary>
public sealed record HuImplementation(
    Func<Mat, HuConstants, Mat> Psi1,
    Func<Mat, HuConstants, Mat> Psi2,
    Func<GdProblem, GdState, GdState> Step,
    LossKind LinearLoss
)
{
    public static HuImplementation Reference { get; } = new(HuKernels.Psi1, HuKernels.Psi2, GradientDescent.Step, LossKind.Mean);
}

/// <summary>
/// One step t of a network run next to its linear model, both started at zero output: the training losses
/// (1/2n)‖u − y‖², the gap (1/n)‖u(t) − u^lin(t)‖², the test losses and test gap E[min{(f_t − f_t^lin)², 1}] over
/// the test points (NaN when the step is not a test step or there is no test set), and the parameter movements
/// ‖θ(t) − θ(0)‖ of the trained layers and ‖ω(t) − ω(0)‖ of the linear model, and the network's training predictions u(t).
/// </summary>
public sealed record HuPoint(
    int Step,
    double NetLoss,
    double LinLoss,
    double Gap,
    double NetTestLoss,
    double LinTestLoss,
    double TestGap,
    double NetMove,
    double LinMove,
    Vec U
);

/// <summary>
/// hu's networks trained by GD on the mean loss next to the linear models that track them early: f^lin1 = βᵀψ₁
/// (first layer), f^lin2 = γᵀψ₂ (second layer), and both with per-block step sizes η₁, η₂ (the kernel η₁Θ^lin1 +
/// η₂Θ^lin2), each trained by GD on (1/2n)‖Ψω − y‖² from ω(0) = 0.
/// </summary>
public static class HuDynamics
{
    /// <summary>The steps at which a run always evaluates its test set: early time is what hu is about.</summary>
    public const int EarlySteps = 16;

    /// <summary>The linear model's features on inputs X: ψ₁ (n×(d+1)), ψ₂ (n×(d+2)) or [ψ₁ | ψ₂].</summary>
    public static Mat Features(HuImplementation impl, Mat x, HuConstants c, Layers layers) =>
        layers switch
        {
            Layers.First => impl.Psi1(x, c),
            Layers.Second => impl.Psi2(x, c),
            _ => Concat(impl.Psi1(x, c), impl.Psi2(x, c)),
        };

    /// <summary>Per-feature step sizes: η₁ on ψ₁'s columns, η₂ on ψ₂'s.</summary>
    private static double[] Rates(Mat features, Layers layers, int d, double eta1, double eta2)
    {
        var r = new double[features.Cols];
        for (int k = 0; k < r.Length; k++)
            r[k] = layers switch
            {
                Layers.First => eta1,
                Layers.Second => eta2,
                _ => k < d + 1 ? eta1 : eta2,
            };
        return r;
    }

    private static Mat Concat(Mat a, Mat b)
    {
        int n = a.Rows, p = a.Cols, q = b.Cols;
        var r = new double[n * (p + q)];
        for (int i = 0; i < n; i++)
        {
            a.Row(i).CopyTo(r.AsSpan(i * (p + q), p));
            b.Row(i).CopyTo(r.AsSpan(i * (p + q) + p, q));
        }
        return Mat.FromRowMajor(n, p + q, r);
    }

    /// <summary>
    /// GD on the network (the trained layers of <paramref name="layers"/>, η₁ on W, η₂ on v) and on its linear
    /// model for <paramref name="steps"/> steps; the test set is evaluated at every step up to <see cref="EarlySteps"/>,
    /// then every <paramref name="testStride"/> steps and at the last; <paramref name="observe"/> sees the net at every step. Returns steps + 1 points (t = 0..steps).
    /// </summary>
    public static IReadOnlyList<HuPoint> Run(HuInstance inst, Layers layers, double eta1, double eta2, int steps, HuImplementation? impl = null, int testStride = 1, Action<TwoLayerNet>? observe = null)
    {
        impl ??= HuImplementation.Reference;
        var lin = new LinearModel(impl, inst, layers, eta1, eta2);
        var p = new GdProblem(inst.Train, LossKind.Mean, layers, eta1, eta2);
        var s = GradientDescent.Start(p, inst.Net0);
        var theta0 = inst.Net0.Flatten();
        var points = new List<HuPoint>(steps + 1);
        for (int t = 0; ; t++)
        {
            bool test = inst.Test.N > 0 && (t <= EarlySteps || t % Math.Max(1, testStride) == 0 || t == steps);
            var ft = test ? s.Net.Predict(inst.Test.X) : null;
            points.Add(lin.Point(t, s.U, ft, (s.Net.Flatten() - theta0).Norm2()));
            observe?.Invoke(s.Net);
            if (t == steps)
                return points;
            s = impl.Step(p, s);
            lin.Step();
        }
    }

    /// <summary>
    /// Second-layer GD with the first layer frozen, in its exact kernel form: f is linear in v with features
    /// Φ/√m (Φ = φ(XW(0)ᵀ/√d), n×m), so GD on v is u(t+1) = u(t) − (η₂/n)·Θ₂·(u(t) − y) with Θ₂ = ΦΦᵀ/m, and at any x
    /// f_t(x) = f_0(x) − (η₂/n)·Θ₂(x, X)·Σ_{τ&lt;t}(u(τ) − y), ‖v(t) − v(0)‖² = (η₂/n)²·sᵀΘ₂s with s that sum. Costs
    /// n² per step instead of n·m·d, which is what makes widths m ≳ d^{2+α} affordable; it equals GD on the
    /// network step for step (tested against <see cref="GradientDescent.Step"/>).
    /// </summary>
    public static IReadOnlyList<HuPoint> SecondLayerKernelRun(HuInstance inst, double eta2, int steps, HuImplementation? impl = null)
    {
        impl ??= HuImplementation.Reference;
        var lin = new LinearModel(impl, inst, Layers.Second, 0, eta2);
        var net = inst.Net0;
        int n = inst.N;
        var phi = Features(net, inst.Train.X);
        double invM = 1.0 / net.Width;
        var k = invM * phi.Gram();
        bool hasTest = inst.Test.N > 0;
        var kTest = hasTest ? invM * Features(net, inst.Test.X).MultiplyTransposed(phi) : null;
        var u = net.Predict(inst.Train.X);
        var f0Test = hasTest ? net.Predict(inst.Test.X) : null;
        var y = inst.Train.Y;
        var sum = new double[n];
        var points = new List<HuPoint>(steps + 1);
        double c = eta2 / n;
        for (int t = 0; ; t++)
        {
            var sv = Vec.From(sum);
            var ft = hasTest ? f0Test!.AddScaled(-c, kTest! * sv) : null;
            double move = c * Math.Sqrt(Math.Max(0, sv.Dot(k * sv)));
            points.Add(lin.Point(t, u, ft, move));
            if (t == steps)
                return points;
            var r = u - y;
            for (int i = 0; i < n; i++)
                sum[i] += r[i];
            u = u.AddScaled(-c, k * r);
            lin.Step();
        }
    }

    /// <summary>φ(XWᵀ/√d) (rows: inputs, columns: neurons) for the net's first layer.</summary>
    internal static Mat Features(TwoLayerNet net, Mat x)
    {
        var f = Forward.Of(net, x);
        return Mat.FromRowMajor(f.N, f.M, f.Values);
    }

    /// <summary>GD on (1/2n)‖Ψω − y‖² (or the sum loss when the implementation says so) from ω = 0, with per-block rates.</summary>
    private sealed class LinearModel
    {
        private readonly Mat _psi;
        private readonly Mat? _psiTest;
        private readonly double[] _rates;
        private readonly Dataset _train;
        private readonly Dataset _test;
        private readonly double _lossFactor;
        private double[] _omega;

        public LinearModel(HuImplementation impl, HuInstance inst, Layers layers, double eta1, double eta2)
        {
            _psi = Features(impl, inst.Train.X, inst.Constants, layers);
            _psiTest = inst.Test.N > 0 ? Features(impl, inst.Test.X, inst.Constants, layers) : null;
            _rates = Rates(_psi, layers, inst.D, eta1, eta2);
            _train = inst.Train;
            _test = inst.Test;
            _lossFactor = impl.LinearLoss.Factor(inst.N);
            _omega = new double[_psi.Cols];
        }

        public void Step()
        {
            var omega = Vec.From(_omega);
            var g = _psi.TransposeTimes(_psi * omega - _train.Y);
            var next = (double[])_omega.Clone();
            for (int k = 0; k < next.Length; k++)
                next[k] -= _rates[k] * _lossFactor * g[k];
            _omega = next;
        }

        public HuPoint Point(int t, Vec u, Vec? fTest, double netMove)
        {
            var omega = Vec.From(_omega);
            var ulin = _psi * omega;
            int n = u.Length;
            double gap = (u - ulin).NormSquared() / n;
            double netLoss = Loss.Value(LossKind.Mean, u.Span, _train.Y.Span), linLoss = Loss.Value(LossKind.Mean, ulin.Span, _train.Y.Span);
            double testNet = double.NaN, testLin = double.NaN, testGap = double.NaN;
            if (fTest is not null && _psiTest is not null)
            {
                var flin = _psiTest * omega;
                testNet = Loss.Value(LossKind.Mean, fTest.Span, _test.Y.Span);
                testLin = Loss.Value(LossKind.Mean, flin.Span, _test.Y.Span);
                double s = 0;
                for (int i = 0; i < flin.Length; i++)
                {
                    double e = fTest[i] - flin[i];
                    s += Math.Min(e * e, 1.0);
                }
                testGap = s / flin.Length;
            }
            return new HuPoint(t, netLoss, linLoss, gap, testNet, testLin, testGap, netMove, omega.Norm2(), u);
        }
    }
}
