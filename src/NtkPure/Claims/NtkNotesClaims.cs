using NtkPure.Dynamics;
using NtkPure.Kernels;
using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Claims;

/// <summary>
/// ntk-notes (000_05b4cf12fef257a5.txt): DZPS19 and Song–Yang 19 on two-layer ReLU networks, f(W, x, a) =
/// (1/√m) Σ_r a_r φ(w_rᵀx), the sum loss, GD on W.
/// </summary>
public static class NtkNotesClaims
{
    private static string F(FormattableString s) => FormattableString.Invariant(s);

    private const string Seed = "ntk-notes";

    // Radii where a binomial test has power: the bound exceeds the exact erf(R/√2) by 0.016, 0.054 and 0.19.
    // (For small R the bound is tight to O(R³) and no feasible sample separates them; the exact values are
    // reported for every R instead.)
    private static readonly double[] Eq6Radii = [0.5, 0.8, 1.2];

    /// <summary>The radii R at which eq. (6) is tested, each with its own binomial test.</summary>
    public static IReadOnlyList<double> Eq6TestedRadii => Eq6Radii;

    /// <summary>
    /// Whether some u with ‖u − w̃‖ ≤ R has 1{xᵀu ≥ 0} ≠ 1{xᵀw̃ ≥ 0}, decided by the extreme point of the ball in
    /// the direction that moves xᵀu towards the other side: u = w̃ ∓ R·x/‖x‖ (xᵀu ranges over [xᵀw̃ − R‖x‖, xᵀw̃ + R‖x‖]).
    /// </summary>
    public static bool EventA(ReadOnlySpan<double> wTilde, ReadOnlySpan<double> x, double radius) => Experiments.Lemma2Tightness.EventA(wTilde, x, radius);

    /// <summary>ntk-notes §1.2: A_{i,r} happens iff |w̃_rᵀx_i| &lt; R, with an injectable right-hand side.</summary>
    public static Claim MakeEventA(Func<double, double, bool> statedCondition) => new(
        "ntk-notes/event-A",
        $"{Seed} §1.2, the event A_{{i,r}} (before eq. (6))",
        "A_{i,r} = {∃u: ‖u − w̃_r‖₂ ≤ R, 1{x_iᵀw̃_r ≥ 0} ≠ 1{x_iᵀu ≥ 0}}. Note this event happens if and only if |w̃_rᵀx_i| < R.",
        ClaimKind.Identity,
        "‖x_i‖ = 1; the instances include the boundary w̃_rᵀx_i = ±R, built with exact arithmetic",
        400,
        seed =>
        {
            var rng = new Rng(seed);
            int d = Instances.Between(ref rng, 1, 6);
            double radius = 0.5 * rng.NextDouble() + 0.01;
            var x = new double[d];
            var w = new double[d];
            int kind = rng.NextInt(4);
            if (kind < 2)
            {
                // the boundary, exactly representable: x = e_k, w̃_k = ±R with R dyadic
                radius = (1 + rng.NextInt(63)) / 64.0;
                int k = rng.NextInt(d);
                x[k] = 1;
                rng.FillGaussian(w);
                w[k] = kind == 0 ? radius : -radius;
            }
            else
            {
                rng.FillSphere(x);
                rng.FillGaussian(w);
            }
            double dot = Blas.Dot(w, x);
            bool happens = EventA(w, x, radius), stated = statedCondition(dot, radius);
            return new Evidence(happens ? 1 : 0, stated ? 1 : 0, happens == stated ? 1 : -1, true,
                F($"w̃ᵀx = {dot:R}, R = {radius:R}: A happens = {happens}, |w̃ᵀx| < R = {stated}"));
        });

    public static readonly Claim EventAClaim = MakeEventA((dot, r) => Math.Abs(dot) < r);

    /// <summary>The corrected form: the ball is closed, so A happens iff −R ≤ w̃ᵀx &lt; R.</summary>
    public static readonly Claim EventACorrected = MakeEventA((dot, r) => -r <= dot && dot < r) with
    {
        Id = "ntk-notes/event-A.corrected",
        Statement = "A_{i,r} happens iff −R ≤ w̃_rᵀx_i < R (the ball ‖u − w̃_r‖ ≤ R is closed and the indicator is 1{· ≥ 0}, so the lower end is attained: at w̃_rᵀx_i = −R the point u = w̃_r + R·x_i has x_iᵀu = 0 ≥ 0). Differs from the stated form only on a null set, so eq. (6) is unaffected.",
    };

    public static readonly Claim Eq6Anticoncentration = MakeEq6(r => 2 * r / Math.Sqrt(2 * Math.PI));

    /// <summary>Eq. (6) with the bound δ(R) supplied.</summary>
    public static Claim MakeEq6(Func<double, double> bound) => new(
        "ntk-notes/eq6-anticoncentration",
        $"{Seed} §1.2, eq. (6)",
        "Pr[A_{i,r}] = Pr_{z~N(0,1)}[|z| < R] ≤ 2R/√(2π)",
        ClaimKind.Probabilistic,
        "w̃_r ~ N(0, I_d), ‖x_i‖ = 1; R ∈ {0.5, 0.8, 1.2} (for R ≥ √(π/2) the bound exceeds 1)",
        20000,
        seed =>
        {
            // One trial: draw w̃ and x, decide A by the ball's extreme point (not by |w̃ᵀx| < R).
            var rng = new Rng(seed);
            int d = Instances.Between(ref rng, 1, 8);
            var x = new double[d];
            var w = new double[d];
            rng.FillSphere(x);
            rng.FillGaussian(w);
            bool happens = EventA(w, x, Eq6Radius(seed));
            return new Evidence(happens ? 1 : 0, 0, happens ? -1 : 1, true, F($"d = {d}, A = {happens}"));
        })
    {
        Evaluate = (claim, options, progress) =>
        {
            // Each R is its own binomial test against δ(R) = 2R/√(2π); the claim is as strong as its weakest R.
            var outcomes = new List<Outcome>();
            foreach (var r in Eq6Radii)
            {
                var sub = claim with { Id = claim.Id + F($"/R={r}"), Check = s => claim.Check(Eq6Seed(s, r)) };
                outcomes.Add(Statistical.Probabilistic(sub, options with { Alpha = options.Alpha / Eq6Radii.Length }, bound(r), progress));
            }
            var worst = outcomes.OrderBy(o => Rank(o.Verdict)).ThenBy(o => o.WorstMargin).First();
            var exact = string.Join("; ", Eq6Radii.Select(r => F($"R = {r}: exact Pr = erf(R/√2) = {MathNet.Numerics.SpecialFunctions.Erf(r / Math.Sqrt(2)):G4} vs 2R/√(2π) = {2 * r / Math.Sqrt(2 * Math.PI):G4}")));
            return worst with
            {
                Instances = outcomes.Sum(o => o.Instances),
                HypothesisHeld = outcomes.Sum(o => o.HypothesisHeld),
                Details = string.Join(" | ", outcomes.Select((o, k) => F($"R = {Eq6Radii[k]}: {o.Verdict}, {o.Details}"))) + " | " + exact,
            };
        },
    };

