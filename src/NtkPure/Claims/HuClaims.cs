using NtkPure.Dynamics;
using NtkPure.Experiments;
using NtkPure.Kernels;
using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Claims;

/// <summary>
/// The sweep sizes of one of hu's asymptotic claims: the input dimensions at default and long settings and the
/// instances per dimension. n = ⌈C·d^{1+α}⌉ and m ≈ C·d^{1+α} (or C·d^{2+α}) with α = 0.2 and C = <see cref="SizeConstant"/>.
/// </summary>
public sealed record HuScale(int[] Dims, int[] LongDims, int Replicates, double SizeConstant = 2.0)
{
    public const double Alpha = 0.2;

    public HuSweepDesign Design(ClaimRunOptions options, string id) =>
        new(options.Long ? LongDims : Dims, options.Long ? Replicates + 1 : Replicates, Alpha, SizeConstant, SizeConstant, Rng.Derive(options.Seed, id));

    /// <summary>One instance at the smallest default size from an instance seed (what a claim's single check evaluates).</summary>
    public HuSweepDesign Point(ulong seed) => new([Dims[0]], 1, Alpha, SizeConstant, SizeConstant, seed);
}

/// <summary>
/// hu (004_b372b03728991fd4.txt): Hu, Xiao, Adlam, Pennington 2020, "The surprising simplicity of the early-time
/// learning dynamics of neural networks" — f(x) = (1/√m)·vᵀφ(Wx/√d), the symmetric initialisation, the mean loss,
/// GD with η₁ (W) and η₂ (v); data x ~ N(0, Σ), Tr Σ = d, ‖Σ‖ = O(1) (<see cref="HuSetting"/>). The asymptotic
/// statements (≲ d^{−Ω(α)}, n/d^{1+α}, Θ(n)) are sweeps over d with n, m ∝ d^{1+α}: a log-log fit with a
/// confidence interval on the exponent, the implied constant, and a figure. (hu/claim-c1 is in
/// <see cref="FoundationClaims"/>; hu/linear-model-1 and hu/both-layers are with the kernel claims.)
/// </summary>
public static class HuClaims
{
    private static string F(FormattableString s) => FormattableString.Invariant(s);

    private const string Seed = "hu";

    // ---------------------------------------------------------------- shared verdict plumbing

    /// <summary>
    /// A log-log fit of y against x, or Inconsistent at once when some y is not a positive finite number (a
    /// quantity that diverged cannot satisfy an upper bound).
    /// </summary>
    private static Outcome Fit(string what, IReadOnlyList<double> x, IReadOnlyList<double> y, double exponent, Statistical.Side side, double alpha)
    {
        for (int i = 0; i < y.Count; i++)
            if (!(y[i] > 0) || !double.IsFinite(y[i]))
                return new Outcome(Verdict.Inconsistent, x.Count, x.Count, double.NegativeInfinity,
                    F($"{what}: the value at x = {x[i]:G4} is {y[i]:G4} (diverged or degenerate), which no bound of the claimed form allows"));
        return Statistical.Asymptotic(x, y, exponent, side, alpha, what);
    }

    /// <summary>All parts must hold: the worst verdict decides; instances are the sweep's, details every part's.</summary>
    private static Outcome Combine(IReadOnlyList<Outcome> parts, int instances, int held, string note, Figure? figure)
    {
        var worst = parts.OrderBy(o => NtkNotesClaims.Rank(o.Verdict)).ThenBy(o => o.WorstMargin).First();
        string details = string.Join(" | ", parts.Select(p => p.Verdict + ": " + p.Details));
        return worst with { Instances = instances, HypothesisHeld = held, Details = note.Length > 0 ? details + " | " + note : details, Figure = figure };
    }

    /// <summary>The mean of y over the replicates at each d, for a figure: (d, mean).</summary>
    private static FigureSeries Series<T>(string label, IReadOnlyList<T> rows, Func<T, int> d, Func<T, double> y)
    {
        var groups = rows.GroupBy(d).OrderBy(g => g.Key).ToArray();
        return new FigureSeries(label, [.. groups.Select(g => (double)g.Key)], [.. groups.Select(g => g.Average(y))]);
    }

    private static Evidence SweepPoint(string what, double lhs, double rhs) =>
        new(lhs, rhs, double.PositiveInfinity, true, what + " (one sweep point; the verdict comes from the sweep's fit)");

    /// <summary>
    /// A theorem's two fits for one activation — max_t of the training gap (1/n)‖u − u^lin‖² and of the test gap
    /// E_test min{(f_t − f_t^lin)², 1}, each vs d with claimed exponent ≤ 0 — and their figure series.
    /// </summary>
    private static void GapFits(Activation act, IReadOnlyList<TheoremRow> rows, string train, string test, string difference, double alpha, List<Outcome> parts, List<FigureSeries> series)
    {
        var dx = rows.Select(r => (double)r.D).ToArray();
        parts.Add(Fit($"{act.Name} {train}: max_t (1/n)‖u(t) − u^lin(t)‖² vs d", dx, [.. rows.Select(r => r.MaxGap)], 0.0, Statistical.Side.AtMost, alpha));
        parts.Add(Fit($"{act.Name} {test}: max_t E_test min{{({difference})², 1}} vs d", dx, [.. rows.Select(r => r.MaxTestGap)], 0.0, Statistical.Side.AtMost, alpha));
        series.Add(Series($"{act.Name}: train gap {train}", rows, r => r.D, r => r.MaxGap));
        series.Add(Series($"{act.Name}: test gap {test}", rows, r => r.D, r => r.MaxTestGap));
    }

    private static Func<Claim, ClaimRunOptions, Action<int, int>?, Outcome> Evaluator(Func<ClaimRunOptions, string, Outcome> run) =>
        (claim, options, progress) =>
        {
            var o = run(options, claim.Id);
            progress?.Invoke(1, 1);
            return o;
        };

    // ---------------------------------------------------------------- hu/data-concentration

    /// <summary>n = 16·d (n ≫ d) in the data sweep.</summary>
    public const int SamplesPerDimension = 16;

    public static HuScale DataScale { get; } = new([16, 24, 32, 48, 64, 96], [16, 24, 32, 48, 64, 96, 128, 192, 256, 384], 3);

    public static readonly Claim DataConcentration = MakeDataConcentration((n, d, s) => HuSetting.Inputs(n, d, s));

