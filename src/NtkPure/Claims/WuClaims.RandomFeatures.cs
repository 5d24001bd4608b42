using NtkPure.Dynamics;
using NtkPure.Experiments;
using NtkPure.Kernels;
using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Claims;

/// <summary>
/// wu, "Characterization of the whole GD trajectory" and "Lazy training": the two-layer net trained by the flow
/// (0.20) from a = 0, b_j ~ Unif(S^{d−1}), against its random-feature model f_m(x; ã, B₀) = Σ_j ã_j σ(b_j(0)ᵀx)
/// trained by the same flow on ã alone from ã = 0 (Lemma 14's dã_j/dt = −Σ_i e_i σ(b_j(0)ᵀx_i)).
/// </summary>
public static partial class WuClaims
{
    /// <summary>q points evenly spaced on the circle (d = 2), or S⁰ itself (d = 1), or q fixed random points on S^{d−1}.</summary>
    internal static (Mat Points, double Spacing) SpherePoints(int d, int q, string label)
    {
        if (d == 1)
            return (Mat.FromRows([1.0], [-1.0]), 0.0); // S⁰ has two points: the sup over it is exact
        if (d == 2)
            return (Mat.Create(q, 2, (i, k) => k == 0 ? Math.Cos(2 * Math.PI * i / q) : Math.Sin(2 * Math.PI * i / q)), 2 * Math.PI / q);
        return (Datasets.Inputs(InputDistribution.Sphere, q, d, Rng.Derive(0, "wu/test/" + label)), double.NaN);
    }

    // ───────────────────────────── Theorem 13 ─────────────────────────────

    /// <summary>The width n⁴ log(n²/δ)/λ² of Theorem 13's hypothesis with its unstated constant set to 1.</summary>
    internal static int Theorem13Width(int n, double lambda, double delta) => (int)Math.Ceiling(Math.Pow(n, 4) * Math.Log(n * (double)n / delta) / (lambda * lambda));

    internal static double Theorem13Bound(double lambda, int m, double delta) => (1 + Math.Sqrt(Math.Log(1 / delta))) / (lambda * Math.Sqrt(m));

    // Each sub-test fixes δ: the bound and the width depend on it.
    private static readonly Sub[] Theorem13Subs =
    [
        new("S0-antipodal", Theorem13Width(2, 0.5, 0.3), 36, Delta: 0.3),
        new("S1-antipodal", Theorem13Width(2, 0.25, 0.5), 20, Delta: 0.5),
    ];

    public static readonly Claim Theorem13 = MakeTheorem13(WuFlow);

    /// <summary>Theorem 13 with the net's flow supplied (the RFM is trained in closed form by the flow (0.20)).</summary>
    public static Claim MakeTheorem13(Func<TwoLayerNet, Dataset, Rhs> flow) => OverSubTests(
        "wu/theorem-13",
        $"{Seed}, \"Characterization of the whole GD trajectory\", Theorem 13 (E, Ma, Wu, 2019)",
        "Let θ_t = {a(t), B(t)} be the GD solution at time t, and ã(t) be the GD solution of RFM with zero initialization. For any δ ∈ (0, 1), assume that m ≳ n⁴ log(n²/δ)/λ_n²(K). Then, with probability 1 − δ over the random initialization, sup_{t∈[0,∞], x∈S^{d−1}} |f_m(x; a(t), B(t)) − f_m(x; ã(t), B₀)| ≤ (1 + √log(1/δ))/(λ_n(K)√m).",
        "a = 0, b_j ~ Unif(S^{d−1}), the flow (0.20) for both models; the width's unstated constant is taken as 1 (m = n⁴log(n²/δ)/λ²; beyond two points that width is out of reach (three points on the circle already need m ≈ 4700): see wu/theorem-13.rate for smaller widths); t over an RK4 grid until the residual has decayed by e^{−20}, x over S⁰ exactly or 180 points of the circle (the details give the Lipschitz bound on what the sup over the whole circle can add); a trial fails when the measured sup exceeds the bound",
        Theorem13Subs,
        InfiniteWidth.WuSphere,
        (s, _) => s.Delta,
        (s, data, seed) =>
        {
            double delta = s.Delta;
            var (test, spacing) = SpherePoints(data.D, 180, data.Name);
            var r = Experiments.LazyTraining.CompareWithRfm(WuNet(seed, s.M, data.D), data.Data, test, flow, 10, 1e-4);
            double bound = Theorem13Bound(data.Lambda, s.M, delta);
            double upper = r.SupDifference + r.Lipschitz * spacing / 2;
            return new Evidence(r.SupDifference, bound, r.SupDifference - r.SupError > bound ? -1 : bound - r.SupDifference,
                true, F($"sup_{{t,x}} |f_NN − f_RFM| ∈ [{r.SupDifference:G4}, {upper:G4}] (grid value, and with the Lipschitz bound for the whole sphere) vs (1 + √log(1/δ))/(λ√m) = {bound:G4} at δ = {delta}; max_t ‖θ(t) − θ₀‖ = {r.MaxMove:G4}"));
        });

