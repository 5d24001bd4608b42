using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using NtkPure.Claims;
using NtkPure.Cli.IO;
using NtkPure.Cli.Output;

namespace NtkPure.Cli.Commands;

/// <summary>Shard I of N of a check: the trials whose index is ≡ I (mod N).</summary>
public sealed record ShardSpec(int Index, int Count);

/// <summary>
/// What makes two check runs the same run: seed, trials, size, the false-alarm budget, the claims in order and
/// the plugin's content. Shards of one run, and a checkpoint and its resumption, must agree on all of it.
/// </summary>
public sealed record RunIdentity(ulong Seed, int? Trials, bool Long, double AlphaF, IReadOnlyList<string> Ids, string? Plugin)
{
    public string Key(ShardSpec? shard) => Checkpoint.Key(
        "check",
        FormattableString.Invariant($"seed={Seed}"),
        FormattableString.Invariant($"trials={Trials?.ToString(CultureInfo.InvariantCulture) ?? "default"}"),
        $"long={Long}",
        "alpha=" + AlphaF.ToString("R", CultureInfo.InvariantCulture),
        "plugin=" + (Plugin ?? "none"),
        "shard=" + (shard is null ? "none" : FormattableString.Invariant($"{shard.Index}/{shard.Count}")),
        "claims=" + string.Join(",", Ids));

    /// <summary>The SHA-256 of a plugin assembly: the same file name with other code is another run.</summary>
    public static string Fingerprint(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}

/// <summary>
/// `ntk check … --shard I/N`. Claims decided instance by instance (no whole-claim evaluator) and probabilistic
/// claims run their instance loops on the indices ≡ I (mod N) — the same instance seeds one machine uses — and
/// the shard file keeps each loop's counts. Any other claim (a sweep, an experiment, a Monte Carlo identity
/// with its own loop) is not split: the k-th claim of the run is run whole by shard k mod N, which keeps its
/// result, and the other shards skip it — so unsplit claims spread over the shards. A probabilistic claim whose
/// evaluation turns out to run no instance loop is likewise kept whole from shard k mod N.
/// `ntk merge` re-decides from the summed counts (<see cref="MergeCommand"/>).
/// </summary>
public static class CheckShards
{
    public const string Format = "ntk-check-shard/1";

    public static ShardSpec Parse(string text)
    {
        int slash = text.IndexOf('/');
        if (slash > 0
            && int.TryParse(text.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out int i)
            && int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            && n >= 1 && n <= 1_000_000 && i < n)
            return new ShardSpec(i, n);
        throw new UsageException($"option --shard expects I/N with 0 ≤ I < N (e.g. 0/3), got '{text}'");
    }

    /// <summary>Whether the shards split this claim's trials (else one shard runs it whole).</summary>
    public static bool Splits(Claim claim) => claim.Evaluate is null || claim.Kind == ClaimKind.Probabilistic;

    internal static int Run(IReadOnlyList<Claim> claims, ClaimRunOptions options, ShardSpec shard, RunIdentity run, string json,
        Checkpoint? checkpoint, TextWriter stdout, TextWriter stderr, CancellationToken cancel)
    {
        var entries = new List<JsonElement>();
        foreach (var claim in claims)
        {
            JsonElement entry;
            if (checkpoint is not null && checkpoint.TryGet(claim.Id, out var saved))
                entry = saved;
            else
            {
                entry = ClaimRecords.Element(CheckCommand.RunClaim(claim, p => Entry(claim, entries.Count, options, shard, p), stderr, cancel, checkpoint, entries.Count, claims.Count));
                checkpoint?.Add(claim.Id, entry);
            }
            entries.Add(entry);
            stdout.WriteLine(CheckCommand.Saved(checkpoint, () => Line(claim, entry)));
        }
        stdout.WriteLine(FormattableString.Invariant($"shard {shard.Index}/{shard.Count} of {claims.Count} claims written to {json}; combine all {shard.Count} with ntk merge"));
        var header = new JsonObject()
            .Add("format", Format)
            .Add("shard", shard.Index)
            .Add("shards", shard.Count)
            .Add("seed", run.Seed)
            .Add("trials", run.Trials)
            .Add("long", run.Long)
            .Add("alphaF", run.AlphaF)
            .Add("claimCount", claims.Count)
            .Add("plugin", run.Plugin)
            .Add("run", run.Key(null));
        AtomicFile.Write(json, stream =>
        {
            using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            w.WriteStartObject();
            foreach (var (k, v) in header)
            {
                w.WritePropertyName(k);
                Json.Write(w, v);
            }
            w.WriteStartArray("claims");
            foreach (var e in entries)
                e.WriteTo(w);
            w.WriteEndArray();
            w.WriteEndObject();
            w.Flush();
            stream.WriteByte((byte)'\n');
        });
        checkpoint?.Delete();
        return 0;
    }

    /// <summary>The shard that runs the k-th claim of a run whole when it is not split.</summary>
    public static int Owner(int k, int shards) => k % shards;

    /// <summary>One claim's part of a shard: its loops' counts, or its whole result (its owner), or nothing.</summary>
    private static JsonObject Entry(Claim claim, int k, ClaimRunOptions options, ShardSpec shard, Action<int, int> progress)
    {
        var entry = new JsonObject().Add("id", claim.Id);
        bool owner = Owner(k, shard.Count) == shard.Index;
        if (!Splits(claim))
            return entry.Add("mode", "whole").Add("result", owner ? ClaimRecords.Result(ClaimRunner.Run(claim, options, progress)) : null);
        var loops = new List<JsonObject>();
        var ledger = new TrialLedger(shard.Index, shard.Count) { Record = (id, c) => loops.Add(ClaimRecords.Counts(id, c)) };
        var r = ClaimRunner.Run(claim, options with { Ledger = ledger }, progress);
        if (r.Verdict == Verdict.Error)
            return entry.Add("mode", "error").Add("result", ClaimRecords.Result(r));
        if (loops.Count == 0)
            return entry.Add("mode", "whole").Add("result", owner ? ClaimRecords.Result(r) : null);
        return entry.Add("mode", "trials").Add("loops", loops);
    }

    private static string Line(Claim claim, JsonElement entry)
    {
        string mode = ClaimRecords.Str(entry, "mode");
        if (mode != "trials")
        {
            var result = ClaimRecords.Get(entry, "result");
            return result.ValueKind == JsonValueKind.Null
                ? $"  {"(elsewhere)",-12} {claim.Id,-38} not split: run whole by another shard"
                : $"  {ClaimRecords.Str(result, "verdict"),-12} {claim.Id,-38} not split: run whole here";
        }
        int inst = 0, held = 0, fails = 0, loops = 0;
        foreach (var l in ClaimRecords.Get(entry, "loops").EnumerateArray())
        {
            loops++;
            inst += ClaimRecords.Int(l, "instances");
            held += ClaimRecords.Int(l, "hypothesisHeld");
            fails += ClaimRecords.Int(l, "failures");
        }
        return FormattableString.Invariant($"  {"counts",-12} {claim.Id,-38} {inst,5} inst  {held,5} hyp  {fails,5} failed  ({loops} loop{(loops == 1 ? "" : "s")})");
    }
}