    /// <summary>The data claim with the input generator (n, d, seed) ↦ X (n×d) supplied.</summary>
    public static Claim MakeDataConcentration(Func<int, int, ulong, Mat> inputs, HuScale? scale = null)
    {
        scale ??= DataScale;
        return new Claim(
            "hu/data-concentration",
            $"{Seed}, §2 \"Assumptions\", Claim (data concentration)",
            "Suppose n ≫ d. With high probability we have ‖x_i‖²/d = 1 ± O(√(log n/d)) (∀i ∈ [n]), |⟨x_i, x_j⟩|/d = O(√(log n/d)) (∀i, j ∈ [n], i ≠ j), and ‖XXᵀ‖ = Θ(n).",
            ClaimKind.Asymptotic,
            "x_i i.i.d. N(0, Σ) with Tr Σ = d and ‖Σ‖ = O(1) (Σ = diag(½, …, ½, 3/2, …, 3/2): ‖Σ‖ = 3/2, Tr[Σ²]/d = 5/4); n = 16·d. The first two are O(r) with r = √(log n/d), fitted against d/log n (claimed exponent ≤ −½); ‖XXᵀ‖ = Θ(n) is fitted against n at the fixed ratio n/d = 16 (where the Marchenko–Pastur edge does not move) over the larger half of the dimensions, away from the n^{−2/3} approach to that edge (claimed exponent 1)",
            scale.Replicates,
            seed =>
            {
                int d = scale.Dims[0];
                var row = HuSweeps.DataConcentration([d], 1, SamplesPerDimension, seed, inputs)[0];
                return SweepPoint(F($"d = {d}, n = {row.N}: max |‖x_i‖²/d − 1| = {row.NormDeviation:G4}, max |⟨x_i, x_j⟩|/d = {row.InnerProduct:G4}, √(log n/d) = {row.Rate:G4}, ‖XXᵀ‖/n = {row.TopEigenvalue / row.N:G4}"),
                    row.NormDeviation, row.Rate);
            })
        {
            Evaluate = Evaluator((options, id) =>
            {
                var design = scale.Design(options, id);
                var rows = HuSweeps.DataConcentration(design.Dims, design.Replicates, SamplesPerDimension, design.Seed, inputs);
                var ratio = rows.Select(r => (double)r.D / Math.Log(r.N)).ToArray();
                // ‖XXᵀ‖/n approaches its limit (the Marchenko–Pastur edge at n/d = 16) from below at the Tracy–Widom
                // rate n^{−2/3}; that drift would tilt a fit over the whole sweep, so Θ(n) — a statement about large n —
                // is fitted where it is smallest, on the larger half of the dimensions
                var upper = rows.Where(r => r.D >= design.Dims[design.Dims.Count / 2]).ToArray();
                double a = options.Alpha / 3;
                var parts = new[]
                {
                    Fit("max_i |‖x_i‖²/d − 1| vs d/log n", ratio, [.. rows.Select(r => r.NormDeviation)], -0.5, Statistical.Side.AtMost, a),
                    Fit("max_{i≠j} |⟨x_i, x_j⟩|/d vs d/log n", ratio, [.. rows.Select(r => r.InnerProduct)], -0.5, Statistical.Side.AtMost, a),
                    Fit("‖XXᵀ‖ vs n over the larger half of the sizes", [.. upper.Select(r => (double)r.N)], [.. upper.Select(r => r.TopEigenvalue)], 1.0, Statistical.Side.Equal, a),
                };
                var figure = new Figure("hu data concentration (n = 16d)", "d", "value", true, true,
                [
                    Series("max |‖x_i‖²/d − 1|", rows, r => r.D, r => r.NormDeviation),
                    Series("max |⟨x_i, x_j⟩|/d", rows, r => r.D, r => r.InnerProduct),
                    Series("√(log n/d)", rows, r => r.D, r => r.Rate),
                    Series("‖XXᵀ‖/n", rows, r => r.D, r => r.TopEigenvalue / r.N),
                ]);
                string constants = F($"implied constants: max |‖x_i‖²/d − 1|/√(log n/d) ∈ [{rows.Min(r => r.NormDeviation / r.Rate):G3}, {rows.Max(r => r.NormDeviation / r.Rate):G3}], max |⟨x_i,x_j⟩|/d/√(log n/d) ∈ [{rows.Min(r => r.InnerProduct / r.Rate):G3}, {rows.Max(r => r.InnerProduct / r.Rate):G3}], ‖XXᵀ‖/n ∈ [{rows.Min(r => r.TopEigenvalue / r.N):G3}, {rows.Max(r => r.TopEigenvalue / r.N):G3}]");
                return Combine(parts, rows.Count, rows.Count, constants, figure);
            }),
        };
    }

    // ---------------------------------------------------------------- hu/distance-kernels

    public static HuScale DistanceScale { get; } = new([16, 24, 32, 48, 64, 96], [16, 24, 32, 48, 64, 96, 128, 192, 256], 3);

    public static readonly Claim DistanceKernels = MakeDistanceKernels(HuKernels.Theta1, HuKernels.Lin1);

