using NtkPure.Dynamics;
using NtkPure.Experiments;
using NtkPure.Kernels;
using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Claims;

/// <summary>ntk-slides, "Over-parameterization": NGD, the fine-grained dynamics, the generalisation bound, DZPS Figure 1.</summary>
public static partial class NtkSlidesClaims
{
    // ---------------------------------------------------------------------------------------------------------
    // Theorem 1 (natural gradient descent) under Conditions 1–2

    /// <summary>sup |σ''| of the activations the NGD claim uses: softplus 1/4, tanh 4/(3√3).</summary>
    private static double SecondDerivativeBound(Activation act) => act.Kind == ActivationKind.Softplus ? 0.25 : 4 / (3 * Math.Sqrt(3));

    public static readonly Claim NgdTheorem1 = MakeNgdTheorem1(NaturalGradient.Step);

    /// <summary>Theorem 1 with the NGD step (data, η, state) ↦ state supplied.</summary>
    public static Claim MakeNgdTheorem1(Func<Dataset, double, GdState, GdState> step) => new(
        "ntk-slides/ngd-theorem-1",
        $"{Seed}, Theorem 1 (Natural gradient descent; Zhang, Martens and Grosse 2019) with Conditions 1 and 2",
        "Condition 1: G(0) = J(0)J(0)ᵀ is positive definite. Condition 2: there exists 0 ≤ C < 1/2 such that for all θ with ‖θ − θ(0)‖₂ ≤ 3‖y − u(0)‖₂/√λ_min(G(0)), ‖J(θ) − J(0)‖₂ ≤ (C/3)√λ_min(G(0)). Let Conditions 1 and 2 hold. With NGD θ(k+1) = θ(k) − ηJᵀ(JJᵀ)⁻¹(u − y) and step size η ≤ (1 − 2C)/(1 + C)², for k = 0, 1, 2, …: ‖u(k) − y‖₂² ≤ (1 − η)^k‖u(0) − y‖₂²",
        ClaimKind.Conditional,
        "f = (1/√m)Σ a_r σ(w_rᵀx), w_r ~ N(0, I), a_r ~ Unif{±1} fixed, θ = W; σ ∈ {softplus, tanh}; x_i on S^{d−1}, d = 4n, y_i ~ N(0, 1). Condition 1 is checked by λ_min(G(0)); Condition 2 by a certificate: ‖J(θ) − J(0)‖₂ ≤ sup|σ''|·‖X‖₂·max‖x_i‖·‖θ − θ(0)‖/√m for every θ, which gives a C; instances where that C is ≥ 1/2 count as the hypothesis not held. η = (1 − 2C)/(1 + C)² (the tight case) or a fraction of it; 8 NGD steps",
        20,
        seed =>
        {
            var rng = new Rng(seed);
            int n = Instances.Between(ref rng, 2, 4), d = 4 * n, m = 1 << Instances.Between(ref rng, 12, 16);
            var act = rng.NextInt(2) == 0 ? Activation.Softplus : Activation.Tanh;
            var data = Datasets.Synthetic(InputDistribution.Sphere, n, d, seed);
            var net0 = Initialization.Net(InitScheme.Dzps, m, d, seed, act, OutputScaling.Ntk);
            var s = NaturalGradient.Start(data, net0);
            var g0 = EmpiricalNtk.FirstLayer(net0, data.X, s.Forward);
            double lambda = Spectral.MinEigenvalue(g0);
            string sizes = F($"n = {n}, d = {d}, m = {m}, {act.Name}");
            if (!(lambda > Tolerance.ForOperations((double)n * m, g0.MaxAbs()).Absolute))
                return Evidence.HypothesisFailed(F($"Condition 1 fails: λ_min(G(0)) = {lambda:G3} ({sizes})"));
            double r0 = (data.Y - s.U).Norm2();
            double radius = 3 * r0 / Math.Sqrt(lambda);
            double xNorm = Math.Sqrt(Spectral.MaxEigenvalue(data.X.Gram()));
            double maxRow = Enumerable.Range(0, n).Max(i => Math.Sqrt(Blas.Dot(data.X.Row(i), data.X.Row(i))));
            double lipschitz = SecondDerivativeBound(act) * xNorm * maxRow / Math.Sqrt(m);
            double c = 3 * lipschitz * radius / Math.Sqrt(lambda);
            if (!(c < 0.5))
            {
                double needed = m * Math.Pow(c / 0.4, 2);
                return Evidence.HypothesisFailed(F($"Condition 2 not certified: C = {c:G3} ≥ 1/2 ({sizes}; C = 0.4 would need m ≈ {needed:G3})"));
            }
            double etaMax = (1 - 2 * c) / ((1 + c) * (1 + c));
            double eta = rng.NextInt(3) == 0 ? etaMax : etaMax * (0.2 + 0.8 * rng.NextDouble());
            var parts = new List<Evidence>();
            double maxMove = 0;
            for (int k = 1; k <= 8; k++)
            {
                s = step(data, eta, s);
                double lhs = (s.U - data.Y).NormSquared(), rhs = Math.Pow(1 - eta, k) * r0 * r0;
                maxMove = Math.Max(maxMove, (s.Net.W - net0.W).FrobeniusNorm());
                double slack = Tolerance.ForOperations((double)m * d * k, r0 * r0).Absolute;
                parts.Add(Evidence.AtMost(lhs, rhs, slack, F($"k = {k}: ‖u(k) − y‖² = {lhs:G6} ≤ (1 − η)^k‖u(0) − y‖² = {rhs:G6}")));
            }
            var all = Evidence.All([.. parts]);
            return all with { Details = F($"{sizes}, λ_min(G(0)) = {lambda:G4}, C = {c:G3}, η = {eta:G4} (bound {etaMax:G4}), max ‖θ(k) − θ(0)‖ = {maxMove:G3} ≤ radius {radius:G3}; worst step: ") + parts.MinBy(p => p.Margin)!.Details };
        });

