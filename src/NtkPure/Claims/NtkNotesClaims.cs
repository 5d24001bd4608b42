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

    /// <summary>
    /// Whether some u with ‖u − w̃‖ ≤ R has 1{xᵀu ≥ 0} ≠ 1{xᵀw̃ ≥ 0}, decided by the extreme point of the ball in
    /// the direction that moves xᵀu towards the other side: u = w̃ ∓ R·x/‖x‖ (xᵀu ranges over [xᵀw̃ − R‖x‖, xᵀw̃ + R‖x‖]).
    /// </summary>
    public static bool EventA(ReadOnlySpan<double> wTilde, ReadOnlySpan<double> x, double radius)
    {
        double dot = Blas.Dot(wTilde, x), norm = Math.Sqrt(Blas.Dot(x, x));
        return dot >= 0 ? dot - radius * norm < 0 : dot + radius * norm >= 0;
    }

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