    /// <summary>The proposition with Θ₁(W, X, φ) and Θ^lin1(X, constants) supplied.</summary>
    public static Claim MakeDistanceKernels(Func<Mat, Mat, Activation, Mat> theta1, Func<Mat, HuConstants, Mat> lin1, HuScale? scale = null)
    {
        scale ??= DistanceScale;
        return new Claim(
            "hu/distance-kernels",
            $"{Seed}, \"Proof sketch\", Proposition (distance kernels)",
            "With high probability over the random initialization W(0) and the training data X, we have ‖Θ₁(W(0)) − Θ^lin1‖ ≲ n/d^{1+α}, where Θ₁(W) := (φ'(XWᵀ/√d)φ'(XWᵀ/√d)ᵀ/m) ⊙ (XXᵀ/d) and Θ^lin1 := (ζ²XXᵀ + ν²11ᵀ)/d.",
            ClaimKind.Asymptotic,
            "α = 0.2, n = ⌈2d^{1.2}⌉, m ≈ 2d^{1.2}, symmetric initialisation, ReLU (piecewise linear) and erf (smooth); the ratio ‖Θ₁(W(0)) − Θ^lin1‖/(n/d^{1+α}) must not grow with d (claimed exponent ≤ 0)",
            scale.Replicates,
            seed =>
            {
                var row = HuSweeps.DistanceKernels(scale.Point(seed), Activation.Relu, theta1, lin1)[0];
                return SweepPoint(F($"ReLU, d = {row.D}, n = {row.N}, m = {row.M}: ‖Θ₁(W(0)) − Θ^lin1‖ = {row.Distance:G4}, n/d^{{1+α}} = {row.Bound:G4}, ‖Θ^lin1‖ = {row.LinNorm:G4}"), row.Distance, row.Bound);
            })
        {
            Evaluate = Evaluator((options, id) =>
            {
                var design = scale.Design(options, id);
                var parts = new List<Outcome>();
                var series = new List<FigureSeries>();
                var notes = new List<string>();
                int count = 0;
                IReadOnlyList<DistanceRow> rows = [];
                foreach (var act in new[] { Activation.Relu, Activation.Erf })
                {
                    rows = HuSweeps.DistanceKernels(design, act, theta1, lin1);
                    count += rows.Count;
                    parts.Add(Fit($"{act.Name}: ‖Θ₁(W(0)) − Θ^lin1‖·d^{{1+α}}/n vs d", [.. rows.Select(r => (double)r.D)], [.. rows.Select(r => r.Distance / r.Bound)], 0.0, Statistical.Side.AtMost, options.Alpha / 2));
                    series.Add(Series($"{act.Name}: ‖Θ₁(W(0)) − Θ^lin1‖", rows, r => r.D, r => r.Distance));
                    series.Add(Series($"{act.Name}: ‖Θ^lin1‖", rows, r => r.D, r => r.LinNorm));
                    notes.Add(F($"{act.Name}: distance/bound ∈ [{rows.Min(r => r.Distance / r.Bound):G3}, {rows.Max(r => r.Distance / r.Bound):G3}], distance/‖Θ^lin1‖ from {rows.First().Distance / rows.First().LinNorm:G3} to {rows.Last().Distance / rows.Last().LinNorm:G3}, largest diagonal difference {rows.Max(r => r.Diagonal):G3} (Θ^lin1 has no E[φ'(g)²] − ζ² on its diagonal: an O(1) part the bound n/d^{{1+α}} = Θ(1) absorbs)"));
                }
                series.Add(Series("n/d^{1+α}", rows, r => r.D, r => r.Bound));
                var figure = new Figure("hu distance kernels: ‖Θ₁(W(0)) − Θ^lin1‖ (n, m ∝ d^{1.2})", "d", "spectral norm", true, true, series);
                return Combine(parts, count, count, string.Join("; ", notes), figure);
            }),
        };
    }

    // ---------------------------------------------------------------- hu/jacobian-perturbation

    public static HuScale JacobianScale { get; } = new([16, 24, 32, 48, 64], [16, 24, 32, 48, 64, 96, 128, 192], 2);

    public static readonly Claim JacobianPerturbation = MakeJacobianPerturbation(HuJacobians.DifferenceNorm);

    /// <summary>Eqs. (6) and (7) with ‖J₁(W) − J₁(W̃)‖ supplied.</summary>
    public static Claim MakeJacobianPerturbation(HuSweeps.JacobianDifference difference, HuScale? scale = null)
    {
        scale ??= JacobianScale;
        return new Claim(
            "hu/jacobian-perturbation",
            $"{Seed}, \"Proof Assumption 1\", Jacobian perturbation for the first layer, eqs. (6) and (7)",
            "If φ is a smooth activation, then w.h.p. over the training data X, ‖J₁(W, v) − J₁(W̃, v)‖ ≲ √(n/(md))·‖W − W̃‖_F for all W, W̃ (6). If φ is a piece-wise linear activation, then w.h.p. over the random initialization W(0) and the training data X, ‖J₁(W, v) − J₁(W(0), v)‖ ≲ √(n/d)·(‖W − W(0)‖^{1/3}/m^{1/6} + (log n/m)^{1/4}) (7).",
            ClaimKind.Asymptotic,
            "(6) with erf, (7) with ReLU; α = 0.2, n = ⌈2d^{1.2}⌉, m ≈ 2d^{1.2}; ‖W − W(0)‖ in (7) is the spectral norm (the seed writes ‖·‖_F where it means Frobenius). At each instance the worst ratio ‖ΔJ‖/bound over candidate perturbations (random, coherent and targeted directions for (6); random and activation-flipping constructions at radii √(d log d)/8 and √(d log d) for (7)) must not grow with d (claimed exponent ≤ 0)",
            scale.Replicates,
            seed =>
            {
                var row = HuSweeps.JacobianSmooth(scale.Point(seed), Activation.Erf, difference)[0];
                return SweepPoint(F($"(6), erf, d = {row.D}: worst ratio {row.Ratio:G4} at {row.Worst}"), row.Difference, row.Bound);
            })
        {
            Evaluate = Evaluator((options, id) =>
            {
                var design = scale.Design(options, id);
                var smooth = HuSweeps.JacobianSmooth(design, Activation.Erf, difference);
                var pl = HuSweeps.JacobianPiecewiseLinear(design, Activation.Relu, difference);
                var parts = new[]
                {
                    Fit("(6) erf: ‖J₁(W) − J₁(W̃)‖/(√(n/(md))‖W − W̃‖_F) vs d", [.. smooth.Select(r => (double)r.D)], [.. smooth.Select(r => r.Ratio)], 0.0, Statistical.Side.AtMost, options.Alpha / 2),
                    Fit("(7) ReLU: ‖J₁(W) − J₁(W(0))‖/(√(n/d)(‖W − W(0)‖^{1/3}/m^{1/6} + (log n/m)^{1/4})) vs d", [.. pl.Select(r => (double)r.D)], [.. pl.Select(r => r.Ratio)], 0.0, Statistical.Side.AtMost, options.Alpha / 2),
                };
                var figure = new Figure("hu Jacobian perturbation: worst ratio to the bound", "d", "‖ΔJ‖ / bound", true, true,
                [
                    Series("(6) erf", smooth, r => r.D, r => r.Ratio),
                    Series("(7) ReLU", pl, r => r.D, r => r.Ratio),
                ]);
                string note = F($"worst (6): {smooth.MaxBy(r => r.Ratio)!.Worst} at d = {smooth.MaxBy(r => r.Ratio)!.D} (ratio {smooth.Max(r => r.Ratio):G3}); worst (7): {pl.MaxBy(r => r.Ratio)!.Worst} at d = {pl.MaxBy(r => r.Ratio)!.D} (ratio {pl.Max(r => r.Ratio):G3})");
                return Combine(parts, smooth.Count + pl.Count, smooth.Count + pl.Count, note, figure);
            }),
        };
    }