    // ---------------------------------------------------------------------------------------------------------
    // The fine-grained dynamics Φ(W(k)) ≈ ½‖(I − ηH^∞)^k y‖²

    private const double FineGrainedKappa0 = 0.1;

    public static readonly Claim FineGrained = MakeFineGrained(corrected: false, null);

    public static readonly Claim FineGrainedCorrected = MakeFineGrained(corrected: true, null);

    /// <summary>
    /// The fine-grained dynamics with w_r(0) ~ N(0, I) as the slides' networks are initialised (as written), or with
    /// Arora et al.'s small initialisation w_r(0) ~ N(0, κ²I), κ → 0 (corrected); the predicted ‖(I − ηH^∞)^k y‖²
    /// may be supplied as (spectrum, η, k) ↦ value.
    /// </summary>
    public static Claim MakeFineGrained(bool corrected, Func<KernelSpectrum, double, int, double>? prediction) => new Claim(
        corrected ? "ntk-slides/fine-grained-dynamics.corrected" : "ntk-slides/fine-grained-dynamics",
        $"{Seed}, Theorem 3.2 of \"Over-parameterization: Generalization\" (informal version of Arora et al. 2019, Theorem 4.1)",
        corrected
            ? "With w_r(0) ~ N(0, κ²I) and κ = O(ελ₀δ/√n), m ≥ poly(n, 1/λ₀, 1/δ, 1/ε)/κ² (Arora et al.'s Theorem 4.1): Φ(W(k)) = ½‖(I − ηH^∞)^k y‖² up to an error that vanishes as κ → 0 and m → ∞. (The informal statement drops the small initialisation; without it u(0) = O(1) and Φ(W(0)) = ½‖y − u(0)‖² ≠ ½‖y‖² at every width.)"
            : "With high probability we have: Φ(W(k)) ≈ ½‖(I − ηH^∞)^k y‖₂², ∀k ≥ 0",
        ClaimKind.Asymptotic,
        corrected
            ? "as for the statement as written, with w_r(0) ~ N(0, κ²I), κ = 0.1·(m/128)^{−1/4} (so m ∝ κ⁻⁴ = poly(1/κ))"
            : "f = (1/√m)Σ a_r ReLU(w_rᵀx), w_r(0) ~ N(0, I) (the initialisation of H^∞'s definition and of the slides' other networks), a_r ~ Unif{±1}; n = 10 points on S⁹, y ~ N(0, 1), GD on W with η = 1/λ_max(H^∞) for K steps with (1 − ηλ_min)^K ≤ 1/100; \"≈\" read as: max_k |Φ(W(k)) − ½‖(I − ηH^∞)^k y‖²|/(½‖y‖²) → 0 as m grows",
        1,
        _ => SweepOnly("The fine-grained dynamics"))
    {
        Evaluate = (claim, options, progress) =>
        {
            var setup = FineGrainedDynamics.Prepare(10, 10, 1.0, Rng.Derive(options.Seed, "ntk-slides/fine-grained-dynamics/data"));
            Func<int, double>? predicted = prediction is null ? null : k => prediction(setup.Spectrum, setup.Eta, k);
            Func<int, double> kappa = corrected ? m => FineGrainedKappa0 * Math.Pow(m / 128.0, -0.25) : _ => 1.0;
            (int Width, int Reps)[] plan = options.Long
                ? [(128, 32), (256, 32), (512, 32), (1024, 16), (2048, 16), (4096, 8), (8192, 8), (16384, 4), (32768, 4)]
                : [(128, 16), (256, 16), (512, 16), (1024, 8), (2048, 8), (4096, 4), (8192, 4)];
            var rows = new List<FineGrainedRow>();
            foreach (var (w, reps) in plan)
                rows.AddRange(FineGrainedDynamics.Run(setup, [w], reps, kappa, Rng.Derive(options.Seed, claim.Id), predicted));
            var (keys, means) = Trends.MeanBy(rows, r => r.Width, r => r.Deviation);
            var (_, atZero) = Trends.MeanBy(rows, r => r.Width, r => r.DeviationAtZero);
            var figure = Trends.Plot(corrected ? "Fine-grained dynamics, small initialisation" : "Fine-grained dynamics, w(0) ~ N(0, I)", "width m",
                "mean max_k |Φ(W(k)) − ½‖(I − ηH^∞)^k y‖²| / (½‖y‖²)", true, true, ("max over k", keys, means), ("at k = 0", keys, atZero));
            var o = Trends.Decreasing(keys, means, options.Alpha, F($"relative deviation vs m over {setup.Steps} GD steps (η = {setup.Eta:G3})"), figure, corrected ? -0.25 : null);
            string table = string.Join(", ", keys.Select((m, i) => F($"m = {m}: {means[i]:G3} (k = 0: {atZero[i]:G3})")));
            return o with { Details = o.Details + "; " + table + (corrected ? "" : "; at k = 0 the deviation is |½‖y − u(0)‖² − ½‖y‖²|, which does not shrink with m when u(0) = O(1)") };
        },
    };