    // The radius travels inside the instance seed (low two bits), so a replayed counterexample has its R.
    private static ulong Eq6Seed(ulong s, double r) => (s & ~3UL) | (uint)Array.IndexOf(Eq6Radii, r);

    private static double Eq6Radius(ulong seed) => Eq6Radii[(int)(seed & 3)];

    /// <summary>Orders verdicts from the one that should decide a compound claim (worst first).</summary>
    internal static int Rank(Verdict v) =>
        v switch
        {
            Verdict.Error => 0,
            Verdict.Refuted => 1,
            Verdict.Inconsistent => 2,
            Verdict.NotReproduced => 3,
            Verdict.Inconclusive => 4,
            Verdict.Vacuous => 5,
            _ => 6,
        };

    public static readonly Claim Eq8StepSize = MakeEq8((lambda, n) => (lambda / (4.0 * n * n), lambda / (64.0 * n)));

    /// <summary>The claims of this class, in catalog order.</summary>
    public static IReadOnlyList<Claim> All => [EventAClaim, EventACorrected, Eq6Anticoncentration, Eq8StepSize];

    /// <summary>Eq. (8) with the choice (λ, n) ↦ (η, R) supplied.</summary>
    public static Claim MakeEq8(Func<double, int, (double Eta, double R)> choice) => new(
        "ntk-notes/eq8-step-size",
        $"{Seed} §1.5, \"Choice of η and R\", eq. (8)",
        "If we set η = λ/(4n²) and R = λ/(64n), we have 8ηnR + 8ηnR = 16ηnR ≤ ηλ/4, and η²n² ≤ ηλ/4; this implies (1 − ηλ + 8ηnR + 8ηnR + η²n²) ≤ (1 − ηλ/2)",
        ClaimKind.Inequality,
        "λ > 0, n ≥ 1 (both inequalities are equalities in exact arithmetic: the check allows a few roundings)",
        500,
        seed =>
        {
            var rng = new Rng(seed);
            int n = Instances.Between(ref rng, 1, 10_000);
            double lambda = Math.Pow(10, -6 + 6 * rng.NextDouble());
            var (eta, r) = choice(lambda, n);
            double a = 16 * eta * n * r, b = eta * lambda / 4, c = eta * eta * n * n;
            double slack = 8 * Tolerance.Epsilon * b;
            double lhs8 = 1 - eta * lambda + 16 * eta * n * r + c, rhs8 = 1 - eta * lambda / 2;
            return Evidence.All(
                Evidence.AtMost(a, b, slack, F($"16ηnR = {a:R}, ηλ/4 = {b:R}")),
                Evidence.AtMost(c, b, slack, F($"η²n² = {c:R}")),
                Evidence.AtMost(lhs8, rhs8, 8 * Tolerance.Epsilon, F($"(8): {lhs8:R} ≤ {rhs8:R}")));
        });
}

/// <summary>ntk-notes §1.5–1.6: Theorem 7 and the links of its proof, evaluated along GD runs.</summary>
public static class NtkNotesProofClaims
{
    private static string F(FormattableString s) => FormattableString.Invariant(s);

    /// <summary>A GD run in the setting of Theorem 7 with the proof's choices η = λ/(4n²), R = λ/(64n).</summary>
    public sealed record Run(Dataset Data, TwoLayerNet Net0, double Lambda, double Eta, double Radius, IReadOnlyList<Experiments.ProofStep> Trace);

    /// <summary>
    /// A small instance (n ≤ 6, d ≤ 5, m ≤ 256) run for up to 30 steps with η = λ/(4n²)·etaFactor and
    /// R = λ/(64n)·radiusFactor; the factors let checks probe links away from the proof's exact choices.
    /// </summary>
    public static Run Small(ulong seed, double etaFactor = 1, double radiusFactor = 1)
    {
        var (data, net) = Instances.NtkNotes(seed, maxN: 6, maxD: 5, maxM: 256);
        double lambda = Spectral.MinEigenvalue(InfiniteWidth.Hinf(data.X));
        var rng = new Rng(Rng.Derive(seed, "steps"));
        int steps = Instances.Between(ref rng, 1, 30);
        double eta = etaFactor * lambda / (4.0 * data.N * data.N), radius = radiusFactor * lambda / (64.0 * data.N);
        return new Run(data, net, lambda, eta, radius, Experiments.NtkNotesProof.Trace(data, net, eta, radius, lambda, steps));
    }

    private static double Slack(Run run) => 64 * run.Net0.Width * run.Data.N * run.Data.D * Tolerance.Epsilon;

