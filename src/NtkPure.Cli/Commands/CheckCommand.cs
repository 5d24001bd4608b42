using System.Globalization;
using NtkPure.Claims;
using NtkPure.Cli.IO;
using NtkPure.Cli.Output;

namespace NtkPure.Cli.Commands;

/// <summary>`ntk check`: runs claims of the catalog and prints (and optionally writes) their verdicts.</summary>
public static class CheckCommand
{
    public const string Usage = "ntk check [--list] [ID… | --all] [--seed S] [--trials N] [--long] [--alpha A] [--json FILE] [--report DIR] [--replay ID@SEED] [--plugin FILE.dll] [--checkpoint FILE] [--shard I/N]";

    public static int Run(IEnumerable<string> argv, TextWriter stdout, TextWriter stderr) => Run(argv, stdout, stderr, CancellationToken.None);

    /// <param name="cancel">When set, the run stops before the next claim (or at the next trial), keeps its checkpoint and exits with 130.</param>
    public static int Run(IEnumerable<string> argv, TextWriter stdout, TextWriter stderr, CancellationToken cancel)
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
        var checkpointPath = args.String("--checkpoint");
        var shard = args.String("--shard") is { } shardText ? CheckShards.Parse(shardText) : null;
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
        if (shard is not null && (json is null || report is not null))
            throw new UsageException("--shard writes its counts to --json FILE (read by ntk merge) and takes no --report");
        var run = new RunIdentity(seed, trials, isLong, alphaF, claims.Select(c => c.Id).ToList(), plugin is null ? null : RunIdentity.Fingerprint(plugin));
        checkpointPath ??= isLong ? DefaultCheckpoint(json, report) : null;
        var checkpoint = checkpointPath is null ? null : Checkpoint.Open(checkpointPath, "check", run.Key(shard), stderr);
        if (checkpoint is { Reused: > 0 })
            stderr.WriteLine($"ntk check: resumed from {checkpoint.Path}: {checkpoint.Reused} of {claims.Count} claims already finished, reusing their outcomes");
        stdout.WriteLine(FormattableString.Invariant(
            $"ntk check: {claims.Count} claims, run seed {seed}{(isLong ? ", long" : "")}; false-alarm budget α_F = {alphaF:G3} split over {claims.Count} claims (α = {alpha:G3} each){(shard is null ? "" : $"; shard {shard.Index}/{shard.Count}")}"));
        if (shard is not null)
            return CheckShards.Run(claims, options, shard, run, json!, checkpoint, stdout, stderr, cancel);
        var results = new List<ClaimResult>();
        foreach (var claim in claims)
        {
            ClaimResult r;
            if (checkpoint is not null && checkpoint.TryGet(claim.Id, out var saved))
                r = Saved(checkpoint, () => ClaimRecords.ReadResult(saved, claim));
            else
            {
                r = RunClaim(claim, options, stderr, cancel, checkpoint, results.Count, claims.Count);
                checkpoint?.Add(claim.Id, ClaimRecords.Result(r));
            }
            results.Add(r);
            Print(r, stdout);
        }
        Summary(results, stdout);
        if (json is not null)
            AtomicFile.WriteAllText(json, ToJson(results, alpha));
        if (report is not null)
            Report.Write(report, results, seed, alphaF, alpha, isLong);
        checkpoint?.Delete();
        return 0;
    }

    /// <summary>
    /// Where a --long run keeps its checkpoint when --checkpoint is not given: next to its --json file
    /// (FILE.checkpoint), else in its --report directory, else ntk-check.checkpoint in the working directory.
    /// </summary>
    internal static string DefaultCheckpoint(string? json, string? report) =>
        json is not null ? json + ".checkpoint" : report is not null ? Path.Combine(report, "ntk-check.checkpoint") : "ntk-check.checkpoint";

    /// <summary>A record read back from a checkpoint; one that does not parse is a damaged checkpoint (exit 2).</summary>
    internal static T Saved<T>(Checkpoint? checkpoint, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (FormatException e)
        {
            throw new InputException(checkpoint?.Path ?? "checkpoint", null, $"not an ntk checkpoint or damaged ({e.Message}); delete it to start afresh");
        }
    }

    /// <summary>
    /// Runs one claim with progress on stderr; a cancellation (checked between trials through the progress
    /// callback, and once more at the end) discards the claim's partial result and stops the run.
    /// </summary>
    internal static T RunClaim<T>(Claim claim, Func<Action<int, int>, T> run, TextWriter stderr, CancellationToken cancel, Checkpoint? checkpoint, int done, int total)
    {
        Stop(cancel, checkpoint, done, total);
        var progress = new Progress(stderr, claim.Id);
        var r = run((d, t) =>
        {
            cancel.ThrowIfCancellationRequested();
            progress.Report(d, t);
        });
        progress.Done();
        Stop(cancel, checkpoint, done, total);
        return r;
    }

    private static ClaimResult RunClaim(Claim claim, ClaimRunOptions options, TextWriter stderr, CancellationToken cancel, Checkpoint? checkpoint, int done, int total) =>
        RunClaim(claim, p => ClaimRunner.Run(claim, options, p), stderr, cancel, checkpoint, done, total);

    private static void Stop(CancellationToken cancel, Checkpoint? checkpoint, int done, int total)
    {
        if (!cancel.IsCancellationRequested)
            return;
        throw new InterruptedException(checkpoint is null
            ? $"interrupted after {done} of {total} claims; nothing was written (give --checkpoint FILE, or --long, to make a run resumable)"
            : $"interrupted after {done} of {total} claims; {checkpoint.Path} keeps them: rerun the same command to resume");
    }

    internal static void Print(ClaimResult r, TextWriter stdout)
    {
        stdout.WriteLine(FormattableString.Invariant(
            $"  {r.Verdict,-12} {r.Claim.Id,-38} {r.Instances,5} inst  {r.HypothesisHeld,5} hyp  margin {Margin(r.WorstMargin),10}  {r.Seconds,6:F2} s"));
        if (r.Verdict is Verdict.Refuted or Verdict.Error or Verdict.Vacuous)
            stdout.WriteLine($"      {r.Details}{(r.Counterexample is { } ce ? $"  (replay: ntk check --replay {r.Claim.Id}@{ce})" : "")}");
    }

    internal static void Summary(IReadOnlyList<ClaimResult> results, TextWriter stdout)
    {
        var counts = results.GroupBy(r => r.Verdict).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key}");
        stdout.WriteLine("summary: " + string.Join(", ", counts));
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

    internal static string ToJson(IReadOnlyList<ClaimResult> results, double alpha)
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
