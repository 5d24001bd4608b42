using System.Globalization;
using System.Text.Json;
using NtkPure.Claims;
using NtkPure.Cli.IO;

namespace NtkPure.Cli.Commands;

/// <summary>
/// `ntk merge SHARD.json… --json OUT`: the verdicts of a sharded check. The shards must be the N shards of one
/// run (same seed, trials, size, α_F, claims, plugin and build of ntk; each index 0 … N−1 exactly once). Each
/// split claim is evaluated again with its instance loops answered by the summed counts (no instance is checked),
/// so its decision — Clopper–Pearson at the run's α, the first violation, compound parts — is the one a single
/// machine makes; a claim that was not split takes the result of the shard that ran it (k mod N for the k-th). The verdict file has the fields of
/// `ntk check --json`.
/// </summary>
public static class MergeCommand
{
    public const string Usage = "ntk merge SHARD.json… --json FILE [--plugin FILE.dll]";

    private sealed record Shard(string File, JsonElement Root, int Index, int Count, IReadOnlyList<JsonElement> Claims);

    public static int Run(IEnumerable<string> argv, TextWriter stdout, TextWriter stderr)
    {
        var args = new Args(argv);
        var json = args.Required("--json");
        var plugin = args.String("--plugin");
        var files = args.Positional;
        args.RejectUnused(int.MaxValue);
        if (files.Count == 0)
            throw new UsageException("name the shard files to merge (written by ntk check --shard I/N --json FILE)");
        var shards = files.Select(Read).OrderBy(s => s.Index).ToList();
        var first = shards[0];
        int n = first.Count;
        foreach (var s in shards)
        {
            foreach (var field in new[] { "seed", "trials", "long", "alphaF", "claimCount", "plugin", "shards" })
                if (ClaimRecords.Get(s.Root, field).GetRawText() != ClaimRecords.Get(first.Root, field).GetRawText())
                    throw new InputException(s.File, null, $"not a shard of the same run as {first.File}: '{field}' differs");
            if (Str(s, "run") != Str(first, "run"))
                throw new InputException(s.File, null, $"not a shard of the same run as {first.File}: other claims or another build of ntk");
        }
        for (int i = 0; i < n; i++)
        {
            var at = shards.Where(s => s.Index == i).ToList();
            if (at.Count != 1)
                throw new InputException(at.Count == 0 ? first.File : at[1].File, null,
                    at.Count == 0 ? $"shard {i}/{n} is missing: merge needs each of the {n} shards exactly once" : $"shard {i}/{n} given twice ({at[0].File})");
        }
        if (shards.Count != n)
            throw new InputException(first.File, null, $"{shards.Count} files for {n} shards");

        var available = plugin is null ? Catalog.All : [.. Catalog.All, .. Plugins.Load(plugin)];
        string? pluginHash = plugin is null ? null : RunIdentity.Fingerprint(plugin);
        var recorded = ClaimRecords.Get(first.Root, "plugin");
        if ((recorded.ValueKind == JsonValueKind.Null ? null : recorded.GetString()) != pluginHash)
            throw new UsageException(pluginHash is null ? "the shards ran a plugin: give the same --plugin FILE.dll" : "the shards did not run this plugin (its content differs, or they ran none)");
        var ids = first.Claims.Select(c => Field(first, () => ClaimRecords.Str(c, "id"))).ToList();
        var claims = ids.Select(id => available.FirstOrDefault(c => c.Id == id) ?? throw new InputException(first.File, null, $"claim '{id}' is not in this build's catalog")).ToList();
        var identity = new RunIdentity(ReadSeed(first), ReadTrials(first), Field(first, () => ClaimRecords.Bool(first.Root, "long")),
            Field(first, () => ClaimRecords.Num(ClaimRecords.Get(first.Root, "alphaF"))), ids, pluginHash);
        if (identity.Key(null) != Str(first, "run"))
            throw new InputException(first.File, null, "written by another build of ntk (or edited): its run key does not match this one");
        double alpha = identity.AlphaF / claims.Count;
        var options = new ClaimRunOptions(identity.Seed, identity.Trials, identity.Long, alpha);
        stdout.WriteLine(FormattableString.Invariant(
            $"ntk merge: {n} shards, {claims.Count} claims, run seed {identity.Seed}{(identity.Long ? ", long" : "")}; α_F = {identity.AlphaF:G3}, α = {alpha:G3} each"));
        var results = new List<ClaimResult>();
        for (int k = 0; k < claims.Count; k++)
        {
            var r = MergeClaim(claims[k], k, shards, options);
            results.Add(r);
            CheckCommand.Print(r, stdout);
        }
        CheckCommand.Summary(results, stdout);
        AtomicFile.WriteAllText(json, CheckCommand.ToJson(results, alpha));
        return 0;
    }