    /// <summary>Lemma 8 with the radius D(n, m, λ, ‖y − u(0)‖) supplied.</summary>
    public static Claim MakeLemma8(Func<int, int, double, double, double> radius, string id, string statement) => new(
        id,
        "ntk-notes §1.5, Lemma 8 (Corollary 4.1 in DZPS19)",
        statement,
        ClaimKind.Conditional,
        "eq. (7) holds for i = 0, …, k (checked at every step of the run)",
        80,
        seed =>
        {
            // steps up to 40·(the proof's η) so that (7) sometimes fails and the movement is not tiny
            var rng = new Rng(Rng.Derive(seed, "eta"));
            var run = Small(seed, etaFactor: Math.Pow(10, 2 * rng.NextDouble()), radiusFactor: 1);
            int n = run.Data.N, m = run.Net0.Width;
            double r0 = Math.Sqrt(run.Trace[0].Residual2);
            double d = radius(n, m, run.Lambda, r0);
            Evidence? worst = null;
            foreach (var st in run.Trace)
            {
                if (!st.Holds7UpToK)
                    break;
                var e = Evidence.AtMost(st.MaxMove, d, Slack(run) * d, F($"k = {st.K}: max_r ‖w_r(k+1) − w_r(0)‖ = {st.MaxMove:G6} vs D = {d:G6} (n = {n}, m = {m}, λ = {run.Lambda:G4})"));
                if (worst is null || e.Margin < worst.Margin)
                    worst = e;
            }
            return worst ?? Evidence.HypothesisFailed("(7) failed at k = 0");
        });

    public static readonly Claim Lemma8 = MakeLemma8(
        (n, m, lambda, r0) => 4 * Math.Sqrt(n) * r0 / (Math.Sqrt(m) * lambda),
        "ntk-notes/lemma-8",
        "If Eq. (7) holds for i = 0, …, k, then for all r ∈ [m], ‖w_r(k+1) − w_r(0)‖₂ ≤ 4√n‖y − u(0)‖₂/(√m λ) := D (the form of D in §1.5 and CLAIMS.md)");

    /// <summary>Lemma 8 exactly as printed in its statement: √(mλ) in the denominator.</summary>
    public static readonly Claim Lemma8AsPrinted = MakeLemma8(
        (n, m, lambda, r0) => 4 * Math.Sqrt(n) * r0 / Math.Sqrt(m * lambda),
        "ntk-notes/lemma-8.as-printed",
        "If Eq. (7) holds for i = 0, …, k, then for all r ∈ [m], ‖w_r(k+1) − w_r(0)‖₂ ≤ 4√n‖y − u(0)‖₂/√(mλ) := D (Lemma 8's statement as printed; §1.5 writes √m·λ)");

    /// <summary>Claim 9 with the decomposition's right-hand side perturbed by a factor on C4 (1 = as stated).</summary>
    public static Claim MakeClaim9(double c4Factor = 1) => new(
        "ntk-notes/claim-9",
        "ntk-notes §1.5, Claim 9",
        "‖y − u(k+1)‖₂² = ‖y − u(k)‖₂² + C1 + C2 + C3 + C4, with C1 = −2η(y − u(k))ᵀH(k)(y − u(k)), C2 = 2η(y − u(k))ᵀH(k)^⊥(y − u(k)), C3 = −2(y − u(k))ᵀv₂, C4 = ‖u(k+1) − u(k)‖₂²",
        ClaimKind.Identity,
        "the identity needs the activation pattern of every r ∈ S_i to be the same at w_r(k) and w_r(k+1): true when both lie in the R-ball around w_r(0) (checked; steps where they do not are not counted)",
        80,
        seed =>
        {
            // R between 0.1 and 10 times the proof's, so the hypothesis holds on some steps and fails on others
            var rng = new Rng(Rng.Derive(seed, "radius"));
            var run = Small(seed, etaFactor: Math.Pow(10, 1.5 * rng.NextDouble()), radiusFactor: Math.Pow(10, 2 * rng.NextDouble() - 1));
            Evidence? worst = null;
            foreach (var st in run.Trace)
            {
                if (!st.InBall)
                    continue;
                double gap = Math.Abs(st.Claim9Gap + (c4Factor - 1) * st.C4 * Math.Sign(st.Claim9Gap == 0 ? 1 : st.Claim9Gap));
                var e = new Evidence(st.NextResidual2, st.NextResidual2 - gap, st.Claim9Tolerance - gap, true,
                    F($"k = {st.K}: |‖y − u(k+1)‖² − (‖y − u(k)‖² + C1 + C2 + C3 + C4)| = {gap:G3}; C1..C4 = {st.C1:G4}, {st.C2:G4}, {st.C3:G4}, {st.C4:G4}"));
                if (worst is null || e.Margin < worst.Margin)
                    worst = e;
            }
            return worst ?? Evidence.HypothesisFailed("the weights left the R-ball at every step");
        });

    public static readonly Claim Claim9 = MakeClaim9();

    /// <summary>Claim 14 with the bound's factor supplied (1 = as stated).</summary>
    public static Claim MakeClaim14(double factor = 1) => new(
        "ntk-notes/claim-14",
        "ntk-notes §1.6, Claim 14",
        "C4 = ‖u(k+1) − u(k)‖₂² ≤ η²n²‖y − u(k)‖₂²",
        ClaimKind.Inequality,
        "unit inputs, a_r ∈ {±1}, ReLU (1-Lipschitz): the notes' setting; any step size",
        80,
        seed =>
        {
            var rng = new Rng(Rng.Derive(seed, "eta"));
            var run = Small(seed, etaFactor: Math.Pow(10, 3 * rng.NextDouble()));
            int n = run.Data.N;
            Evidence? worst = null;
            foreach (var st in run.Trace)
            {
                double bound = factor * run.Eta * run.Eta * n * n * st.Residual2;
                var e = Evidence.AtMost(st.C4, bound, Slack(run) * bound, F($"k = {st.K}: C4 = {st.C4:G6} vs η²n²‖y − u(k)‖² = {bound:G6}"));
                if (worst is null || e.Margin < worst.Margin)
                    worst = e;
            }
            return worst!;
        });

    public static readonly Claim Claim14 = MakeClaim14();

    /// <summary>
    /// The fixed well-conditioned instance of the probabilistic checks: n = 3 orthonormal inputs in d = 4 (so
    /// H^cts = ½I and λ = ½ exactly), Gaussian labels; the randomness of a trial is the initialisation only.
    /// </summary>
    public static Dataset FixedData()
    {
        var x = Mat.FromRows([1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]);
        return new Dataset(x, Datasets.Labels(LabelKind.Gaussian, 3, 20261124));
    }

    public const double FixedLambda = 0.5;

    private const int Theorem7Width = 8_192;