    // ---------------------------------------------------------------- hu/assumption-1

    public static HuScale Assumption1Scale { get; } = new([16, 24, 32, 48, 64, 96], [16, 24, 32, 48, 64, 96, 128, 192], 2);

    public static readonly Claim Assumption1 = MakeAssumption1(HuKernels.Lin1);

    /// <summary>The Assumption-1 estimate with K (hu: Θ^lin1) supplied as a function of (X, constants).</summary>
    public static Claim MakeAssumption1(Func<Mat, HuConstants, Mat> kernel, HuScale? scale = null)
    {
        scale ??= Assumption1Scale;
        return new Claim(
            "hu/assumption-1",
            $"{Seed}, \"Assumption 1\" (Key Assumption) and the lemma that verifies it for the first layer",
            "There exist 0 < ε < ‖K‖, R > 0 such that for any θ, θ' ∈ ℝ^N, as long as ‖θ − θ(0)‖ ≤ R and ‖θ' − θ(0)‖ ≤ R, we have ‖J(θ)J(θ')ᵀ − K‖ ≤ ε. Lemma: let R = √(d log d); w.h.p., for all W, W̃ with ‖W − W(0)‖_F ≤ R, ‖W̃ − W(0)‖_F ≤ R, ‖J₁(W, v)J₁(W̃, v)ᵀ − Θ^lin1‖ ≲ n/d^{1+α/7}.",
            ClaimKind.Experiment,
            "first layer, ReLU, K = Θ^lin1, R = √(d log d), α = 0.2, n = ⌈2d^{1.2}⌉, m ≈ 2d^{1.2}. ε is estimated as the worst ‖J(W)J(W̃)ᵀ − K‖ over W(0), random points of the ball and constructions that flip every activation the budget R² allows (a lower bound on the supremum). Reproduced when ε < ‖K‖ at every size and ε grows no faster than the lemma's n/d^{1+α/7} ∝ d^{6α/7}",
            scale.Replicates,
            seed =>
            {
                var row = HuSweeps.Assumption1(scale.Point(seed), Activation.Relu, kernel)[0];
                return new Evidence(row.Epsilon, row.KNorm, row.KNorm - row.Epsilon, true,
                    F($"d = {row.D}, n = {row.N}, m = {row.M}, R = {row.Radius:G4}: ε ≥ {row.Epsilon:G4} ({row.Worst}) vs ‖K‖ = {row.KNorm:G4}; R²ε/n = {row.HypothesisRatio:G3}"));
            })
        {
            Evaluate = Evaluator((options, id) =>
            {
                var design = scale.Design(options, id);
                var rows = HuSweeps.Assumption1(design, Activation.Relu, kernel);
                double worstMargin = rows.Min(r => r.KNorm - r.Epsilon);
                var exponent = Fit("ε vs d (lemma: ≲ n/d^{1+α/7} ∝ d^{6α/7})", [.. rows.Select(r => (double)r.D)], [.. rows.Select(r => r.Epsilon)], 6 * HuScale.Alpha / 7, Statistical.Side.AtMost, options.Alpha);
                bool below = worstMargin > 0;
                var verdict = below && exponent.Verdict == Verdict.Consistent ? Verdict.Reproduced : Verdict.NotReproduced;
                var table = string.Join("; ", rows.Select(r => F($"d = {r.D}: ε(W(0)) = {r.EpsilonInit:G3}, random {r.EpsilonRandom:G3}, flips {r.EpsilonFlip:G3} ⇒ ε ≥ {r.Epsilon:G3} ({r.Worst}), ‖K‖ = {r.KNorm:G3}, R²ε/n = {r.HypothesisRatio:G3}")));
                int failing = rows.Count(r => r.HypothesisRatio >= 1);
                string details = F($"ε < ‖K‖ at {rows.Count(r => r.Epsilon < r.KNorm)}/{rows.Count} sizes (worst ‖K‖ − ε = {worstMargin:G3}); {exponent.Verdict}: {exponent.Details}; the general theorem needs R²ε < n, which the estimated ε already violates at {failing}/{rows.Count} sizes with the lemma's R = √(d log d); ") + table;
                var figure = new Figure("hu Assumption 1 (first layer, ReLU, R = √(d log d))", "d", "spectral norm", true, true,
                [
                    Series("ε, worst found", rows, r => r.D, r => r.Epsilon),
                    Series("ε at W = W̃ = W(0)", rows, r => r.D, r => r.EpsilonInit),
                    Series("‖K‖ = ‖Θ^lin1‖", rows, r => r.D, r => r.KNorm),
                    Series("n/d^{1+α/7}", rows, r => r.D, r => r.LemmaBound),
                    Series("n/R²", rows, r => r.D, r => r.N / (r.Radius * r.Radius)),
                ]);
                return new Outcome(verdict, rows.Count, rows.Count, Math.Min(worstMargin, exponent.WorstMargin), details) { Figure = figure };
            }),
        };
    }

    // ---------------------------------------------------------------- hu/theorem-first-layer

    public static HuScale FirstLayerScale { get; } = new([16, 24, 32, 48, 64, 96], [16, 24, 32, 48, 64, 96, 128, 192, 256], 2);

    /// <summary>η₁ = d/4 (η₁ ≪ d; below n/‖Θ^lin1‖ ≈ 1.0–1.7·d for both activations) and c = 1 in T = c·d log d/η₁.</summary>
    public const double FirstLayerEtaOverD = 0.25;

    public static readonly Claim TheoremFirstLayer = MakeTheoremFirstLayer(HuImplementation.Reference);