    // ───────────────────────────── the sweeps: Theorem 13's rate and lazy training ─────────────────────────────

    private static readonly int[] SweepWidths = [64, 128, 256, 512, 1024, 2048];

    /// <summary>The sweep of both rate claims on the regular simplex in S² with 256 fixed test points, one initialisation per width.</summary>
    internal static IReadOnlyList<(int M, NetVsRfmComparison R)> Sweep(ulong runSeed, string id, Func<TwoLayerNet, Dataset, Rhs> flow, int[]? given, bool isLong, Action<int, int>? progress,
        Func<Vec, Vec, double>? distance = null)
    {
        var (test, _) = SpherePoints(3, 256, "sweep");
        int[] widths = given ?? (isLong ? [.. SweepWidths, 4096, 8192] : SweepWidths);
        return Experiments.LazyTraining.Sweep(KernelDataset("S2-simplex").Data, test, widths, Rng.Derive(runSeed, id), flow, progress, distance);
    }

    private static Figure SweepFigure(string title, string yLabel, double[] m, double[] y, double claimedExponent)
    {
        var fit = Statistics.FitLogLog(m, y);
        double c = y[0] / Math.Pow(m[0], claimedExponent);
        return new Figure(title, "width m", yLabel, true, true,
        [
            new FigureSeries("measured", m, y),
            new FigureSeries(F($"fit {fit.Constant:G3}·m^{fit.Slope:G3}"), m, [.. m.Select(v => fit.Constant * Math.Pow(v, fit.Slope))]),
            new FigureSeries(F($"claimed rate m^{claimedExponent:G2} (through the first point)"), m, [.. m.Select(v => c * Math.Pow(v, claimedExponent))]),
        ]);
    }

    /// <summary>
    /// A claim "quantity = O(m^{−1/2})" decided by the sweep: the fitted exponent's interval must reach −1/2 or
    /// below; <paramref name="measure"/> picks the quantity from each width's comparison and <paramref name="extra"/>
    /// adds to the details.
    /// </summary>
    private static Claim SweepClaim(string id, string source, string statement, string hypotheses, string what, string title, string yLabel,
        Func<TwoLayerNet, Dataset, Rhs> flow, int[]? widths, Func<Vec, Vec, double>? distance, Func<NetVsRfmComparison, double> measure,
        Func<double[], IReadOnlyList<(int M, NetVsRfmComparison R)>, ClaimRunOptions, string> extra) => new(
        id, source, statement, ClaimKind.Asymptotic, hypotheses, 1,
        _ => throw new InvalidOperationException("a sweep claim is evaluated as a whole"))
    {
        Evaluate = (claim, options, progress) =>
        {
            var sweep = Sweep(options.Seed, claim.Id, flow, widths, options.Long, progress, distance);
            double[] m = [.. sweep.Select(p => (double)p.M)], y = [.. sweep.Select(p => measure(p.R))];
            var o = Statistical.Asymptotic(m, y, -0.5, Statistical.Side.AtMost, options.Alpha, what, SweepFigure(title, yLabel, m, y, -0.5));
            return o with { Details = o.Details + "; " + extra(m, sweep, options) };
        },
    };

    public static readonly Claim Theorem13Rate = MakeTheorem13Rate(WuFlow);

    /// <summary>The m-dependence of Theorem 13's bound, with the net's flow (and optionally the widths) supplied.</summary>
    public static Claim MakeTheorem13Rate(Func<TwoLayerNet, Dataset, Rhs> flow, int[]? widths = null) => SweepClaim(
        "wu/theorem-13.rate",
        $"{Seed}, Theorem 13: the width dependence of its bound",
        "sup_{t∈[0,∞], x∈S^{d−1}} |f_m(x; a(t), B(t)) − f_m(x; ã(t), B₀)| = O(1/√m): the bound (1 + √log(1/δ))/(λ_n(K)√m) at fixed δ and data.",
        "the regular simplex in S² (n = 4, λ_n(K) = 0.138), m = 64 … 2048 (… 8192 with --long), one initialisation per width, the sup over 256 fixed points of S² and the grid times; O(·) is one-sided: the fitted exponent's interval must reach −1/2 or below",
        "sup_{t,x} |f_NN − f_RFM| against m", "wu Theorem 13: the net and its random-feature model", "sup over t and x of |f_NN − f_RFM|",
        flow, widths, null, r => r.SupDifference,
        (_, sweep, _) => string.Join(", ", sweep.Select(p => F($"m = {p.M}: {p.R.SupDifference:G3}"))));