    /// <summary>The proof's trace for one initialisation of width m on <see cref="FixedData"/>, η = λ/(4n²), R = λ/(64n).</summary>
    public static IReadOnlyList<Experiments.ProofStep> FixedTrace(ulong seed, int m, int steps, bool decomposition = true)
    {
        var data = FixedData();
        int n = data.N;
        var net = Initialization.Net(InitScheme.Dzps, m, data.D, seed, Activation.Relu, OutputScaling.Ntk);
        double eta = FixedLambda / (4.0 * n * n), radius = FixedLambda / (64.0 * n);
        return Experiments.NtkNotesProof.Trace(data, net, eta, radius, FixedLambda, steps, decomposition);
    }

    /// <summary>
    /// A per-step bound of the proof as a probabilistic claim: a trial is one initialisation of width m, and it
    /// fails if the bound fails at some step k at which (7) has held so far. δ is the statement's, at these sizes.
    /// </summary>
    private static Claim StepBound(string id, string source, string statement, int width, bool decomposition, Func<int, double, double> delta,
        Func<Experiments.ProofStep, double, double, int, double> lhs, Func<Experiments.ProofStep, double, double, int, double> rhs) =>
        new Claim(id, source, statement, ClaimKind.Probabilistic,
            FormattableString.Invariant($"the notes' setting on n = 3 orthonormal inputs (λ = ½), m = {width}, η = λ/(4n²), R = λ/(64n), 25 steps; steps after (7) first fails are not counted"),
            40,
            seed =>
            {
                var trace = FixedTrace(seed, width, 25, decomposition);
                double eta = FixedLambda / 36.0, radius = FixedLambda / 192.0;
                Evidence? worst = null;
                foreach (var st in trace)
                {
                    if (!st.Holds7UpToK)
                        break;
                    double a = lhs(st, eta, radius, 3), b = rhs(st, eta, radius, 3);
                    var e = Evidence.AtMost(a, b, 64 * width * 3 * 4 * Tolerance.Epsilon * st.Residual2, FormattableString.Invariant($"k = {st.K}: {a:G6} ≤ {b:G6}"));
                    if (worst is null || e.Margin < worst.Margin)
                        worst = e;
                }
                return worst ?? Evidence.HypothesisFailed("(7) failed at k = 0");
            })
        {
            Evaluate = (claim, options, progress) => Statistical.Probabilistic(claim, options, delta(width, FixedLambda / 192.0), progress),
        };

    // Widths where the claimed failure probability is about 0.2: small enough to mean something, large enough
    // that 40 trials can show it (a δ of 1e-15 could never be confirmed by sampling).
    /// <summary>Claim 11 with the bound's factor supplied (1 = as stated: C1 ≤ −1·ηλ‖y − u(k)‖²).</summary>
    public static Claim MakeClaim11(double factor = 1) => StepBound("ntk-notes/claim-11", "ntk-notes §1.6, Claim 11",
        "C1 = −2η(y − u(k))ᵀH(k)(y − u(k)) ≤ −ηλ‖y − u(k)‖₂² with probability at least 1 − n²·exp(−mR/10)",
        14_000, false, (m, r) => 9 * Math.Exp(-m * r / 10), (st, eta, r, n) => st.C1, (st, eta, r, n) => -factor * eta * FixedLambda * st.Residual2);

    /// <summary>Claims 12 and 13 with the bound's factor supplied (8 = as stated).</summary>
    public static Claim MakeClaim12(double factor = 8) => StepBound("ntk-notes/claim-12", "ntk-notes §1.6, Claim 12",
        "C2 = 2η(y − u(k))ᵀH(k)^⊥(y − u(k)) ≤ 8ηnR‖y − u(k)‖₂² with probability 1 − n·exp(−mR)",
        1_000, true, (m, r) => 3 * Math.Exp(-m * r), (st, eta, r, n) => st.C2, (st, eta, r, n) => factor * eta * n * r * st.Residual2);

    public static Claim MakeClaim13(double factor = 8) => StepBound("ntk-notes/claim-13", "ntk-notes §1.6, Claim 13",
        "C3 = −2(y − u(k))ᵀv₂ ≤ 8ηnR‖y − u(k)‖₂² with probability at least 1 − n·exp(−mR)",
        1_000, true, (m, r) => 3 * Math.Exp(-m * r), (st, eta, r, n) => st.C3, (st, eta, r, n) => factor * eta * n * r * st.Residual2);

    public static readonly Claim Claim11 = MakeClaim11();
    public static readonly Claim Claim12 = MakeClaim12();
    public static readonly Claim Claim13 = MakeClaim13();

