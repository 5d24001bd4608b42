using System.Globalization;
using System.Text;
using NtkPure.Claims;
using NtkPure.Cli.IO;
using NtkPure.Cli.Output;

namespace NtkPure.Cli.Commands;

/// <summary>The Markdown report of a claim run: a summary table first, then per claim its statement, source,
/// verdict, evidence, and a figure wherever the claim carries one (a trajectory or a scaling law).</summary>
public static class Report
{
    public static void Write(string dir, IReadOnlyList<ClaimResult> results, ulong seed, double alphaF, double alpha, bool isLong)
    {
        Directory.CreateDirectory(dir);
        var md = new StringBuilder();
        md.Append("# NtkPure claim report\n\n");
        md.Append(FormattableString.Invariant(
            $"Run seed {seed}{(isLong ? ", long sizes" : "")}; {results.Count} claims; false-alarm budget α_F = {alphaF:G3}, α = {alpha:G3} per claim.\n\n"));
        md.Append("| id | kind | verdict | instances | hypothesis held | worst margin |\n|---|---|---|---|---|---|\n");
        foreach (var r in results)
            md.Append(FormattableString.Invariant(
                $"| [{r.Claim.Id}](#{Anchor(r.Claim.Id)}) | {r.Claim.Kind.ToString().ToLowerInvariant()} | **{r.Verdict}** | {r.Instances} | {r.HypothesisHeld} | {Num(r.WorstMargin)} |\n"));
        foreach (var r in results)
        {
            md.Append(FormattableString.Invariant($"\n## {r.Claim.Id}\n\n"));
            md.Append($"*Source:* {r.Claim.Source}  \n*Kind:* {r.Claim.Kind.ToString().ToLowerInvariant()}  \n*Hypotheses:* {r.Claim.Hypotheses}\n\n");
            md.Append("> " + r.Claim.Statement.Replace("\n", "\n> ") + "\n\n");
            md.Append(FormattableString.Invariant($"**{r.Verdict}** — {r.Instances} instances, hypothesis held on {r.HypothesisHeld}, worst margin {Num(r.WorstMargin)}.\n\n"));
            if (r.Details.Length > 0)
                md.Append(r.Details + "\n\n");
            if (r.Counterexample is { } ce)
                md.Append($"Counterexample: `ntk check --replay {r.Claim.Id}@{ce}`\n\n");
            if (r.Figure is { } f)
            {
                var png = Anchor(r.Claim.Id) + ".png";
                Plots.Xy(Path.Combine(dir, png), f.Title, f.XLabel, f.YLabel, FormattableString.Invariant($"{r.Claim.Id}, run seed {seed}"), f.LogX, f.LogY,
                    f.Series.Select(s => new Plots.Series(s.Label, s.X, s.Y)).ToList(), markers: true);
                md.Append($"![{r.Claim.Id}]({png})\n\n");
            }
        }
        AtomicFile.WriteAllText(Path.Combine(dir, "report.md"), md.ToString());
    }

    private static string Anchor(string id) => id.Replace('/', '-').Replace('.', '-').ToLowerInvariant();

    private static string Num(double v) => double.IsFinite(v) ? v.ToString("G3", CultureInfo.InvariantCulture) : "—";
}