    /// <summary>The first-layer theorem with the linear model, the network's GD step and the linear model's loss supplied.</summary>
    public static Claim MakeTheoremFirstLayer(HuImplementation impl, HuScale? scale = null)
    {
        scale ??= FirstLayerScale;
        return new Claim(
            "hu/theorem-first-layer",
            $"{Seed}, \"Main theorem for training the first layer\", parts 1 (eq. (1)) and 2 (eq. (2))",
            "Let α ∈ (0, ¼) be a fixed constant. Suppose n ≳ d^{1+α} and m ≳ d^{1+α}. Suppose η₁ ≪ d and η₂ = 0. Then there exists a universal constant c > 0 such that with high probability, for all 0 ≤ t ≤ T = c·d log d/η₁ simultaneously, (1/n)Σ_i (f_t¹(x_i) − f_t^lin1(x_i))² ≲ d^{−Ω(α)} (1), and E_{x~D}[min{(f_t¹(x) − f_t^lin1(x))², 1}] ≲ d^{−Ω(α)} + √(log T/n) (2).",
            ClaimKind.Asymptotic,
            "α = 0.2, n = ⌈2d^{1.2}⌉, m ≈ 2d^{1.2}, η₁ = d/4, c = 1, mean loss, symmetric initialisation, labels sign(z₁ + z₂z₃); ReLU and erf; (2) on n fresh test points. Ω(α) is unspecified, so the check is that the largest gap over t ≤ T does not grow with d (fitted exponent ≤ 0 within its interval)",
            scale.Replicates,
            seed =>
            {
                var row = HuSweeps.FirstLayerTheorem(scale.Point(seed), Activation.Relu, FirstLayerEtaOverD, 1.0, impl)[0];
                return SweepPoint(F($"ReLU, d = {row.D}, n = {row.N}, m = {row.M}, T = {row.Steps}: max_t (1/n)‖u − u^lin1‖² = {row.MaxGap:G4}, test {row.MaxTestGap:G4}"), row.MaxGap, double.NaN);
            })
        {
            Evaluate = Evaluator((options, id) =>
            {
                var design = scale.Design(options, id);
                var parts = new List<Outcome>();
                var series = new List<FigureSeries>();
                var notes = new List<string>();
                int count = 0;
                foreach (var act in new[] { Activation.Relu, Activation.Erf })
                {
                    var rows = HuSweeps.FirstLayerTheorem(design, act, FirstLayerEtaOverD, 1.0, impl);
                    count += rows.Count;
                    GapFits(act, rows, "(1)", "(2)", "f_t¹ − f_t^lin1", options.Alpha / 4, parts, series);
                    series.Add(Series($"{act.Name}: train gap to the diagonal-corrected linear model", rows, r => r.D, r => r.MaxGapDiagonal));
                    if (rows.All(r => double.IsFinite(r.MaxGapDiagonal) && r.MaxGapDiagonal > 0))
                    {
                        var corrected = Statistics.FitLogLog([.. rows.Select(r => (double)r.D)], [.. rows.Select(r => r.MaxGapDiagonal)], 1 - options.Alpha);
                        notes.Add(F($"{act.Name}: with Θ₁*'s diagonal put back into the linear model the gap is {rows.Average(r => r.MaxGapDiagonal / r.MaxGap):P0} of it on average and decays with exponent {corrected.Slope:G3} in [{corrected.SlopeLower:G3}, {corrected.SlopeUpper:G3}]"));
                    }
                }
                notes.Add(F($"the gap's leading part is the diagonal (E[φ'(g)²] − ζ²)·‖x_i‖²/d of Θ₁ that Θ^lin1 leaves out; it acts for ηT = c·d log d, so its effect scales like (log d/d^α)², which grows until d = e^{{1/α}} ≈ {Math.Exp(1 / HuScale.Alpha):F0}: the claimed decay d^{{−Ω(α)}} hides log factors that dominate at the sizes tested"));
                var figure = new Figure("hu first-layer theorem: network vs f^lin1 for t ≤ T = d log d/η₁", "d", "gap", true, true, series);
                return Combine(parts, count, count, string.Join("; ", notes), figure);
            }),
        };
    }

    // ---------------------------------------------------------------- hu/linear-model-2 (the second-layer theorem)

    public static HuScale SecondLayerScale { get; } = new([16, 24, 32, 48, 64, 96], [16, 24, 32, 48, 64, 96, 128, 192], 3);

    /// <summary>ReLU needs m ∝ d^{2+α}: its sweep stops earlier than erf's.</summary>
    public const int SecondLayerReluMaxD = 48;

    public static readonly Claim LinearModel2 = MakeLinearModel2(HuImplementation.Reference);