    /// <summary>
    /// Theorem 7 on the fixed instance. The statement needs m = Ω(λ⁻⁴n⁴ log(n/δ)); the proof's own constants
    /// (D &lt; R and 3n²exp(−mR/10) ≤ δ) make that concrete. At feasible widths that requirement is not met, so the
    /// verdict is Vacuous and the details give the required width next to the width used and what was observed.
    /// </summary>
    public static readonly Claim Theorem7 = new Claim(
        "ntk-notes/theorem-7",
        "ntk-notes §1.5, Theorem 7 (main result of SY19)",
        "λ = λ_min(H^cts) > 0, m = Ω(λ⁻⁴n⁴ log(n/δ)), w_r ~ N(0, I), a_r ~ Unif{±1}, η = O(λ/n²): with probability at least 1 − δ, for k = 0, 1, 2, …: ‖u(k) − y‖₂² ≤ (1 − ηλ/2)^k·‖u(0) − y‖₂² (7)",
        ClaimKind.Probabilistic,
        "m at least the width the proof requires for δ (checked); η = λ/(4n²); n = 3 orthonormal inputs, 60 steps",
        20,
        seed =>
        {
            // (7) at every step of plain GD: the proof's intermediate quantities are not needed here
            var data = FixedData();
            var net = Initialization.Net(InitScheme.Dzps, Theorem7Width, data.D, seed, Activation.Relu, OutputScaling.Ntk);
            var p = GdProblem.FirstLayer(data, LossKind.Sum, FixedLambda / 36.0);
            var s = GradientDescent.Start(p, net);
            double r0 = (data.Y - s.U).NormSquared(), rate = 1 - FixedLambda * FixedLambda / 72.0, worst = double.PositiveInfinity;
            int worstK = 0;
            for (int k = 0; k <= 60; k++)
            {
                double rk = (data.Y - s.U).NormSquared(), bound = Math.Pow(rate, k) * r0;
                double margin = bound * (1 + 1e-12) - rk;
                if (margin < worst)
                    (worst, worstK) = (margin, k);
                if (k < 60)
                    s = GradientDescent.Step(p, s);
            }
            return new Evidence(worstK, worst, worst, true, FormattableString.Invariant($"closest to the bound at k = {worstK}: margin {worst:G4} (‖u(0) − y‖² = {r0:G4})"));
        })
    {
        Evaluate = (claim, options, progress) =>
        {
            const int width = Theorem7Width;
            const double delta = 0.1;
            var data = FixedData();
            var u0 = Initialization.Net(InitScheme.Dzps, width, data.D, claim.InstanceSeed(options.Seed, 0), Activation.Relu, OutputScaling.Ntk).Predict(data.X);
            double r0 = (data.Y - u0).Norm2();
            var (forD, forP) = Experiments.NtkNotesProof.RequiredWidth(data.N, FixedLambda, r0, delta);
            var observed = Statistical.Probabilistic(claim, options, delta, progress);
            double required = Math.Max(forD, forP);
            string details = FormattableString.Invariant(
                $"required width for δ = {delta}: m ≥ {required:G3} (D < R needs {forD:G3}, 3n²exp(−mR/10) ≤ δ needs {forP:G3}); used m = {width}. Observed at this width: {observed.Details}");
            return width >= required
                ? observed with { Details = details }
                : new Outcome(Verdict.Vacuous, observed.Instances, 0, double.NaN, "the width hypothesis cannot be met at feasible sizes; " + details);
        },
    };

    public static IReadOnlyList<Claim> All => [Lemma8, Lemma8AsPrinted, Claim9, Claim11, Claim12, Claim13, Claim14, Theorem7];
}

/// <summary>ntk-notes Lemmas 1, 2, 5, 6, Claim 10 and the over-parameterisation size.</summary>
public static class NtkNotesKernelClaims
{
    private static string F(FormattableString s) => FormattableString.Invariant(s);

    /// <summary>Sphere data (n = 6, d = 12: well spread, so λ is not tiny) fixed by the run seed; λ = λ_min(H^cts).</summary>
    private static (Mat X, Mat Hcts, double Lambda) Lemma1Data(ulong seed)
    {
        var x = Datasets.Inputs(InputDistribution.Sphere, 6, 12, Rng.Derive(seed, "lemma-1/data"));
        var h = InfiniteWidth.Hinf(x);
        return (x, h, Spectral.MinEigenvalue(h));
    }

    /// <summary>
    /// Lemma 1 (DZPS Lemma 3.1) with H^dis supplied. Asymptotic part: over m = 64 … 8192 the mean ‖H^dis − H^cts‖_F
    /// must fall like m^{−1/2} (the rate behind m = Ω(λ⁻²n² log(n/δ))); the width at which it reaches λ/4 is reported
    /// with the implied constant. Conditional part (Weyl): every draw with ‖H^dis − H^cts‖_F ≤ λ/4 must have
    /// λ_min(H^dis) ≥ 3λ/4. The smallest eigenvalue used for that step is supplied too (by default
    /// <see cref="Spectral.MinEigenvalue"/>): Weyl makes the step hold for every symmetric H^dis, so only a wrong
    /// eigenvalue can fail it.
    /// </summary>
    public static Claim MakeLemma1(Func<Mat, Mat, Mat> hdis, Func<Mat, double>? minEigenvalue = null) => new Claim(
        "ntk-notes/lemma-1",
        "ntk-notes §1.2, Lemma 1 (Lemma 3.1 in DZPS19)",
        "Let λ = λ_min(H^cts). If m = Ω(λ⁻²n² log(n/δ)), then ‖H^dis − H^cts‖_F ≤ λ/4 and λ_min(H^dis) ≥ 3λ/4 hold with probability at least 1 − δ",
        ClaimKind.Asymptotic,
        "n = 6 points on S¹¹ (fixed by the run seed), w_r ~ N(0, I)",
        8,
        seed =>
        {
            var (x, hcts, lambda) = Lemma1Data(0);
            var w = Initialization.Draw(InitScheme.Dzps, 4096, x.Cols, seed).W;
            var h = hdis(w, x);
            double err = (h - hcts).FrobeniusNorm();
            if (err > lambda / 4)
                return Evidence.HypothesisFailed(F($"‖H^dis − H^cts‖_F = {err:G4} > λ/4 at m = 4096"));
            double lmin = (minEigenvalue ?? Spectral.MinEigenvalue)(h);
            return Evidence.AtMost(0.75 * lambda, lmin, 64 * Tolerance.Epsilon, F($"λ_min(H^dis) = {lmin:G6} ≥ 3λ/4 = {0.75 * lambda:G6}"));
        })
    {
        Evaluate = (claim, options, progress) =>
        {
            var (x, hcts, lambda) = Lemma1Data(options.Seed);
            int reps = options.Long ? 32 : 8;
            int[] widths = options.Long ? [64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768] : [64, 128, 256, 512, 1024, 2048, 4096, 8192];
            var mean = new double[widths.Length];
            int held = 0, violated = 0, total = 0;
            ulong? counterexample = null;
            for (int a = 0; a < widths.Length; a++)
            {
                for (int rep = 0; rep < reps; rep++)
                {
                    ulong s = claim.InstanceSeed(options.Seed, a * 1000 + rep);
                    var w = Initialization.Draw(InitScheme.Dzps, widths[a], x.Cols, s).W;
                    var h = hdis(w, x);
                    double err = (h - hcts).FrobeniusNorm();
                    mean[a] += err / reps;
                    total++;
                    if (err <= lambda / 4)
                    {
                        held++;
                        if ((minEigenvalue ?? Spectral.MinEigenvalue)(h) < 0.75 * lambda - 64 * Tolerance.Epsilon)
                        {
                            violated++;
                            counterexample ??= s;
                        }
                    }
                }
                progress?.Invoke(a + 1, widths.Length);
            }
            var xs = widths.Select(v => (double)v).ToArray();
            var figure = new Figure("Lemma 1: ‖H^dis − H^cts‖_F against the width", "width m", "mean ‖H^dis − H^cts‖_F", true, true,
                [new FigureSeries("measured", xs, mean), new FigureSeries("λ/4", xs, xs.Select(_ => lambda / 4).ToArray())]);
            var fit = Statistics.FitLogLog(xs, mean, 1 - options.Alpha);
            double mStar = Math.Pow(lambda / 4 / fit.Constant, 1 / fit.Slope);
            double scale = Math.Pow(lambda, -2) * 36 * Math.Log(6 / 0.1);
            var o = Statistical.Asymptotic(xs, mean, -0.5, Statistical.Side.Equal, options.Alpha, "mean ‖H^dis − H^cts‖_F vs m", figure);
            string details = o.Details + F($"; λ = {lambda:G4}; the error reaches λ/4 at m ≈ {mStar:G3} = {mStar / scale:G3}·λ⁻²n² log(n/δ) (δ = 0.1); Weyl step: {violated} of {held} draws with ‖·‖_F ≤ λ/4 had λ_min(H^dis) < 3λ/4 ({total} draws)");
            if (violated > 0)
                return new Outcome(Verdict.Refuted, total, held, -1, details, counterexample) { Figure = figure };
            return o with { Instances = total, HypothesisHeld = held, Details = details };
        },
    };

