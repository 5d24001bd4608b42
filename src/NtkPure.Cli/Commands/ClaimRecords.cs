using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using NtkPure.Claims;
using NtkPure.Cli.Output;

namespace NtkPure.Cli.Commands;

/// <summary>
/// Claim results and trial counts as JSON records for checkpoints and shard files, read back exactly: doubles in
/// round-trip form, ±∞ and NaN as the strings "Infinity", "-Infinity", "NaN" (these files are re-read by ntk, not
/// published; the verdict files keep writing a non-finite number as null). A record that does not parse is an
/// <see cref="FormatException"/> with a one-line reason.
/// </summary>
public static class ClaimRecords
{
    public static object Num(double v) => double.IsFinite(v) ? v : v.ToString(CultureInfo.InvariantCulture);

    public static double Num(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.String => e.GetString() switch
        {
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            "NaN" => double.NaN,
            var s => throw new FormatException($"'{s}' is not a number"),
        },
        _ => throw new FormatException($"expected a number, got {e.ValueKind}"),
    };

    public static JsonElement Get(JsonElement e, string key) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(key, out var v) ? v : throw new FormatException($"missing field '{key}'");

    public static int Int(JsonElement e, string key) => Get(e, key).TryGetInt32(out int v) ? v : throw new FormatException($"field '{key}' is not an integer");

    public static string Str(JsonElement e, string key) => Get(e, key).ValueKind == JsonValueKind.String ? Get(e, key).GetString()! : throw new FormatException($"field '{key}' is not a string");