    // ---------------------------------------------------------------------------------------------------------
    // The generalisation bound √(2yᵀ(H^∞)⁻¹y/n), true vs random labels

    private static readonly double[] CorruptionLevels = [0, 0.25, 0.5, 0.75, 1];

    public static readonly Claim GeneralizationBoundClaim = MakeGeneralizationBound(InfiniteWidth.Hinf);

    /// <summary>The generalisation-bound experiment with the kernel X ↦ H^∞ supplied.</summary>
    public static Claim MakeGeneralizationBound(Func<Mat, Mat> kernel) => new Claim(
        "ntk-slides/generalization-bound",
        $"{Seed}, Theorem 3.3 of \"Over-parameterization: Generalization\" (informal version of Arora et al. 2019, Theorem 5.1), eq. (4)",
        "For any 1-Lipschitz loss function, the generalization error of the two-layer ReLU network found by GD is at most √(2yᵀ(H^∞)⁻¹y/n) — a quantity that separates labels a simple rule explains from random labels (Arora et al.'s Figure 1)",
        ClaimKind.Experiment,
        "x uniform on S⁹, true labels sign(βᵀx), a fraction p ∈ {0, ¼, ½, ¾, 1} replaced by random signs; n ∈ {50, 100, 200} (to 800 with --long), 3 samples each (5); reproduced when for every n the mean bound increases from p = 0 to ¼ to ½, and from p = 0 to 1",
        1,
        _ => SweepOnly("The generalisation-bound experiment"))
    {
        Evaluate = (claim, options, progress) =>
        {
            int[] sizes = options.Long ? [50, 100, 200, 400, 800] : [50, 100, 200];
            var rows = GeneralizationBound.Run(sizes, CorruptionLevels, 10, options.Long ? 5 : 3, Rng.Derive(options.Seed, claim.Id), kernel);
            double worst = double.PositiveInfinity;
            string where = "";
            var series = new List<FigureSeries>();
            foreach (int n in sizes)
            {
                var means = CorruptionLevels.Select(p => GeneralizationBound.Mean(rows, n, p)).ToArray();
                series.Add(new FigureSeries(F($"n = {n}"), CorruptionLevels, means));
                // the comparisons asserted: p = 0 < ¼ < ½ and p = 0 < 1 (between ¾ and 1 the labels are nearly equally
                // random — a replaced label keeps its true value half the time — and the two are within noise)
                foreach (var (lo, hi) in new[] { (0, 1), (1, 2), (0, 4) })
                {
                    double rise = (means[hi] - means[lo]) / means[lo];
                    if (rise < worst)
                    {
                        worst = rise;
                        where = F($"n = {n}, p = {CorruptionLevels[lo]} → {CorruptionLevels[hi]}");
                    }
                }
            }
            var table = string.Join("; ", sizes.Select(n => F($"n = {n}: ") + string.Join(", ", CorruptionLevels.Select(p => GeneralizationBound.Mean(rows, n, p).ToString("G4", System.Globalization.CultureInfo.InvariantCulture)))));
            var verdict = worst > 0 ? Verdict.Reproduced : Verdict.NotReproduced;
            return new Outcome(verdict, rows.Count, rows.Count, worst,
                F($"mean √(2yᵀ(H^∞)⁻¹y/n) for p = 0, ¼, ½, ¾, 1 — {table}; smallest relative rise among p = 0 → ¼ → ½ and 0 → 1: {worst:G3} ({where})"))
            {
                Figure = new Figure("Generalisation bound vs fraction of random labels", "fraction of random labels p", "√(2yᵀ(H^∞)⁻¹y/n)", false, false, series),
            };
        },
    };