    /// <summary>The second-layer theorem with ψ₂, the network's step and the linear model's loss supplied.</summary>
    public static Claim MakeLinearModel2(HuImplementation impl, HuScale? scale = null)
    {
        scale ??= SecondLayerScale;
        return new Claim(
            "hu/linear-model-2",
            $"{Seed}, \"Training the Second Layer\": ψ₂ (3), ϑ₀, ϑ₁, ϑ₂ (4) and the main theorem for training the second layer",
            "f^lin2(x; γ) := γᵀψ₂(x), ψ₂(x) := [ζx/√d; ν/√(2d); ϑ₀ + ϑ₁(‖x‖/√d − 1) + ϑ₂(‖x‖/√d − 1)²] (3), ϑ₀ = E[φ(g)], ϑ₁ = E[gφ'(g)], ϑ₂ = E[(½g³ − g)φ'(g)] (4). Let α ∈ (0, ¼). Suppose n ≳ d^{1+α} and m ≳ d^{1+α} if E[φ(g)] = 0, m ≳ d^{2+α} otherwise. Suppose η₂ ≪ d/log n if E[φ(g)] = 0, η₂ ≪ 1 otherwise, and η₁ = 0. Then there exists a universal constant c > 0 such that with high probability, for all 0 ≤ t ≤ T = c·d log d/η₂ simultaneously, (1/n)Σ_i (f_t²(x_i) − f_t^lin2(x_i))² ≲ d^{−Ω(α)} and E_{x~D}[min{(f_t²(x) − f_t^lin2(x))², 1}] ≲ d^{−Ω(α)}.",
            ClaimKind.Asymptotic,
            F($"ψ₂'s last coordinate is checked to be the second-order Taylor expansion of s ↦ E[φ(sg)] at s = ‖x‖/√d = 1 (what (4)'s ϑ's are for): for softplus (ϑ₂ ≠ 0) the remainder must vanish like |s − 1|³ (fitted exponent ≥ 3). The theorem: α = 0.2, n = ⌈2d^{{1.2}}⌉; ReLU (E[φ(g)] ≠ 0): m ≈ 2d^{{2.2}}, η₂ = ¼, d ≤ {SecondLayerReluMaxD}; erf (E[φ(g)] = 0): m ≈ 2d^{{1.2}}, η₂ = d/(4 log n); c = 1, mean loss, symmetric initialisation; second-layer GD in its exact kernel form; the population term on n fresh test points. The largest gap over t ≤ T must not grow with d (fitted exponent ≤ 0)"),
            scale.Replicates,
            seed =>
            {
                var row = HuSweeps.SecondLayerTheorem(scale.Point(seed), Activation.Erf, 1.0, impl)[0];
                return SweepPoint(F($"erf, d = {row.D}, n = {row.N}, m = {row.M}, T = {row.Steps}: max_t (1/n)‖u − u^lin2‖² = {row.MaxGap:G4}, test {row.MaxTestGap:G4}"), row.MaxGap, double.NaN);
            })
        {
            Evaluate = Evaluator((options, id) =>
            {
                var design = scale.Design(options, id);
                var parts = new List<Outcome>();
                var series = new List<FigureSeries>();
                int count = 0;
                foreach (var act in new[] { Activation.Relu, Activation.Erf })
                {
                    var d = act.Kind == ActivationKind.Relu ? design with { Dims = [.. design.Dims.Where(x => x <= SecondLayerReluMaxD)] } : design;
                    var rows = HuSweeps.SecondLayerTheorem(d, act, 1.0, impl);
                    count += rows.Count;
                    GapFits(act, rows, "train", "test", "f_t² − f_t^lin2", options.Alpha / 5, parts, series);
                }
                parts.Add(NormFeatureTaylor(impl, options.Alpha / 5));
                var c = HuConstants.Of(Activation.Relu, 1.0);
                string note = F($"ReLU: ϑ₀ = {c.Theta0:G6}, ϑ₁ = {c.Theta1:G6}, ϑ₂ = {c.Theta2:G3} (E[φ(g)] ≠ 0); erf: ϑ₀ = ϑ₁ = ϑ₂ = ν = 0, so ψ₂ = (ζx/√d, 0, 0)");
                var figure = new Figure("hu second-layer theorem: network vs f^lin2 for t ≤ T = d log d/η₂", "d", "gap", true, true, series);
                return Combine(parts, count, count, note, figure);
            }),
        };
    }

    /// <summary>
    /// ψ₂'s last coordinate q(s) = ϑ₀ + ϑ₁(s − 1) + ϑ₂(s − 1)² at an input with ‖x‖/√d = s is the second-order
    /// Taylor polynomial of s ↦ E_w[φ(wᵀx/√d)] = E[φ(sg)] at s = 1 (ϑ₁ = E[gφ'(g)] and ϑ₂ = ½E[g²φ''(g)] =
    /// E[(½g³ − g)φ'(g)] by Stein's lemma): the remainder, by quadrature, must vanish like |s − 1|³. Softplus, whose ϑ₂
    /// is not 0; inputs x = (s) in d = 1, s − 1 = ±0.01·2^k.
    /// </summary>
    private static Outcome NormFeatureTaylor(HuImplementation impl, double alpha)
    {
        var act = Activation.Softplus;
        var c = HuConstants.Of(act, 1.0);
        var x = new List<double>();
        var y = new List<double>();
        for (int k = 0; k < 6; k++)
            foreach (double sign in new[] { -1.0, 1.0 })
            {
                double h = sign * 0.01 * Math.Pow(2, k), s = 1 + h;
                double q = impl.Psi2(Mat.FromRows([s]), c)[0, 2];
                x.Add(Math.Abs(h));
                y.Add(Math.Abs(GaussianExpectations.Moments(act, s).Mean - q));
            }
        return Fit(F($"softplus: |E[φ(sg)] − q(s)| vs |s − 1| (ϑ₀ = {c.Theta0:G6}, ϑ₁ = {c.Theta1:G6}, ϑ₂ = {c.Theta2:G6})"), x, y, 3.0, Statistical.Side.AtLeast, alpha);
    }

    // ---------------------------------------------------------------- hu/main-theorem and its corrected form

    public static HuScale MainScale { get; } = new([16, 24, 32, 48, 64, 96], [16, 24, 32, 48, 64, 96, 128, 192], 2);

    /// <summary>η = d/8: well below n/‖K‖ (≈ 1.7d), so that R²/η is a dozen steps or more.</summary>
    public const double MainEtaOverD = 0.125;

    private const string MainStatement =
        "Suppose that the initializations are chosen so that u(0) = u^lin(0) = 0, and that the learning rate satisfies η ≤ n/‖K‖. Suppose that Assumption 1 is satisfied with R²ε < n. Then there exists a universal constant c > 0 such that for all 0 ≤ t ≤ cR²/n: (closeness of predictions) ‖u(t) − u^lin(t)‖ ≲ ηtε/√n; (boundedness of parameter movement) ‖θ(t) − θ(0)‖ ≤ R, ‖ω(t) − ω(0)‖ ≤ R.";

    private const string MainHypotheses =
        "instantiated with the first layer: f = the ReLU net on the training inputs (symmetric initialisation, η₂ = 0), Φ = ψ₁(X), K = Θ^lin1, ω(0) = 0, η = d/8, α = 0.2, n = ⌈2d^{1.2}⌉, m ≈ 2d^{1.2}; R = √(d log d) (the lemma's), with R² halved until R²ε < n holds for the estimated ε (worst ‖J(θ)J(θ')ᵀ − K‖ over activation-flipping constructions in the ball and over trajectory pairs: a lower bound on Assumption 1's ε, so the closeness ratio computed with it is an upper bound on the statement's); c = 1";

    public static readonly Claim MainTheorem = MakeMainTheorem(GradientDescent.Step);