    public static bool Bool(JsonElement e, string key) => Get(e, key).ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new FormatException($"field '{key}' is not true/false"),
    };

    private static ulong? OptionalSeed(JsonElement e, string key) => Get(e, key) switch
    {
        { ValueKind: JsonValueKind.Null } => null,
        var v when v.TryGetUInt64(out ulong u) => u,
        _ => throw new FormatException($"field '{key}' is not a seed"),
    };

    /// <summary>A finished claim's result (without its seconds: a wall-clock time is not part of a result).</summary>
    public static JsonObject Result(ClaimResult r) => new JsonObject()
        .Add("id", r.Claim.Id)
        .Add("verdict", r.Verdict.ToString())
        .Add("instances", r.Instances)
        .Add("hypothesisHeld", r.HypothesisHeld)
        .Add("worstMargin", Num(r.WorstMargin))
        .Add("seed", r.Seed)
        .Add("details", r.Details)
        .Add("counterexample", r.Counterexample)
        .Add("figure", r.Figure is { } f ? Figure(f) : null);

    public static ClaimResult ReadResult(JsonElement e, Claim claim)
    {
        if (Str(e, "id") != claim.Id)
            throw new FormatException($"a record of claim '{Str(e, "id")}' where '{claim.Id}' was expected");
        if (!Enum.TryParse<Verdict>(Str(e, "verdict"), out var verdict) || !Enum.IsDefined(verdict))
            throw new FormatException($"unknown verdict '{Str(e, "verdict")}'");
        var seed = Get(e, "seed").TryGetUInt64(out ulong s) ? s : throw new FormatException("field 'seed' is not a seed");
        var figure = Get(e, "figure");
        return new ClaimResult(claim, verdict, Int(e, "instances"), Int(e, "hypothesisHeld"), Num(Get(e, "worstMargin")), seed, 0,
            Str(e, "details"), OptionalSeed(e, "counterexample"))
        {
            Figure = figure.ValueKind == JsonValueKind.Null ? null : ReadFigure(figure),
        };
    }

    private static JsonObject Figure(Claims.Figure f) => new JsonObject()
        .Add("title", f.Title).Add("xLabel", f.XLabel).Add("yLabel", f.YLabel).Add("logX", f.LogX).Add("logY", f.LogY)
        .Add("series", f.Series.Select(s => new JsonObject().Add("label", s.Label).Add("x", s.X.Select(Num).ToList()).Add("y", s.Y.Select(Num).ToList())).ToList());

    private static Claims.Figure ReadFigure(JsonElement e)
    {
        double[] Nums(JsonElement a) => a.ValueKind == JsonValueKind.Array ? a.EnumerateArray().Select(Num).ToArray() : throw new FormatException("a figure series is not an array");
        var series = Get(e, "series");
        if (series.ValueKind != JsonValueKind.Array)
            throw new FormatException("field 'series' is not an array");
        return new Claims.Figure(Str(e, "title"), Str(e, "xLabel"), Str(e, "yLabel"), Bool(e, "logX"), Bool(e, "logY"),
            series.EnumerateArray().Select(s => new FigureSeries(Str(s, "label"), Nums(Get(s, "x")), Nums(Get(s, "y")))).ToList());
    }

    /// <summary>The counts of one instance loop; <paramref name="id"/> is the (sub-)claim id the loop ran under.</summary>
    public static JsonObject Counts(string id, TrialCounts c) => new JsonObject()
        .Add("id", id)
        .Add("trials", c.Trials)
        .Add("stopAtFirstViolation", c.StopAtFirstViolation)
        .Add("instances", c.Instances)
        .Add("hypothesisHeld", c.Held)
        .Add("failures", c.Failures)
        .Add("worst", c.WorstEvidence is { } w
            ? new JsonObject().Add("index", c.WorstIndex).Add("margin", Num(w.Margin)).Add("lhs", Num(w.Lhs)).Add("rhs", Num(w.Rhs)).Add("details", w.Details)
            : null)
        .Add("firstFailure", c.FirstFailureSeed is { } s ? new JsonObject().Add("index", c.FirstFailureIndex).Add("seed", s) : null)
        .Add("counterexample", c.FirstFailureSeed is { } t ? $"{id}@{t}" : null)
        .Add("notHeld", c.NotHeld.ToArray());

    public static (string Id, TrialCounts Counts) ReadCounts(JsonElement e)
    {
        int trials = Int(e, "trials");
        int instances = Int(e, "instances"), held = Int(e, "hypothesisHeld"), failures = Int(e, "failures");
        if (trials < 0 || instances < 0 || instances > trials || held < 0 || held > instances || failures < 0 || failures > held)
            throw new FormatException("inconsistent counts");
        var worst = Get(e, "worst");
        int worstIndex = -1;
        Evidence? evidence = null;
        if (worst.ValueKind != JsonValueKind.Null)
        {
            worstIndex = Int(worst, "index");
            evidence = new Evidence(Num(Get(worst, "lhs")), Num(Get(worst, "rhs")), Num(Get(worst, "margin")), true, Str(worst, "details"));
        }
        var ff = Get(e, "firstFailure");
        int firstIndex = -1;
        ulong? firstSeed = null;
        if (ff.ValueKind != JsonValueKind.Null)
        {
            firstIndex = Int(ff, "index");
            firstSeed = Get(ff, "seed").TryGetUInt64(out ulong s) ? s : throw new FormatException("field 'seed' is not a seed");
        }
        var notHeld = Get(e, "notHeld");
        if (notHeld.ValueKind != JsonValueKind.Array)
            throw new FormatException("field 'notHeld' is not an array");
        var indices = notHeld.EnumerateArray().Select(x => x.TryGetInt32(out int i) && i >= 0 && i < trials ? i : throw new FormatException("a bad index in 'notHeld'")).ToImmutableArray();
        if ((worstIndex >= trials) || (firstIndex >= trials) || (failures > 0) != (firstIndex >= 0))
            throw new FormatException("inconsistent indices");
        return (Str(e, "id"), new TrialCounts(trials, Bool(e, "stopAtFirstViolation"), instances, held, failures, worstIndex, evidence, firstIndex, firstSeed, indices));
    }

    /// <summary>A JsonObject as a standalone element (to keep it next to records read from a file).</summary>
    public static JsonElement Element(JsonObject o)
    {
        using var doc = JsonDocument.Parse(Json.Serialize(o));
        return doc.RootElement.Clone();
    }
}