    public static readonly Claim Lemma1 = MakeLemma1(EmpiricalNtk.Definition3);

    /// <summary>
    /// The adversary of Lemma 2: every neuron moves by R in the direction that pushes all of its flippable
    /// activations (|w̃_rᵀx_i| near the boundary, event A_{i,r}) towards the other side at once. Returns W with
    /// ‖w_r − w̃_r‖ ≤ R for every r.
    /// </summary>
    public static Mat WorstCaseInBall(Mat wTilde, Mat x, double radius) => Experiments.Lemma2Tightness.WorstCaseInBall(wTilde, x, radius);

    /// <summary>Lemma 2 with the bound 2nR supplied as a function of (n, R).</summary>
    public static Claim MakeLemma2(Func<int, double, double> bound) => new Claim(
        "ntk-notes/lemma-2",
        "ntk-notes §1.3, Lemma 2 (perturbed w)",
        "Let R ∈ (0, 1), w̃_r i.i.d. N(0, I). For any w_1, …, w_m with ‖w̃_r − w_r‖₂ ≤ R for all r, ‖H(w) − H(w̃)‖_F < 2nR holds with probability at least 1 − n²·exp(−mR/10)",
        ClaimKind.Probabilistic,
        "n = 4 points on S⁵, R = 0.3, m = 150 (δ ≈ 0.19); the w of a trial is the strongest of three constructions in the ball (every flippable activation pushed across at once, or only those switching off, or only those switching on — one-sided flips do not cancel); the proof's bound Σ_ij((1/m)|x_iᵀx_j|·#{r : A_ir ∨ A_jr})², valid for every w in the ball, is reported as a certificate",
        100,
        seed =>
        {
            const int n = 4, m = 150;
            const double radius = 0.3;
            var x = Datasets.Inputs(InputDistribution.Sphere, n, 6, Rng.Derive(seed, "data"));
            var wTilde = Initialization.Draw(InitScheme.Dzps, m, 6, seed).W;
            double diff = Experiments.Lemma2Tightness.StrongestDifference(wTilde, x, radius);
            double cert = Experiments.Lemma2Tightness.Certificate(wTilde, x, radius);
            double b = bound(n, radius);
            return new Evidence(diff, b, b - diff, true, F($"worst case found ‖H(w) − H(w̃)‖_F = {diff:G4}; certificate over the whole ball {cert:G4}; bound 2nR = {b:G4}"));
        })
    {
        Evaluate = (claim, options, progress) => Statistical.Probabilistic(claim, options, 16 * Math.Exp(-150 * 0.3 / 10), progress),
    };

    public static readonly Claim Lemma2 = MakeLemma2((n, r) => 2 * n * r);

    public static readonly Claim Claim10 = new Claim(
        "ntk-notes/claim-10",
        "ntk-notes §1.6, Claim 10",
        "For 0 < δ < 1, ‖y − u(0)‖₂² = O(n log(m/δ) log²(n/δ)) holds with probability at least 1 − δ",
        ClaimKind.Asymptotic,
        "Gaussian labels, points on S⁹, dzps initialisation, m = 512; δ = 0.1 for the reported constant",
        0,
        seed => Evidence.HypothesisFailed("a sweep, not instances"))
    {
        Evaluate = (claim, options, progress) =>
        {
            int[] ns = options.Long ? [4, 8, 16, 32, 64, 128, 256, 512, 1024] : [4, 8, 16, 32, 64, 128, 256];
            const int m = 512, reps = 16;
            const double delta = 0.1;
            var mean = new double[ns.Length];
            double constant = 0;
            for (int a = 0; a < ns.Length; a++)
            {
                double worst = 0;
                for (int rep = 0; rep < reps; rep++)
                {
                    ulong s = claim.InstanceSeed(options.Seed, a * 100 + rep);
                    var data = Datasets.Synthetic(InputDistribution.Sphere, ns[a], 10, s);
                    var net = Initialization.Net(InitScheme.Dzps, m, 10, s, Activation.Relu, OutputScaling.Ntk);
                    double r2 = (data.Y - net.Predict(data.X)).NormSquared();
                    mean[a] += r2 / reps;
                    worst = Math.Max(worst, r2);
                }
                double shape = ns[a] * Math.Log(m / delta) * Math.Pow(Math.Log(ns[a] / delta), 2);
                constant = Math.Max(constant, worst / shape);
                progress?.Invoke(a + 1, ns.Length);
            }
            var xs = ns.Select(v => (double)v).ToArray();
            var figure = new Figure("Claim 10: ‖y − u(0)‖² against n", "n", "mean ‖y − u(0)‖²", true, true,
                [new FigureSeries("measured (16 draws each)", xs, mean), new FigureSeries("1.5·n (E‖y‖² + E‖u(0)‖²)", xs, xs.Select(v => 1.5 * v).ToArray())]);
            var o = Statistical.Asymptotic(xs, mean, 1.0, Statistical.Side.AtMost, options.Alpha, "mean ‖y − u(0)‖² vs n (the claimed bound is n up to log factors)", figure);
            return o with { Details = o.Details + F($"; largest ‖y − u(0)‖²/(n log(m/δ) log²(n/δ)) over all draws = {constant:G3} (δ = {delta}, m = {m})") };
        },
    };

