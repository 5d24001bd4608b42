using NtkPure.Numerics;

namespace NtkPure.Claims;

/// <summary>The kinds of CLAIMS.md; each decides how instances turn into a verdict.</summary>
public enum ClaimKind
{
    Identity,
    Inequality,
    Conditional,
    Probabilistic,
    Asymptotic,
    Experiment,
}

/// <summary>The verdict words of CLAIMS.md, plus Error for a check that threw.</summary>
public enum Verdict
{
    Holds,
    Refuted,
    Supported,
    Inconclusive,
    Consistent,
    Inconsistent,
    Reproduced,
    NotReproduced,
    Vacuous,
    Error,
}

/// <summary>
/// What one instance of a check found: the two sides compared, the margin (≥ 0: the statement held at this
/// instance, with that much room; &lt; 0: violated by that much), whether the hypothesis held, and details.
/// </summary>
public sealed record Evidence(double Lhs, double Rhs, double Margin, bool HypothesisHeld, string Details)
{
    /// <summary>lhs = rhs within the tolerance; the margin is the tolerance left over.</summary>
    public static Evidence Equal(double lhs, double rhs, Tolerance tol, string details = "") =>
        new(lhs, rhs, tol.Margin(lhs, rhs), true, details);

    /// <summary>Two vectors equal entry by entry; lhs and rhs report the sup norms and the margin the worst entry.</summary>
    public static Evidence Equal(Vec lhs, Vec rhs, Tolerance tol, string details = "") =>
        new(lhs.NormInf(), rhs.NormInf(), tol.Margin(lhs.Span, rhs.Span), true,
            details.Length > 0 ? details : FormattableString.Invariant($"max |Δ| = {(lhs - rhs).NormInf():G3}"));

    /// <summary>lhs ≤ rhs, allowing <paramref name="slack"/> for rounding in computing the two sides.</summary>
    public static Evidence AtMost(double lhs, double rhs, double slack, string details = "")
    {
        double m = rhs - lhs + slack;
        return new(lhs, rhs, double.IsNaN(m) ? double.NegativeInfinity : m, true, details);
    }

    /// <summary>An instance where the hypothesis failed: it neither supports nor refutes.</summary>
    public static Evidence HypothesisFailed(string details) => new(double.NaN, double.NaN, double.PositiveInfinity, false, details);

    /// <summary>All conjuncts must hold: the smallest margin decides.</summary>
    public static Evidence All(params Evidence[] parts)
    {
        var worst = parts.MinBy(e => e.Margin)!;
        return worst with { HypothesisHeld = parts.All(p => p.HypothesisHeld), Details = string.Join("; ", parts.Select(p => p.Details).Where(d => d.Length > 0)) };
    }
}

/// <summary>
/// How a claim is run: the run seed (instance seeds derive from it and the claim id), the number of trials
/// (null: the claim's default, ten times that with Long), and the per-claim error level α of statistical
/// verdicts — a run splits its false-alarm budget α_F over its K claims, α = α_F/K.
/// </summary>
public sealed record ClaimRunOptions(ulong Seed = 0, int? Trials = null, bool Long = false, double Alpha = 0.01)
{
    /// <summary>Set for a shard of a run or a merge of shards (see <see cref="TrialLedger"/>); null: every trial here.</summary>
    public TrialLedger? Ledger { get; init; }
}

/// <summary>Data for a figure of a claim's evidence (a trajectory or a scaling law); the CLI draws it.</summary>
public sealed record Figure(string Title, string XLabel, string YLabel, bool LogX, bool LogY, IReadOnlyList<FigureSeries> Series);

public sealed record FigureSeries(string Label, double[] X, double[] Y);

/// <summary>
/// The result of a whole-claim evaluation for kinds that are not decided instance by instance (probabilistic,
/// asymptotic, experiment): the verdict with the counts and the worst margin it rests on.
/// </summary>
public sealed record Outcome(Verdict Verdict, int Instances, int HypothesisHeld, double WorstMargin, string Details, ulong? Counterexample = null)
{
    public Figure? Figure { get; init; }
}

/// <summary>
/// An executable statement: its CLAIMS.md id, the seed document and statement number, the statement quoted,
/// its kind and hypotheses, and a check that evaluates one instance built from an instance seed. Claims that
/// are decided by a sweep or a binomial count supply <see cref="Evaluate"/> instead, which receives the run
/// options and the claim itself (for instance seeds) and returns the verdict.
/// </summary>
public sealed record Claim(
    string Id,
    string Source,
    string Statement,
    ClaimKind Kind,
    string Hypotheses,
    int DefaultTrials,
    Func<ulong, Evidence> Check
)
{
    /// <summary>A whole-claim evaluator; when set, <see cref="ClaimRunner"/> calls it instead of looping over instances.</summary>
    public Func<Claim, ClaimRunOptions, Action<int, int>?, Outcome>? Evaluate { get; init; }

    /// <summary>The seed of instance i of this claim in a run with seed s: a pure function of (s, id, i).</summary>
    public ulong InstanceSeed(ulong runSeed, int i) => Rng.Derive(Rng.Derive(runSeed, Id), "instance/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>The outcome of one claim in one run; <see cref="Counterexample"/> replays with the same check.</summary>
public sealed record ClaimResult(
    Claim Claim,
    Verdict Verdict,
    int Instances,
    int HypothesisHeld,
    double WorstMargin,
    ulong Seed,
    double Seconds,
    string Details,
    ulong? Counterexample
)
{
    public Figure? Figure { get; init; }
}