    private static ClaimResult MergeClaim(Claim claim, int k, IReadOnlyList<Shard> shards, ClaimRunOptions options)
    {
        var entries = shards.Select(s => s.Claims[k]).ToList();
        var modes = entries.Select((e, j) => Field(shards[j], () => ClaimRecords.Str(e, "mode"))).ToList();
        for (int j = 0; j < shards.Count; j++)
            if (Field(shards[j], () => ClaimRecords.Str(entries[j], "id")) != claim.Id)
                throw new InputException(shards[j].File, null, $"claim {k} is not '{claim.Id}'");
        int errored = modes.IndexOf("error");
        if (errored >= 0) // a check threw: the claim is an Error however the others went
            return Field(shards[errored], () => ClaimRecords.ReadResult(ClaimRecords.Get(entries[errored], "result"), claim));
        if (modes.Any(m => m != modes[0]))
            throw new InputException(shards[modes.FindIndex(m => m != modes[0])].File, null, $"claim '{claim.Id}' was run differently by the shards");
        if (modes[0] == "whole")
        {
            int owner = CheckShards.Owner(k, shards.Count);
            for (int j = 0; j < shards.Count; j++)
                if ((Field(shards[j], () => ClaimRecords.Get(entries[j], "result")).ValueKind != JsonValueKind.Null) != (j == owner))
                    throw new InputException(shards[j].File, null, $"claim '{claim.Id}' should have been run whole by shard {owner} alone");
            return Field(shards[owner], () => ClaimRecords.ReadResult(ClaimRecords.Get(entries[owner], "result"), claim));
        }
        if (modes[0] != "trials")
            throw new InputException(shards[0].File, null, $"claim '{claim.Id}': unknown mode '{modes[0]}'");

        var loops = entries.Select((e, j) => Field(shards[j], () =>
        {
            var a = ClaimRecords.Get(e, "loops");
            if (a.ValueKind != JsonValueKind.Array)
                throw new FormatException("field 'loops' is not an array");
            return a.EnumerateArray().Select(ClaimRecords.ReadCounts).ToList();
        })).ToList();
        var merged = new List<(string Id, TrialCounts Counts)>();
        for (int p = 0; p < loops[0].Count; p++)
        {
            for (int j = 0; j < shards.Count; j++)
                if (loops[j].Count != loops[0].Count || loops[j][p].Id != loops[0][p].Id
                    || loops[j][p].Counts.Trials != loops[0][p].Counts.Trials || loops[j][p].Counts.StopAtFirstViolation != loops[0][p].Counts.StopAtFirstViolation)
                    throw new InputException(shards[j].File, null, $"claim '{claim.Id}': the shards ran different instance loops (its evaluation depends on partial counts and cannot be split)");
            merged.Add((loops[0][p].Id, TrialCounts.Merge(loops.Select(l => l[p].Counts).ToList())));
        }
        int next = 0;
        string? problem = null;
        var ledger = new TrialLedger(0, 1)
        {
            Merged = (id, trials, stop) =>
            {
                if (next >= merged.Count || merged[next].Id != id || merged[next].Counts.Trials != trials || merged[next].Counts.StopAtFirstViolation != stop)
                {
                    problem ??= $"claim '{claim.Id}': the merge asked for a loop the shards did not record ({id}, {trials} trials)";
                    throw new InvalidOperationException(problem);
                }
                return merged[next++].Counts;
            },
        };
        var r = ClaimRunner.Run(claim, options with { Ledger = ledger });
        if (problem is null && next != merged.Count)
            problem = $"claim '{claim.Id}': the shards recorded {merged.Count} instance loops, the merge used {next}";
        if (problem is not null)
            throw new InputException(shards[0].File, null, problem);
        return r;
    }

    private static Shard Read(string file)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllBytes(file));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputException(file, null, "no such file");
        }
        catch (JsonException e)
        {
            throw new InputException(file, null, "not JSON: " + e.Message.ReplaceLineEndings(" "));
        }
        var root = doc.RootElement;
        return Field(file, () =>
        {
            if (ClaimRecords.Str(root, "format") != CheckShards.Format)
                throw new FormatException("not an ntk check shard file (written by ntk check --shard I/N --json FILE)");
            int index = ClaimRecords.Int(root, "shard"), count = ClaimRecords.Int(root, "shards");
            if (count < 1 || index < 0 || index >= count)
                throw new FormatException($"bad shard {index}/{count}");
            var claims = ClaimRecords.Get(root, "claims");
            if (claims.ValueKind != JsonValueKind.Array || claims.GetArrayLength() != ClaimRecords.Int(root, "claimCount"))
                throw new FormatException("field 'claims' does not hold 'claimCount' records");
            return new Shard(file, root, index, count, claims.EnumerateArray().ToList());
        });
    }

    private static string Str(Shard s, string key) => Field(s, () => ClaimRecords.Str(s.Root, key));

    private static ulong ReadSeed(Shard s) => Field(s, () => ClaimRecords.Get(s.Root, "seed").TryGetUInt64(out ulong v) ? v : throw new FormatException("field 'seed' is not a seed"));

    private static int? ReadTrials(Shard s) => Field<int?>(s, () => ClaimRecords.Get(s.Root, "trials").ValueKind == JsonValueKind.Null ? null : ClaimRecords.Int(s.Root, "trials"));

    private static T Field<T>(Shard s, Func<T> read) => Field(s.File, read);

    private static T Field<T>(string file, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (FormatException e)
        {
            throw new InputException(file, null, e.Message);
        }
        catch (InvalidOperationException e)
        {
            throw new InputException(file, null, "malformed: " + e.Message);
        }
    }
}