    /// <summary>The general theorem as written (horizon t ≤ cR²/n) with the network's GD step supplied.</summary>
    public static Claim MakeMainTheorem(Func<GdProblem, GdState, GdState> step, HuScale? scale = null)
    {
        scale ??= MainScale;
        return new Claim(
            "hu/main-theorem",
            $"{Seed}, \"Main Theorem - General result\"",
            MainStatement,
            ClaimKind.Asymptotic,
            MainHypotheses + ". As written the horizon is t ≤ cR²/n; here R² ≤ d log d < n, so it contains t = 0 alone, where both conclusions are trivial",
            scale.Replicates,
            seed => MainPoint(seed, scale, step, corrected: false))
        {
            Evaluate = Evaluator((options, id) =>
            {
                var design = scale.Design(options, id);
                // R only shrinks from the lemma's √(d log d), so ⌊R²/n⌋ = 0 is decided before any run
                var horizons = design.Dims.Select(d => (D: d, H: Math.Floor(HuSetting.Radius(d) * HuSetting.Radius(d) / design.Sizes(d, 1 + design.Alpha).N))).ToArray();
                if (horizons.All(h => h.H < 1))
                    return new Outcome(Verdict.Vacuous, design.Dims.Count, 0, double.NaN,
                        "the horizon t ≤ cR²/n (c = 1) is {0} at every size: R²/n = d log d/n ∈ [" + F($"{horizons.Min(h => HuSetting.Radius(h.D) * HuSetting.Radius(h.D) / design.Sizes(h.D, 1 + design.Alpha).N):G3}, {horizons.Max(h => HuSetting.Radius(h.D) * HuSetting.Radius(h.D) / design.Sizes(h.D, 1 + design.Alpha).N):G3}]") +
                        " and R²/n ∝ log d/d^α → 0 as d grows with n ∝ d^{1+α}, so for c = 1 — and for any fixed c at large enough d — the statement as written speaks of t = 0 only. Its proof bounds ‖θ(t−1) − θ(0)‖ ≤ √(t·O(η)) ≤ √(cR²/η·O(η)), i.e. it needs t ≤ cR²/η, and the first-layer theorem's T = c·d log d/η₁ is that horizon with R² = d log d: see hu/main-theorem.corrected");
                return MainEvaluate(design, options, step, corrected: false);
            }),
        };
    }

    public static readonly Claim MainTheoremCorrected = MakeMainTheoremCorrected(GradientDescent.Step);

    /// <summary>The general theorem with the proof's horizon t ≤ cR²/η, with the network's GD step supplied.</summary>
    public static Claim MakeMainTheoremCorrected(Func<GdProblem, GdState, GdState> step, HuScale? scale = null)
    {
        scale ??= MainScale;
        return new Claim(
            "hu/main-theorem.corrected",
            $"{Seed}, \"Main Theorem - General result\" and its proof (Step 1)",
            MainStatement.Replace("for all 0 ≤ t ≤ cR²/n", "for all 0 ≤ t ≤ cR²/η", StringComparison.Ordinal) +
            " [Changed: the horizon cR²/n is cR²/η. The proof's Step 1 ends with ‖θ(t−1) − θ(0)‖ ≤ √(t·O(η)) ≤ √(cR²/η·O(η)) and uses ηtε ≤ R²ε < n, both of which need t ≤ cR²/η; with R = √(d log d) this is the first-layer theorem's T = c·d log d/η₁.]",
            ClaimKind.Asymptotic,
            MainHypotheses + ". Both conclusions carry an unspecified universal constant (≲, and c), so the check is that max_{t ≤ R²/η} ‖u(t) − u^lin(t)‖·√n/(ηtε) and max_{t ≤ R²/η} ‖θ(t) − θ(0)‖/R, ‖ω(t) − ω(0)‖/R do not grow with d (fitted exponent ≤ 0)",
            scale.Replicates,
            seed => MainPoint(seed, scale, step, corrected: true))
        {
            Evaluate = Evaluator((options, id) => MainEvaluate(scale.Design(options, id), options, step, corrected: true)),
        };
    }

    private static Evidence MainPoint(ulong seed, HuScale scale, Func<GdProblem, GdState, GdState> step, bool corrected)
    {
        var row = HuSweeps.MainTheorem(scale.Point(seed), MainEtaOverD, step)[0];
        if (!row.HypothesisHeld)
            return Evidence.HypothesisFailed(F($"d = {row.D}: η ≤ n/‖K‖ or R²ε < n fails (R = {row.Radius:G4}, ε ≥ {row.Epsilon:G4}, n = {row.N})"));
        return SweepPoint(F($"d = {row.D}, n = {row.N}, R = {row.Radius:G4}, ε ≥ {row.Epsilon:G4}, horizon {(corrected ? row.HorizonCorrected : row.HorizonAsWritten)}: closeness ratio {(corrected ? row.Ratio : row.RatioAsWritten):G4}, movement/R {row.Movement:G4}, linear movement/R {row.LinMovement:G4}"),
            corrected ? row.Ratio : row.RatioAsWritten, double.NaN);
    }

    private static Outcome MainEvaluate(HuSweepDesign design, ClaimRunOptions options, Func<GdProblem, GdState, GdState> step, bool corrected)
    {
        var all = HuSweeps.MainTheorem(design, MainEtaOverD, step);
        var rows = all.Where(r => r.HypothesisHeld && (corrected ? r.HorizonCorrected : r.HorizonAsWritten) >= 1).ToArray();
        string table = string.Join("; ", all.Select(r => F($"d = {r.D}: R = {r.Radius:G3} (R² halved {r.Halvings}×), ε ≥ {r.Epsilon:G3}, R²ε/n = {r.Radius * r.Radius * r.Epsilon / r.N:G3}, ‖K‖ = {r.KNorm:G3}, horizon {(corrected ? r.HorizonCorrected : r.HorizonAsWritten)}, closeness ratio {(corrected ? r.Ratio : r.RatioAsWritten):G3}, movement/R {r.Movement:G3}, linear {r.LinMovement:G3}")));
        if (rows.Length < 3)
            return new Outcome(Verdict.Vacuous, all.Count, rows.Length, double.NaN,
                F($"the hypotheses (η ≤ n/‖K‖, R²ε < n, a non-empty horizon) held at {rows.Length} of {all.Count} sizes: too few to fit; ") + table);
        var dx = rows.Select(r => (double)r.D).ToArray();
        double a = options.Alpha / 3;
        var parts = new[]
        {
            Fit("closeness: max_t ‖u(t) − u^lin(t)‖·√n/(ηtε) vs d", dx, [.. rows.Select(r => corrected ? r.Ratio : r.RatioAsWritten)], 0.0, Statistical.Side.AtMost, a),
            Fit("movement: max_t ‖θ(t) − θ(0)‖/R vs d", dx, [.. rows.Select(r => r.Movement)], 0.0, Statistical.Side.AtMost, a),
            Fit("movement: max_t ‖ω(t) − ω(0)‖/R vs d", dx, [.. rows.Select(r => r.LinMovement)], 0.0, Statistical.Side.AtMost, a),
        };
        var figure = new Figure("hu general theorem on the first layer (t ≤ R²/η)", "d", "ratio", true, true,
        [
            Series("max ‖u − u^lin‖·√n/(ηtε)", rows, r => r.D, r => corrected ? r.Ratio : r.RatioAsWritten),
            Series("max ‖θ(t) − θ(0)‖/R", rows, r => r.D, r => r.Movement),
            Series("max ‖ω(t) − ω(0)‖/R", rows, r => r.D, r => r.LinMovement),
        ]);
        string note = F($"with c = 1 the movement stayed ≤ R at {rows.Count(r => r.Movement <= 1 && r.LinMovement <= 1)}/{rows.Length} sizes; ") + table;
        return Combine(parts, all.Count, rows.Length, note, figure);
    }