    public static readonly Claim OverParameterization = new Claim(
        "ntk-notes/over-parameterization",
        "ntk-notes §1.5, \"Over-parameterization size, lower bound on m\"",
        "We require D = 4√n‖y − u(0)‖₂/(√m λ) < R = λ/(64n), and 3n²exp(−mR/10) ≤ δ; it is sufficient to choose m = Ω(λ⁻⁴n⁴ log(m/δ) log²(n/δ)) (Theorem 7: m = Ω(λ⁻⁴n⁴ log(n/δ)))",
        ClaimKind.Asymptotic,
        "points on S¹⁹, Gaussian labels, ‖y − u(0)‖ from a dzps initialisation of width 1024; δ = 0.1",
        0,
        seed => Evidence.HypothesisFailed("a sweep, not instances"))
    {
        Evaluate = (claim, options, progress) =>
        {
            int[] ns = [2, 3, 4, 6, 8, 12, 16, 24];
            const double delta = 0.1;
            var required = new double[ns.Length];
            var shape = new double[ns.Length];
            var rows = new List<string>();
            for (int a = 0; a < ns.Length; a++)
            {
                ulong s = claim.InstanceSeed(options.Seed, a);
                var data = Datasets.Synthetic(InputDistribution.Sphere, ns[a], 20, s);
                double lambda = Spectral.MinEigenvalue(InfiniteWidth.Hinf(data.X));
                var net = Initialization.Net(InitScheme.Dzps, 1024, 20, s, Activation.Relu, OutputScaling.Ntk);
                double r0 = (data.Y - net.Predict(data.X)).Norm2();
                var (forD, forP) = Experiments.NtkNotesProof.RequiredWidth(ns[a], lambda, r0, delta);
                required[a] = Math.Max(forD, forP);
                shape[a] = Math.Pow(lambda, -4) * Math.Pow(ns[a], 4) * Math.Log(ns[a] / delta);
                rows.Add(F($"n = {ns[a]}: λ = {lambda:G3}, m ≥ {required[a]:G3}"));
                progress?.Invoke(a + 1, ns.Length);
            }
            var figure = new Figure("Over-parameterisation: the width the proof needs", "λ⁻⁴n⁴ log(n/δ)", "required m", true, true,
                [new FigureSeries("max(D < R, 3n²e^{−mR/10} ≤ δ)", shape, required)]);
            var o = Statistical.Asymptotic(shape, required, 1.0, Statistical.Side.AtMost, options.Alpha, "required m vs λ⁻⁴n⁴ log(n/δ)", figure);
            return o with { Details = o.Details + "; " + string.Join("; ", rows) };
        },
    };

    /// <summary>
    /// Gradient flow of the notes' setting by RK4 on <paramref name="steps"/> steps, returned on every other grid point, with
    /// the largest difference from the half-resolution solution there as its error estimate. ReLU makes the right-hand side
    /// discontinuous, so RK4 converges at low order; the estimate (not an assumption of smallness) goes into every
    /// comparison's slack.
    /// </summary>
    private static (Dataset Data, TwoLayerNet Net0, double Lambda, OdeSolution Flow) FlowRun(Dataset data, int m, ulong seed, double time, int steps = 400)
    {
        var net = Initialization.Net(InitScheme.Dzps, m, data.D, seed, Activation.Relu, OutputScaling.Ntk);
        double lambda = Spectral.MinEigenvalue(InfiniteWidth.Hinf(data.X));
        var rhs = GradientFlow.Rhs(net, data, LossKind.Sum, Layers.First);
        var fine = Ode.Fixed(rhs, net.Flatten(), time, time / steps);
        var coarse = Ode.Fixed(rhs, net.Flatten(), time, time / (steps / 2));
        double err = 0;
        var states = new List<Vec>();
        var times = new List<double>();
        for (int k = 0; k < coarse.States.Count; k++)
        {
            err = Math.Max(err, (coarse.States[k] - fine.States[2 * k]).NormInf());
            states.Add(fine.States[2 * k]);
            times.Add(fine.Times[2 * k]);
        }
        return (data, net, lambda, new OdeSolution(times, states, fine.StepSize, err, 1));
    }

    /// <summary>Lemma 5 with D_cts(n, m, λ, ‖y − u(0)‖) supplied.</summary>
    public static Claim MakeLemma5(Func<int, int, double, double, double> dcts, string id, string statement) => new Claim(
        id,
        "ntk-notes §1.4, Lemma 5 (Lemma 3.3 in DZPS19)",
        statement,
        ClaimKind.Conditional,
        "λ_min(H(w(s))) ≥ λ/2 for 0 ≤ s ≤ t (checked on the integration grid); gradient flow by RK4 with step halving",
        20,
        seed =>
        {
            var rng = new Rng(Rng.Derive(seed, "sizes"));
            int n = Instances.Between(ref rng, 2, 4), d = n + Instances.Between(ref rng, 0, 3), m = 1 << Instances.Between(ref rng, 5, 9);
            var data = Datasets.Synthetic(InputDistribution.Sphere, n, d, seed);
            var (_, net0, lambda, flow) = FlowRun(data, m, seed, 4.0);
            double r0 = (data.Y - net0.Predict(data.X)).NormSquared();
            double dc = dcts(n, m, lambda, Math.Sqrt(r0));
            Evidence? worst = null;
            for (int k = 0; k < flow.States.Count; k++)
            {
                var net = net0.WithParameters(flow.States[k].Span);
                if (Spectral.MinEigenvalue(EmpiricalNtk.FirstLayer(net, data.X)) < lambda / 2)
                    break;
                double t = flow.Times[k], move = Training.MaxWeightMove(net.W, net0.W), rt = (data.Y - net.Predict(data.X)).NormSquared();
                double slack = 4 * flow.EstimatedError * (1 + net0.W.MaxAbs());
                var e = Evidence.All(
                    Evidence.AtMost(move, dc, slack, F($"t = {t:G3}: max_r ‖w_r(t) − w_r(0)‖ = {move:G5} vs D_cts = {dc:G5} (n = {n}, m = {m}, λ = {lambda:G3})")),
                    Evidence.AtMost(rt, Math.Exp(-lambda * t) * r0, slack * r0, F($"‖y − u(t)‖² = {rt:G5} vs e^(−λt)‖y − u(0)‖² = {Math.Exp(-lambda * t) * r0:G5}")));
                if (worst is null || e.Margin < worst.Margin)
                    worst = e;
            }
            return worst ?? Evidence.HypothesisFailed("λ_min(H(0)) < λ/2");
        });

