using System.Globalization;
using NtkPure.Claims;
using NtkPure.Cli.IO;
using NtkPure.Cli.Output;

namespace NtkPure.Cli.Commands;

/// <summary>`ntk check`: runs claims of the catalog and prints (and optionally writes) their verdicts.</summary>
public static class CheckCommand
{
    public const string Usage = "ntk check [--list] [ID… | --all] [--seed S] [--trials N] [--long] [--alpha A] [--json FILE] [--report DIR] [--replay ID@SEED] [--plugin FILE.dll]";

    public static int Run(IEnumerable<string> argv, TextWriter stdout, TextWriter stderr)
    {
        var args = new Args(argv, "--list", "--all", "--long");
        bool list = args.Flag("--list");
        bool all = args.Flag("--all");
        bool isLong = args.Flag("--long");
        ulong seed = args.Seed();
        int? trials = args.Has("--trials") ? args.Int("--trials", 1, 1, 10_000_000) : null;
        var json = args.String("--json");
        var report = args.String("--report");
        double alphaF = args.Double("--alpha", 0, exclusiveMin: true) ?? 0.05;
        if (alphaF >= 1)
            throw new UsageException($"option --alpha must be in (0, 1), got {alphaF.ToString(CultureInfo.InvariantCulture)}");
        var replay = args.String("--replay");
        var plugin = args.String("--plugin");
        var ids = args.Positional;
        args.RejectUnused(int.MaxValue);
        var available = plugin is null ? Catalog.All : [.. Catalog.All, .. Plugins.Load(plugin)];
        var duplicate = available.GroupBy(c => c.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new UsageException($"claim id '{duplicate.Key}' is defined twice");
        Claim? Find(string id) => available.FirstOrDefault(c => c.Id == id);

        if (list)
        {
            foreach (var c in available)
                stdout.WriteLine(c.Id);
            return 0;
        }
        if (replay is not null)
            return Replay(replay, ids, stdout, Find);

        if (all && ids.Count > 0)
            throw new UsageException("give claim ids or --all, not both");
        var claims = ids.Count == 0 ? available : ids.Select(id => Find(id) ?? throw new UsageException($"unknown claim id '{id}' (see ntk check --list)")).ToList();
        // The run's false-alarm budget α_F is split evenly over its claims (Bonferroni): each statistical verdict
        // is taken at level α_F/K, so the chance that any claim of the run is wrongly refuted is at most α_F.
        double alpha = alphaF / claims.Count;
        var options = new ClaimRunOptions(seed, trials, isLong, alpha);
        var results = new List<ClaimResult>();
        stdout.WriteLine(FormattableString.Invariant(
            $"ntk check: {claims.Count} claims, run seed {seed}{(isLong ? ", long" : "")}; false-alarm budget α_F = {alphaF:G3} split over {claims.Count} claims (α = {alpha:G3} each)"));
        foreach (var claim in claims)
        {
            var progress = new Progress(stderr, claim.Id);
            var r = ClaimRunner.Run(claim, options, progress.Report);
            progress.Done();
            results.Add(r);
            stdout.WriteLine(FormattableString.Invariant(
                $"  {r.Verdict,-12} {claim.Id,-38} {r.Instances,5} inst  {r.HypothesisHeld,5} hyp  margin {Margin(r.WorstMargin),10}  {r.Seconds,6:F2} s"));
            if (r.Verdict is Verdict.Refuted or Verdict.Error or Verdict.Vacuous)
                stdout.WriteLine($"      {r.Details}{(r.Counterexample is { } ce ? $"  (replay: ntk check --replay {claim.Id}@{ce})" : "")}");
        }
        var counts = results.GroupBy(r => r.Verdict).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key}");
        stdout.WriteLine("summary: " + string.Join(", ", counts));
        if (json is not null)
            AtomicFile.WriteAllText(json, ToJson(results, alpha));
        if (report is not null)
            Report.Write(report, results, seed, alphaF, alpha, isLong);
        return 0;
    }

    private static string Margin(double m) => double.IsFinite(m) ? m.ToString("G3", CultureInfo.InvariantCulture) : "—";

    private static int Replay(string token, IReadOnlyList<string> ids, TextWriter stdout, Func<string, Claim?> find)
    {
        string id;
        string seedText;
        int at = token.LastIndexOf('@');
        if (at > 0)
        {
            id = token[..at];
            seedText = token[(at + 1)..];
        }
        else if (ids.Count == 1)
        {
            id = ids[0];
            seedText = token;
        }
        else
            throw new UsageException($"malformed replay token '{token}': expected ID@SEED (as printed with a counterexample)");
        if (!ulong.TryParse(seedText, NumberStyles.None, CultureInfo.InvariantCulture, out ulong s))
            throw new UsageException($"malformed replay token '{token}': the seed must be a non-negative integer");
        var claim = find(id) ?? throw new UsageException($"unknown claim id '{id}' (see ntk check --list)");
        var e = ClaimRunner.Replay(claim, s);
        string verdict = !e.HypothesisHeld ? "hypothesis not met" : e.Margin >= 0 ? "holds" : "VIOLATED";
        stdout.WriteLine(FormattableString.Invariant($"{claim.Id} instance {s}: {verdict}; lhs {e.Lhs:R}, rhs {e.Rhs:R}, margin {e.Margin:G6}"));
        stdout.WriteLine("  " + e.Details);
        return 0;
    }

    private static string ToJson(IReadOnlyList<ClaimResult> results, double alpha)
    {
        var items = results.Select(r => new JsonObject()
            .Add("id", r.Claim.Id)
            .Add("source", r.Claim.Source)
            .Add("kind", r.Claim.Kind.ToString().ToLowerInvariant())
            .Add("statement", r.Claim.Statement)
            .Add("verdict", r.Verdict.ToString())
            .Add("instances", r.Instances)
            .Add("hypothesisHeld", r.HypothesisHeld)
            .Add("worstMargin", r.WorstMargin)
            .Add("seed", r.Seed)
            .Add("alpha", alpha)
            .Add("details", r.Details)
            .Add("counterexample", r.Counterexample is { } ce ? $"{r.Claim.Id}@{ce}" : null)).ToList();
        return Json.Serialize(items);
    }
}
