using NtkPure.Dynamics;
using NtkPure.Kernels;
using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Experiments;

/// <summary>
/// One net and its random-feature model trained side by side (<see cref="LazyTraining.CompareWithRfm"/>): the largest
/// |f_NN − f_RFM| over the grid times and the test inputs with its error bar, sup_t ‖θ(t) − θ₀‖, the largest |a_j(t)|,
/// the Lipschitz constant in x of the difference, the horizon, and the path: ‖θ(t) − θ₀‖ at each coarse grid time.
/// </summary>
public sealed record NetVsRfmComparison(double SupDifference, double SupError, double MaxMove, double MaxEntry, double Lipschitz, double Time,
    IReadOnlyList<double> Times, IReadOnlyList<double> Moves);

/// <summary>
/// wu, "Characterization of the whole GD trajectory" and "Lazy training": the two-layer net f_m(x; a, B) =
/// Σ_j a_j σ(b_jᵀx) trained by a flow from a = 0, b_j ~ Unif(S^{d−1}), against its random-feature model
/// f_m(x; ã, B₀) trained by the flow dã_j/dt = −Σ_i e_i σ(b_j(0)ᵀx_i) from ã = 0; over widths, how far θ = (B, a)
/// travels (the lazy-training remark: ‖θ − θ₀‖ = O(1/√m) while each entry moves O(1/m)).
/// </summary>
public static class LazyTraining
{
    private static string F(FormattableString s) => FormattableString.Invariant(s);

    /// <summary>
    /// One net and its random-feature model trained side by side: the flow (0.20) of the net on an RK4 grid (with the
    /// step-halving pair), the RFM in closed form at the same times, and on test inputs X' (q×d) the largest
    /// |f_m(x; a(t), B(t)) − f_m(x; ã(t), B₀)| over the grid times and X', its error bar, the largest ‖θ(t) − θ₀‖ and
    /// the largest |a_j(t)|, and the Lipschitz constant in x of the difference (Σ_j |a_j|‖b_j‖ + Σ_j |ã_j|‖b_j(0)‖,
    /// the largest over the grid), which bounds how far the sup over the sphere can exceed the sup over X'.
    /// </summary>
    public static NetVsRfmComparison CompareWithRfm(TwoLayerNet net0, Dataset data, Mat test, Func<TwoLayerNet, Dataset, Rhs> flow, double horizonRate, double tol,
        Func<Vec, Vec, double>? distance = null)
    {
        int m = net0.Width, md = m * net0.InputDim;
        var rf = new RandomFeatureTraining(new RandomFeatureModel(net0.W, net0.Activation), data, 1.0);
        // the horizon from the net's own Gram matrix at θ₀ (its output scale included): e decays at least like e^{−λ_min t}
        var g0 = SymmetricEigen.Of(EmpiricalNtk.Both(net0, data.X)).Values;
        double lmax = g0[g0.Length - 1], lmin = Math.Max(g0[0], 1e-3 * lmax);
        double time = horizonRate / lmin;
        var pair = FlowPairs.Solve(flow(net0, data), net0.Flatten(), time, Math.Min(1.0 / lmax, time / 8), tol, theta => net0.WithParameters(theta.Span).Predict(data.X), maxHalvings: 10, strict: false);
        distance ??= (theta, theta0) => (theta - theta0).Norm2();
        var phiTest = rf.Model.Features(test);
        var bNorms = new double[m];
        for (int j = 0; j < m; j++)
            bNorms[j] = Math.Sqrt(Blas.Dot(net0.W.Row(j), net0.W.Row(j)));
        var theta0 = net0.Flatten();
        double sup = 0, move = 0, entry = 0, lip = 0;
        var times = new double[pair.CoarsePoints];
        var moves = new double[pair.CoarsePoints];
        int argmax = 0;
        for (int j = 0; j < pair.CoarsePoints; j++)
        {
            var theta = pair.FineAt(j);
            var diff = (net0.WithParameters(theta.Span).Predict(test) - phiTest * rf.Parameters(pair.TimeAt(j))).NormInf();
            if (diff > sup)
            {
                sup = diff;
                argmax = j;
            }
            times[j] = pair.TimeAt(j);
            moves[j] = distance(theta, theta0);
            move = Math.Max(move, moves[j]);
            double l = 0;
            var th = theta.Span;
            var at = rf.Parameters(pair.TimeAt(j));
            for (int r = 0; r < m; r++)
            {
                entry = Math.Max(entry, Math.Abs(th[md + r]));
                var b = th.Slice(r * net0.InputDim, net0.InputDim);
                l += Math.Abs(th[md + r]) * Math.Sqrt(Blas.Dot(b, b)) + Math.Abs(at[r]) * bNorms[r];
            }
            lip = Math.Max(lip, l);
        }
        // the error bar at the maximising time: the net's outputs on the fine and the coarse grid
        var fineOut = net0.WithParameters(pair.FineAt(argmax).Span).Predict(test);
        var coarseOut = net0.WithParameters(pair.Coarse.States[argmax].Span).Predict(test);
        double supErr = (fineOut - coarseOut).NormInf() + Tolerance.ForOperations(4.0 * m * net0.InputDim, sup + 1).Absolute;
        return new NetVsRfmComparison(sup, supErr, move, entry, lip, time, times, moves);
    }

    /// <summary>
    /// One net per width m (b_j ~ Unif(S^{d−1}), a = 0, ReLU; stream "width/m" of <paramref name="seed"/>) trained
    /// by <paramref name="flow"/> on <paramref name="data"/> until the residual has decayed by e^{−10} at the rate
    /// λ_min of its Gram matrix, compared with its random-feature model on <paramref name="test"/>. A width is used
    /// only if the flow resolved it: the error bar of |f_NN − f_RFM| must be within 5% of the value. The step is
    /// halved until the outputs on the two grids agree to <paramref name="tol"/>·(1 + max|u|).
    /// </summary>
    public static IReadOnlyList<(int M, NetVsRfmComparison R)> Sweep(Dataset data, Mat test, IReadOnlyList<int> widths, ulong seed, Func<TwoLayerNet, Dataset, Rhs> flow,
        Action<int, int>? progress = null, Func<Vec, Vec, double>? distance = null, double tol = 1e-8)
    {
        var result = new List<(int, NetVsRfmComparison)>();
        for (int k = 0; k < widths.Count; k++)
        {
            ulong s = Rng.Derive(seed, "width/" + widths[k].ToString(System.Globalization.CultureInfo.InvariantCulture));
            var net = Initialization.Net(InitScheme.WuKernel, widths[k], data.D, s, Activation.Relu, OutputScaling.None);
            var r = CompareWithRfm(net, data, test, flow, 10, tol, distance);
            if (!(r.SupError <= 0.05 * r.SupDifference))
                throw new InvalidOperationException(F($"the flow at m = {widths[k]} was resolved only to {r.SupError:G3} against a difference of {r.SupDifference:G3}"));
            result.Add((widths[k], r));
            progress?.Invoke(k + 1, widths.Count);
        }
        return result;
    }
}