    // ---------------------------------------------------------------- hu/erf-experiment

    public static readonly Claim ErfExperiment = MakeErfExperiment(HuImplementation.Reference);

    /// <summary>How close "agree" is: the training and test losses within this fraction of the linear model's total decrease up to t_e.</summary>
    public const double AgreementTolerance = 0.15;

    /// <summary>How much the curves must part: the final training-loss discrepancy at least this multiple of the early one.</summary>
    public const double PartingFactor = 1.5;

    /// <summary>hu's erf experiment with the linear models, the step and the linear loss supplied.</summary>
    public static Claim MakeErfExperiment(HuImplementation impl, HuErfConfig? config = null) => new(
        "hu/erf-experiment",
        $"{Seed}, \"Things I didn't cover that are in the paper\": experiments",
        "Experiments: two-layer neural network with erf activation and width 256 on synthetic data generated [from a Gaussian]: the network trained on the first layer, the second layer and both is tracked by the linear models f^lin1, f^lin2 and their sum early in training, and they part later.",
        ClaimKind.Experiment,
        F($"erf, width 256, x ~ N(0, Σ) with Σ = diag(½, …, ½, 3/2, …, 3/2), labels sign(z₁ + z₂z₃), mean loss, symmetric initialisation, η₁ = η₂ = ½·n/‖Θ^lin1 + Θ^lin2‖. Per run, with ΔL the linear model's total training-loss decrease and t_e the step where it has made 90% of it: the curves agree when |L_net − L_lin| ≤ {AgreementTolerance}·ΔL on the training and test sets for t ≤ t_e (required of all three runs), and part when the network ends below the linear model with a training discrepancy at least {PartingFactor}× the early one (required of the runs that train the first layer: with W frozen the network is a random-features model with a fixed kernel, which leaves f^lin2 only as fast as its finite-width kernel lets it fit the training set — reported, not required)"),
        1,
        seed =>
        {
            var cfg = (config ?? HuErfConfig.Default) with { Seed = seed };
            var r = HuErf.Run(cfg, impl);
            return Evidence.All([.. r.Summaries.Select(ErfEvidence)]);
        })
    {
        Evaluate = (claim, options, progress) =>
        {
            var cfg = (config ?? (options.Long ? HuErfConfig.Long : HuErfConfig.Default)) with { Seed = claim.InstanceSeed(options.Seed, 0) };
            var r = HuErf.Run(cfg, impl);
            progress?.Invoke(1, 1);
            var evidence = r.Summaries.Select(ErfEvidence).ToArray();
            bool ok = evidence.All(e => e.Margin >= 0);
            var series = new List<FigureSeries>();
            foreach (var layers in new[] { Layers.First, Layers.Second, Layers.Both })
            {
                var rows = r.Rows.Where(x => x.Layers == layers && x.Step > 0).ToArray();
                series.Add(new FigureSeries($"{layers.Name()}: network", [.. rows.Select(x => (double)x.Step)], [.. rows.Select(x => x.NetLoss)]));
                series.Add(new FigureSeries($"{layers.Name()}: linear model", [.. rows.Select(x => (double)x.Step)], [.. rows.Select(x => x.LinLoss)]));
            }
            var figure = new Figure(F($"hu erf experiment (d = {cfg.D}, n = {cfg.N}, m = {cfg.Width}): training loss"), "step", "(1/2n)‖u − y‖²", true, true, series);
            return new Outcome(ok ? Verdict.Reproduced : Verdict.NotReproduced, 1, 1, evidence.Min(e => e.Margin),
                F($"d = {cfg.D}, n = {cfg.N}, width {cfg.Width}, {cfg.Steps} steps, η = {r.Eta:G4}; ") + string.Join("; ", evidence.Select(e => e.Details)),
                ok ? null : claim.InstanceSeed(options.Seed, 0)) { Figure = figure };
        },
    };

    /// <summary>One run of the erf experiment read against the claim: agreement up to t_e, and parting where it is required.</summary>
    public static Evidence ErfEvidence(HuErfSummary s)
    {
        double agree = AgreementTolerance - Math.Max(s.EarlyDiscrepancy, s.EarlyTestDiscrepancy);
        double part = s.NetBelowLinear ? s.FinalDiscrepancy - PartingFactor * s.EarlyDiscrepancy : -1;
        bool partingRequired = s.Layers.TrainsFirst();
        return new Evidence(Math.Max(s.EarlyDiscrepancy, s.EarlyTestDiscrepancy), s.FinalDiscrepancy, partingRequired ? Math.Min(agree, part) : agree, true,
            F($"{s.Layers.Name()}: up to t_e = {s.EarlyStep} |ΔL| ≤ {s.EarlyDiscrepancy:P1} (train), {s.EarlyTestDiscrepancy:P1} (test) of the linear decrease {s.Decrease:G3}; at the end {s.FinalDiscrepancy:P1}, network {(s.NetBelowLinear ? "below" : "not below")} the linear model{(partingRequired ? "" : part >= 0 ? " (parted)" : " (still together: not required)")}; prediction gap {s.EarlyGap:G3} → {s.FinalGap:G3}"));
    }

    /// <summary>The claims of this file, in catalog order.</summary>
    public static IReadOnlyList<Claim> All =>
    [
        DataConcentration,
        DistanceKernels,
        JacobianPerturbation,
        Assumption1,
        TheoremFirstLayer,
        LinearModel2,
        MainTheorem,
        MainTheoremCorrected,
        ErfExperiment,
    ];
}