    // ---------------------------------------------------------------------------------------------------------
    // DZPS19 Figure 1

    public static readonly Claim DzpsFigure1Claim = MakeDzpsFigure1(OutputScaling.Ntk);

    /// <summary>DZPS Figure 1 run with the given output scaling (the statement's is 1/√m).</summary>
    public static Claim MakeDzpsFigure1(OutputScaling scaling) => new Claim(
        "ntk-slides/dzps-figure-1",
        $"{Seed}, \"2-layer NN, GD, opt first layer\", Figure 1 (Du, Zhai, Poczos and Singh 2019): (a) convergence rates, (b) percentiles of pattern changes, (c) maximum distances from initialization",
        "Over-parameterised two-layer ReLU nets trained by GD on the first layer converge linearly; as the width m grows, the fraction of activation patterns that change, Σ_i Σ_r 1{sign(w_r(0)ᵀx_i) ≠ sign(w_r(k)ᵀx_i)}/(mn), and the maximum distance max_r ‖w_r(k) − w_r(0)‖₂ both shrink — at the rate 1/√m that the proof's bound ‖w_r(k) − w_r(0)‖ ≤ 4√n‖y − u(0)‖/(√mλ) gives",
        ClaimKind.Experiment,
        "n = 32 points on S^{15}, y ~ N(0, 1), w ~ N(0, I), a ~ Unif{±1}, sum loss, η = 1/λ_max(H^∞), 60 steps (100 with --long); m ∈ {64, 256, 1024, 4096} (to 16384), 3 initialisations each (5); reproduced when every width reaches a loss below 10⁻³ of its initial value and the fitted exponents of the final median pattern-change fraction and median max distance in m both contain −1/2",
        1,
        _ => SweepOnly("DZPS Figure 1"))
    {
        Evaluate = (claim, options, progress) =>
        {
            int[] widths = options.Long ? [64, 256, 1024, 4096, 16384] : [64, 256, 1024, 4096];
            int steps = options.Long ? 100 : 60;
            var result = DzpsFigure1.Run(32, 16, widths, options.Long ? 5 : 3, steps, 1.0, Rng.Derive(options.Seed, claim.Id), scaling);
            var finals = widths.Select(w => result.Of(w)[^1]).ToArray();
            var firsts = widths.Select(w => result.Of(w)[0]).ToArray();
            var xs = widths.Select(w => (double)w).ToArray();
            double worstDrop = finals.Select((f, i) => f.LossMedian / firsts[i].LossMedian).Max();
            var loss = new Outcome(worstDrop <= 1e-3 ? Verdict.Reproduced : Verdict.NotReproduced, widths.Length, widths.Length, Math.Log10(1e-3 / worstDrop),
                F($"(a) loss after {steps} steps / initial loss ≤ {worstDrop:G3} over the widths (needed ≤ 1e-3)"));
            var pattern = Statistical.Asymptotic(xs, finals.Select(f => f.PatternP50).ToArray(), -0.5, Statistical.Side.Equal, options.Alpha / 2,
                "(b) median fraction of changed patterns at the last step vs m");
            var distance = Statistical.Asymptotic(xs, finals.Select(f => f.MaxDistanceMedian).ToArray(), -0.5, Statistical.Side.Equal, options.Alpha / 2,
                "(c) median max_r ‖w_r − w_r(0)‖ at the last step vs m");
            static Outcome AsExperiment(Outcome o) => o with { Verdict = o.Verdict == Verdict.Consistent ? Verdict.Reproduced : Verdict.NotReproduced };
            var series = new List<FigureSeries>();
            foreach (int w in widths)
            {
                var pts = result.Of(w);
                series.Add(new FigureSeries(F($"loss, m = {w}"), pts.Select(p => (double)p.Step).ToArray(), pts.Select(p => p.LossMedian).ToArray()));
            }
            series.Add(new FigureSeries("pattern-change fraction p50 (x = m)", xs, finals.Select(f => f.PatternP50).ToArray()));
            series.Add(new FigureSeries("max distance (x = m)", xs, finals.Select(f => f.MaxDistanceMedian).ToArray()));
            var table = string.Join("; ", finals.Select(f => F($"m = {f.Width}: loss {f.LossMedian:G3}, patterns p10/p50/p90 {f.PatternP10:G3}/{f.PatternP50:G3}/{f.PatternP90:G3}, max distance {f.MaxDistanceMedian:G3}")));
            var o = Trends.Worst(loss, AsExperiment(pattern), AsExperiment(distance));
            return o with
            {
                Details = o.Details + F($" | η = {result.Eta:G4}, λ(H^∞) ∈ [{result.LambdaMin:G3}, {result.LambdaMax:G3}]; {table}"),
                Figure = new Figure("DZPS Figure 1: loss vs step (per width), and pattern changes and max distance vs width", "step k, or width m", "value", true, true, series),
            };
        },
    };

    /// <summary>The claims of ntk-slides registered here, in catalog order.</summary>
    public static IReadOnlyList<Claim> All =>
    [
        KernelRegressionLimit, Theorem31, Theorem32, Prop3, Prop4, Prop4Corrected, Prop9, Prop9Examples, Prop9ExamplesCorrected, Prop5,
        NgdTheorem1, FineGrained, FineGrainedCorrected, GeneralizationBoundClaim, DzpsFigure1Claim,
    ];
}
