using System.Text;
using System.Text.Json;
using NtkPure.Cli.IO;
using Xunit;

namespace NtkPure.Tests.Cli;

/// <summary>Sharded checks merge to one machine's verdicts; interrupted checks and figures resume to the same output.</summary>
public sealed class ResumableRunTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ntk-resume-" + Guid.NewGuid().ToString("N"));

    public ResumableRunTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(string name) => Path.Combine(_dir, name);

    /// <summary>
    /// Instance claims that hold (linalg/weyl) and one refuted at its 8th instance, whose first violation lies in
    /// one shard while the others run on (ntk-notes/event-A); probabilistic claims with one loop per sub-claim
    /// (eq6, three radii; wu/lemma-11.hoeffding, five, some refuted); a probabilistic claim with a non-trial part
    /// (lecture7/lemma-2.3); and a Monte Carlo identity with its own loop, which shard 0 runs whole.
    /// </summary>
    private static readonly string[] Claims =
    [
        "linalg/weyl", "ntk-notes/eq1-gradient", "ntk-notes/event-A", "ntk-notes/event-A.corrected", "ntk-notes/eq6-anticoncentration",
        "lecture7/lemma-2.3", "wu/lemma-11.hoeffding", "ntk-slides/relu-ntk-closed-form",
    ];

    private static (int Code, string Out, string Err) Ntk(string[] args, CancellationToken cancel = default, TextWriter? stdout = null)
    {
        var o = stdout ?? new StringWriter();
        var e = new StringWriter();
        int code = NtkPure.Cli.Cli.Run(args, o, e, cancel);
        return (code, o.ToString() ?? "", e.ToString());
    }

    private static string[] Check(string json, params string[] extra) => ["check", .. Claims, "--seed", "11", "--json", json, .. extra];

    /// <summary>The verdict file without its wall-clock field, one JSON object per claim.</summary>
    private static List<string> Verdicts(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return doc.RootElement.EnumerateArray().Select(c => string.Join("\n", c.EnumerateObject().Where(p => p.Name != "seconds").Select(p => p.Name + "=" + p.Value.GetRawText()))).ToList();
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public void ShardsMergedGiveOneMachinesVerdictsAndCounts(int n)
    {
        Assert.Equal(0, Ntk(Check(P("one.json"))).Code);
        var files = new List<string>();
        for (int i = n - 1; i >= 0; i--) // any order
        {
            var (code, stdout, err) = Ntk(Check(P($"shard{i}.json"), "--shard", $"{i}/{n}"));
            Assert.True(code == 0, err);
            Assert.Contains($"shard {i}/{n}", stdout);
            files.Add(P($"shard{i}.json"));
        }
        var merge = Ntk(["merge", .. files, "--json", P("merged.json")]);
        Assert.True(merge.Code == 0, merge.Err);
        var one = Verdicts(P("one.json"));
        var merged = Verdicts(P("merged.json"));
        Assert.Equal(Claims.Length, one.Count);
        Assert.Equal(one, merged);
        // the set is meant to exercise refuted, supported and holding claims: make sure it still does
        Assert.Contains(one, v => v.Contains("verdict=\"Refuted\""));
        Assert.Contains(one, v => v.Contains("verdict=\"Supported\""));
        Assert.Contains(one, v => v.Contains("verdict=\"Holds\""));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp*"));
        Assert.Empty(Directory.GetFiles(_dir, "*.checkpoint"));
    }

    [Fact]
    public void MergeRefusesShardsOfDifferentRunsOrAnIncompleteSet()
    {
        for (int i = 0; i < 2; i++)
            Assert.Equal(0, Ntk(["check", "linalg/weyl", "ntk-notes/event-A", "--seed", "3", "--shard", $"{i}/2", "--json", P($"s{i}.json")]).Code);
        Assert.Equal(0, Ntk(["check", "linalg/weyl", "ntk-notes/event-A", "--seed", "4", "--shard", "1/2", "--json", P("other-seed.json")]).Code);
        Assert.Equal(0, Ntk(["check", "linalg/weyl", "--seed", "3", "--shard", "1/2", "--json", P("other-claims.json")]).Code);
        Assert.Equal(0, Ntk(["check", "linalg/weyl", "ntk-notes/event-A", "--seed", "3", "--shard", "1/3", "--json", P("other-n.json")]).Code);
        File.WriteAllText(P("garbage.json"), "{\"format\": 1");
        foreach (var (files, reason) in new (string[], string)[]
        {
            ([P("s0.json")], "missing"),
            ([P("s0.json"), P("s1.json"), P("s1.json")], "twice"),
            ([P("s0.json"), P("other-seed.json")], "'seed' differs"),
            ([P("s0.json"), P("other-claims.json")], "differs"),
            ([P("s0.json"), P("other-n.json")], "'shards' differs"),
            ([P("s0.json"), P("garbage.json")], "garbage.json"),
        })
        {
            var (code, _, err) = Ntk(["merge", .. files, "--json", P("m.json")]);
            Assert.Equal(2, code);
            Assert.Contains(reason, err);
            Assert.Single(err.TrimEnd('\n').Split('\n'));
            Assert.False(File.Exists(P("m.json")));
        }
        Assert.Equal(0, Ntk(["merge", P("s1.json"), P("s0.json"), "--json", P("m.json")]).Code);
        Assert.Equal(2, Ntk(["check", "linalg/weyl", "--shard", "3/3", "--json", P("x.json")]).Code);
        Assert.Equal(2, Ntk(["check", "linalg/weyl", "--shard", "0/2"]).Code); // a shard needs its file
    }

    /// <summary>Standard output that cancels the run once <paramref name="claims"/> claim lines have been printed.</summary>
    private sealed class CancelAfter(int claims, CancellationTokenSource source) : StringWriter
    {
        private int _seen;

        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value is not null && Claims.Any(id => value.Contains(" " + id + " ", StringComparison.Ordinal)) && ++_seen == claims)
                source.Cancel();
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void AnInterruptedCheckResumesToTheSameVerdicts(int k)
    {
        Assert.Equal(0, Ntk(Check(P("full.json"))).Code);
        using var source = new CancellationTokenSource();
        var (code, _, err) = Ntk(Check(P("resumed.json"), "--checkpoint", P("run.checkpoint")), source.Token, new CancelAfter(k, source));
        Assert.Equal(130, code);
        Assert.Contains($"interrupted after {k} of {Claims.Length} claims", err);
        Assert.Contains("rerun the same command to resume", err);
        Assert.False(File.Exists(P("resumed.json")), "no verdict file from an interrupted run");
        Assert.True(File.Exists(P("run.checkpoint")));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp*"));

        var again = Ntk(Check(P("resumed.json"), "--checkpoint", P("run.checkpoint")));
        Assert.Equal(0, again.Code);
        Assert.Contains($"resumed from {P("run.checkpoint")}: {k} of {Claims.Length} claims", again.Err);
        Assert.Equal(Verdicts(P("full.json")), Verdicts(P("resumed.json")));
        Assert.False(File.Exists(P("run.checkpoint")), "a finished run removes its checkpoint");
    }

    [Fact]
    public void AnInterruptedShardResumesToTheSameCounts()
    {
        string[] Shard(string json) => Check(json, "--shard", "1/3", "--long", "--trials", "30");
        Assert.Equal(0, Ntk(Shard(P("full.json"))).Code);
        using var source = new CancellationTokenSource();
        Assert.Equal(130, Ntk(Shard(P("part.json")), source.Token, new CancelAfter(3, source)).Code);
        Assert.True(File.Exists(P("part.json.checkpoint")), "--long keeps its checkpoint next to the --json file");
        var again = Ntk(Shard(P("part.json")));
        Assert.Equal(0, again.Code);
        Assert.Contains("resumed", again.Err);
        Assert.Equal(File.ReadAllBytes(P("full.json")), File.ReadAllBytes(P("part.json")));
    }

    [Fact]
    public void ADamagedCheckpointIsRefusedAndAnotherRunsIsReplaced()
    {
        File.WriteAllText(P("bad.checkpoint"), "{\"format\": \"ntk-checkpoint/1\", \"kind\": \"check\", \"run\": ");
        var (code, _, err) = Ntk(["check", "linalg/weyl", "--checkpoint", P("bad.checkpoint")]);
        Assert.Equal(2, code);
        Assert.Contains("damaged", err);
        Assert.Single(err.TrimEnd('\n').Split('\n'));
        Assert.True(File.Exists(P("bad.checkpoint")), "a file ntk cannot read is left alone");

        // a checkpoint of another run (seed 11) — here an interrupted one — is not reused by a run with seed 12
        using var source = new CancellationTokenSource();
        Assert.Equal(130, Ntk(Check(P("a.json"), "--checkpoint", P("run.checkpoint")), source.Token, new CancelAfter(2, source)).Code);
        var other = Ntk(["check", .. Claims, "--seed", "12", "--json", P("b.json"), "--checkpoint", P("run.checkpoint")]);
        Assert.Equal(0, other.Code);
        Assert.Contains("checkpoint of a different run", other.Err);
        Assert.DoesNotContain("resumed", other.Err);
        Assert.Equal(0, Ntk(["check", .. Claims, "--seed", "12", "--json", P("c.json")]).Code);
        Assert.Equal(Verdicts(P("c.json")), Verdicts(P("b.json")));
    }

    [Fact]
    public void NtkConvergenceRunsOneUnitPerWidthToTheWholeExperimentsTable()
    {
        string[] args = ["figure", "ntk-convergence", "--quick", "--seed", "7", "--out", P("conv")];
        Assert.Equal(0, Ntk(args).Code);
        var csv = File.ReadAllBytes(P("conv/ntk-convergence.csv"));
        // the widths run as separate units give the table of the experiment with both widths at once
        var whole = NtkPure.Experiments.NtkConvergence.Run(new NtkPure.Experiments.NtkConvergenceSpec(3, [32, 256], 10, 61, 8, 60, 1.0, 7));
        var theta = Encoding.UTF8.GetString(csv).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(row => double.Parse(row.Split(',')[4], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var expected = new List<double>(whole.Limit);
        for (int w = 0; w < 2; w++)
            for (int r = 0; r < 10; r++)
                for (int k = 0; k < whole.Gammas.Length; k++)
                    expected.AddRange([whole.Initial[w][r][k], whole.Trained[w][r][k]]);
        Assert.Equal(expected, theta);
        var rerun = Ntk(args);
        Assert.Contains("2 finished units reused", rerun.Err);
        Assert.Equal(csv, File.ReadAllBytes(P("conv/ntk-convergence.csv")));
    }

    [Fact]
    public void AFigureRerunReusesItsFinishedUnits()
    {
        string[] args = ["figure", "dzps-figure-1", "--quick", "--seed", "5", "--out", P("fig")];
        Assert.Equal(0, Ntk(args).Code);
        var csv = File.ReadAllBytes(P("fig/dzps-figure-1.csv"));
        var checkpoint = P("fig/dzps-figure-1.checkpoint");

        // the table is the experiment's, whether its widths run together or one unit at a time
        var whole = NtkPure.Experiments.DzpsFigure1.Run(16, 8, [64, 256, 1024], 3, 100, 1.0, 5);
        var rows = Encoding.UTF8.GetString(csv).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.Equal(whole.Points.Count, rows.Count);
        for (int i = 0; i < rows.Count; i++)
            Assert.Equal(whole.Points[i].LossMedian, double.Parse(rows[i].Split(',')[2], System.Globalization.CultureInfo.InvariantCulture));

        // after completion: nothing recomputed, same bytes
        var rerun = Ntk(args);
        Assert.Equal(0, rerun.Code);
        Assert.Contains("3 finished units reused", rerun.Err);
        Assert.Equal(csv, File.ReadAllBytes(P("fig/dzps-figure-1.csv")));

        // as if interrupted after the first unit: only that one is reused, the rest recomputed to the same bytes
        using (var doc = JsonDocument.Parse(File.ReadAllBytes(checkpoint)))
        {
            var run = doc.RootElement.GetProperty("run").GetString()!;
            File.Delete(checkpoint);
            var partial = Checkpoint.Open(checkpoint, "figure", run, TextWriter.Null);
            var first = doc.RootElement.GetProperty("entries")[0];
            partial.Add(first.GetProperty("key").GetString()!, first.GetProperty("value").Clone());
        }
        File.Delete(P("fig/dzps-figure-1.csv"));
        var resumed = Ntk(args);
        Assert.Equal(0, resumed.Code);
        Assert.Contains("1 finished unit reused", resumed.Err);
        Assert.Equal(csv, File.ReadAllBytes(P("fig/dzps-figure-1.csv")));

        // a cancelled figure writes nothing and exits 130
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var stopped = Ntk(["figure", "mean-field-vs-ntk", "--quick", "--out", P("fig2")], cancelled.Token);
        Assert.Equal(130, stopped.Code);
        Assert.Contains("interrupted", stopped.Err);
        Assert.Empty(Directory.GetFiles(P("fig2")));
    }
}