    public static readonly Claim LazyTraining = MakeLazyTraining(WuFlow);

    /// <summary>
    /// Lazy training's ‖θ(t) − θ₀‖ = O(1/√m), with the net's flow, and optionally the widths and the distance
    /// (θ, θ₀) ↦ ‖θ − θ₀‖ under test, supplied.
    /// </summary>
    public static Claim MakeLazyTraining(Func<TwoLayerNet, Dataset, Rhs> flow, int[]? widths = null, Func<Vec, Vec, double>? distance = null) => SweepClaim(
        "wu/lazy-training",
        $"{Seed}, \"Lazy training\"",
        "Note that each entry of θ − θ₀ in the order of O(1/m) is enough to ensure the change of output f_m(x;θ) − f_m(x;θ₀) ∼ 1. Meanwhile, ‖θ − θ₀‖ = O(1/√m) ≪ 1.",
        "a = 0, b_j ~ Unif(S^{d−1}), the flow (0.20) run until the residual has decayed by e^{−20}, on the regular simplex in S² (n = 4), m = 64 … 2048 (… 8192 with --long); sup_t ‖θ(t) − θ₀‖ per width; O(·) is one-sided; the entry-wise O(1/m) is reported alongside",
        "sup_t ‖θ(t) − θ₀‖ against m", "wu, lazy training: distance travelled from the initialisation", "sup over t of ‖θ(t) − θ₀‖",
        flow, widths, distance, r => r.MaxMove,
        (m, sweep, options) =>
        {
            var entries = Statistics.FitLogLog(m, [.. sweep.Select(p => p.R.MaxEntry)], 1 - options.Alpha);
            return F($"the largest entry max_j |a_j(t)| fits m^{entries.Slope:G3} (interval [{entries.SlopeLower:G3}, {entries.SlopeUpper:G3}]), against the remark's O(1/m); ") +
                string.Join(", ", sweep.Select(p => F($"m = {p.M}: ‖θ − θ₀‖ = {p.R.MaxMove:G3}")));
        });

    // ───────────────────────────── Lemma 14 ─────────────────────────────

    public static readonly Claim Lemma14 = MakeLemma14((rf, t) => rf.RepresenterWeights(t));

    /// <summary>Lemma 14 with the representer weights (training, t) ↦ w(t) supplied.</summary>
    public static Claim MakeLemma14(Func<RandomFeatureTraining, double, Vec> weights) => new(
        "wu/lemma-14",
        $"{Seed}, \"Representer theorem of GD solutions\", Lemma 14 and (0.26)",
        "Let k_m(x, x') = (1/m)Σ_j σ(b_j(0)ᵀx)σ(b_j(0)ᵀx'). Then the GD solution of RFM with zero initialization can be written as f_m(x; ã(t), B₀) = Σ_i w_i(t) k_m(x_i, x), where w_i(t) = −m∫₀ᵗ e_i(t')dt'.",
        ClaimKind.Identity,
        "dã_j/dt = −c·Σ_i e_i σ(b_j(0)ᵀx_i) from ã = 0 with c = 1 (the lemma's flow) or c = 1/n (the gradient flow of R̂_n; then w = −c·m∫e), any t; the left side by RK4 in parameter space (with the step-halving difference as error bar), the right side from the spectral closed form of ∫₀ᵗe",
        80,
        seed =>
        {
            var rng = new Rng(Rng.Derive(seed, "lemma-14"));
            int n = Instances.Between(ref rng, 1, 8), d = Instances.Between(ref rng, 1, 5), m = Instances.Between(ref rng, 1, 200);
            var data = Datasets.Synthetic(InputDistribution.Sphere, n, d, rng.NextULong());
            var model = new RandomFeatureModel(WuNet(seed, m, d).W, Activation.Relu);
            double c = rng.NextInt(2) == 0 ? 1.0 : 1.0 / n;
            var rf = new RandomFeatureTraining(model, data, c);
            double lmax = Math.Max(rf.Eigen.Max, 1e-12);
            double t = LogUniform(ref rng, 0.01, 30) / (c * lmax);
            var test = Datasets.Inputs(InputDistribution.Sphere, 6, d, rng.NextULong());
            var phi = rf.Phi;
            var y = data.Y;
            Rhs rhs = (_, a) => (-c) * phi.TransposeTimes(phi * a - y);
            var pair = Solve(rhs, Vec.Zeros(m), t, Math.Min(0.5 / (c * lmax), t / 8), 1e-11);
            var phiTest = model.Features(test);
            var lhs = phiTest * pair.Fine.States[^1];
            var lhsCoarse = phiTest * pair.Coarse.States[^1];
            var rhsValues = model.Kernel(data.X, test).TransposeTimes(weights(rf, t));
            double bar = (lhs - lhsCoarse).NormInf();
            double scale = phiTest.MaxAbs() * pair.Fine.States[^1].Span.ToArray().Sum(Math.Abs) + y.NormInf() * (1 + lmax * t * c);
            var tol = new Tolerance(bar + Tolerance.ForOperations((double)n * m + n * n * n, scale).Absolute, 0);
            return Evidence.Equal(lhs, rhsValues, tol, F($"n = {n}, d = {d}, m = {m}, c = {c:G3}, t = {t:G4}: f_m(x; ã(t), B₀) by RK4 vs Σ_i w_i(t)k_m(x_i, x), max |Δ| = {(lhs - rhsValues).NormInf():G3} (error bar {bar:G3})"));
        });