    public static readonly Claim Lemma5 = MakeLemma5((n, m, l, r0) => Math.Sqrt(n) * r0 / Math.Sqrt(m * l), "ntk-notes/lemma-5",
        "Suppose for 0 ≤ s ≤ t, λ_min(H(w(s))) ≥ λ/2. Let D_cts := √n‖y − u(0)‖₂/√(mλ). Then 1. ‖w_r(t) − w_r(0)‖₂ ≤ D_cts for all r; 2. ‖y − u(t)‖₂² ≤ exp(−λt)·‖y − u(0)‖₂²");

    /// <summary>
    /// Lemma 5 with the radius its proof gives: ‖dw_r/dt‖ ≤ √n‖y − u(t)‖/√m ≤ √n e^{−λt/2}‖y − u(0)‖/√m integrates to
    /// 2√n‖y − u(0)‖/(√m λ) (DZPS Lemma 3.3); the printed √n‖y − u(0)‖/√(mλ) lacks the 2 and has λ under the root.
    /// </summary>
    public static readonly Claim Lemma5Corrected = MakeLemma5((n, m, l, r0) => 2 * Math.Sqrt(n) * r0 / (Math.Sqrt(m) * l), "ntk-notes/lemma-5.corrected",
        "As Lemma 5 with D_cts := 2√n‖y − u(0)‖₂/(√m λ), the radius the proof's integration gives (DZPS Lemma 3.3)");

    /// <summary>Lemma 6 with D_cts supplied and R = λ/(8n) (so that Lemmas 1 and 2 leave λ_min ≥ λ − λ/4 − λ/4).</summary>
    public static Claim MakeLemma6(Func<int, int, double, double, double> dcts, string id, string statement) => new Claim(
        id,
        "ntk-notes §1.4, Lemma 6 (Lemma 3.4 in DZPS19)",
        statement,
        ClaimKind.Conditional,
        "D_cts < R with R = λ/(8n) (checked); n = 2 orthonormal inputs (λ = ½); widths 2^12 and 2^13 so the hypothesis holds on some instances",
        8,
        seed =>
        {
            var rng = new Rng(Rng.Derive(seed, "sizes"));
            int n = 2, m = 1 << Instances.Between(ref rng, 12, 13);
            var x = Mat.Create(n, n, (i, j) => i == j ? 1 : 0);
            var data = new Dataset(x, Datasets.Labels(LabelKind.Gaussian, n, seed));
            var net0 = Initialization.Net(InitScheme.Dzps, m, n, seed, Activation.Relu, OutputScaling.Ntk);
            double lambda = 0.5, radius = lambda / (8 * n);
            double r0 = (data.Y - net0.Predict(data.X)).NormSquared();
            double dc = dcts(n, m, lambda, Math.Sqrt(r0));
            if (!(dc < radius))
                return Evidence.HypothesisFailed(F($"D_cts = {dc:G4} ≥ R = {radius:G4} at m = {m}"));
            var (_, _, _, flow) = FlowRun(data, m, seed, 3.0, steps: 120);
            Evidence? worst = null;
            for (int k = 0; k < flow.States.Count; k++)
            {
                var net = net0.WithParameters(flow.States[k].Span);
                double t = flow.Times[k], lmin = Spectral.MinEigenvalue(EmpiricalNtk.FirstLayer(net, data.X));
                double move = Training.MaxWeightMove(net.W, net0.W), rt = (data.Y - net.Predict(data.X)).NormSquared();
                double slack = 4 * flow.EstimatedError * (1 + net0.W.MaxAbs());
                var e = Evidence.All(
                    Evidence.AtMost(lambda / 2, lmin, 64 * Tolerance.Epsilon, F($"t = {t:G3}: λ_min(H(t)) = {lmin:G5} ≥ λ/2")),
                    Evidence.AtMost(move, dc, slack, F($"max_r ‖w_r(t) − w_r(0)‖ = {move:G5} vs D_cts = {dc:G5} (m = {m})")),
                    Evidence.AtMost(rt, Math.Exp(-lambda * t) * r0, slack * r0, F($"‖y − u(t)‖² = {rt:G5} vs e^(−λt)‖y − u(0)‖² = {Math.Exp(-lambda * t) * r0:G5}")));
                if (worst is null || e.Margin < worst.Margin)
                    worst = e;
            }
            return worst!;
        });

    public static readonly Claim Lemma6 = MakeLemma6((n, m, l, r0) => Math.Sqrt(n) * r0 / Math.Sqrt(m * l), "ntk-notes/lemma-6",
        "If D_cts < R, then for all t ≥ 0, λ_min(H(t)) ≥ λ/2. Moreover 1. ‖w_r(t) − w_r(0)‖₂ ≤ D_cts for all r; 2. ‖y − u(t)‖₂² ≤ exp(−λt)·‖y − u(0)‖₂² (D_cts as in Lemma 5)");

    public static IReadOnlyList<Claim> All => [Lemma1, Lemma2, Claim10, OverParameterization, Lemma5, Lemma5Corrected, Lemma6];
}