    // ───────────────────────────── Figure 2 ─────────────────────────────

    public static readonly Claim NnVsRfm = MakeNnVsRfm(s => Experiments.NnVsRfm.Run(s));

    /// <summary>Figure 2 with the experiment (settings ↦ table) supplied.</summary>
    public static Claim MakeNnVsRfm(Func<NnVsRfmSettings, NnVsRfmResult> experiment) => new(
        "wu/nn-vs-rfm",
        $"{Seed}, \"Compare the NN and RFM under GD dynamics\", Figure 2",
        "GD dynamics for fitting a single neuron f*(x) = σ(x₁) where x ∈ S^{d−1}. Here d = 20, n = 50. Left: m = 4; Middle: m = 50; Right: m = 1000. (The net and its random-feature model follow each other more closely as m grows: the largest relative gap between their test errors over time decreases in m and is below 5% at m = 1000.)",
        ClaimKind.Experiment,
        "a = 0, b_j ~ Unif(S^{d−1}), GD on R̂_n with η_m = n/(2λ_max(G₀)) for both models, 1000 test points (4000 with --long)",
        1,
        _ => throw new InvalidOperationException("an experiment is evaluated as a whole"))
    {
        Evaluate = (claim, options, progress) =>
        {
            ulong seed = Rng.Derive(options.Seed, claim.Id);
            var r = experiment(options.Long ? NnVsRfmSettings.Long(seed) : NnVsRfmSettings.Default(seed));
            var widths = r.Settings.Widths;
            bool decreasing = true;
            for (int k = 1; k < r.Gaps.Count; k++)
                decreasing &= r.Gaps[k] < r.Gaps[k - 1];
            double last = r.Gaps[^1];
            bool ok = r.Stopped is null && decreasing && last <= 0.05;
            var series = new List<FigureSeries>();
            foreach (int m in widths)
            {
                var rows = r.Rows.Where(row => row.Width == m && row.Time > 0).ToArray();
                series.Add(new FigureSeries(F($"NN, m = {m}"), [.. rows.Select(row => row.Time)], [.. rows.Select(row => row.NnTest)]));
                series.Add(new FigureSeries(F($"RFM, m = {m}"), [.. rows.Select(row => row.Time)], [.. rows.Select(row => row.RfmTest)]));
            }
            var final = string.Join("; ", widths.Select((m, k) =>
            {
                var row = r.Rows.Last(x => x.Width == m);
                return F($"m = {m} (η = {r.StepSizes[k]:G3}, {row.Step} steps): test error NN {row.NnTest:G3}, RFM {row.RfmTest:G3}; largest relative gap over time {r.Gaps[k]:G3}");
            }));
            return new Outcome(ok ? Verdict.Reproduced : Verdict.NotReproduced, widths.Length, widths.Length, 0.05 - last,
                (r.Stopped is null ? "" : r.Stopped + "; ") + final + (decreasing ? "; the gap decreases in m" : "; the gap does not decrease in m"))
            {
                Figure = new Figure("wu Figure 2: NN vs RFM, f*(x) = σ(x₁), d = 20, n = 50", "time t = ηk", "test error", true, true, series),
            };
        },
    };
}
