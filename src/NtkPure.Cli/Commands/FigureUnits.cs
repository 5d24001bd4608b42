using System.Text.Json;
using System.Text.Json.Serialization;
using NtkPure.Cli.IO;

namespace NtkPure.Cli.Commands;

/// <summary>
/// Resumable figures. A figure whose experiment is a loop over independent units (a width, a dimension, a
/// scaling) computes each through <see cref="Unit{T}"/>: a finished unit is recorded in DIR/NAME.checkpoint,
/// keyed by the figure, size, seed and build of ntk, and a rerun with the same arguments — after an interruption
/// or after completion — reads it back instead of computing it again. Units must not depend on which other units
/// run (each derives its random streams from the seed and its own label), so the table is the same bytes either
/// way. The file is kept after completion; delete it to force a recomputation.
/// </summary>
public static partial class FigureCommand
{
    private static readonly JsonSerializerOptions UnitJson = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>The checkpoint of the figure being computed on this logical call (it flows into parallel loops; concurrent runs in one process keep their own).</summary>
    private static readonly AsyncLocal<Checkpoint?> CurrentUnits = new();

    public static int Run(IEnumerable<string> argv, TextWriter stdout, TextWriter stderr) => Run(argv, stdout, stderr, CancellationToken.None);

    /// <summary>
    /// Runs a figure with its units checkpointed in <paramref name="outDir"/>; a cancellation stops it at the next
    /// progress report or unit boundary (finished units stay recorded) and exits with 130.
    /// </summary>
    private static Output RunResumable(string name, Size size, ulong seed, string outDir, TextWriter stderr, CancellationToken cancel,
        Func<Action<int, int>, Output> run, Action<int, int> report)
    {
        Directory.CreateDirectory(outDir);
        var path = Path.Combine(outDir, name + ".checkpoint");
        var units = CurrentUnits.Value = Checkpoint.Open(path, "figure", Checkpoint.Key("figure", name, size.ToString(), "seed=" + seed.ToString(System.Globalization.CultureInfo.InvariantCulture)), stderr);
        if (units.Reused > 0)
            stderr.WriteLine($"ntk figure: resumed from {path}: {units.Reused} finished unit{(units.Reused == 1 ? "" : "s")} reused");
        try
        {
            cancel.ThrowIfCancellationRequested();
            var output = run((d, t) =>
            {
                cancel.ThrowIfCancellationRequested();
                report(d, t);
            });
            cancel.ThrowIfCancellationRequested();
            return output;
        }
        catch (Exception) when (cancel.IsCancellationRequested) // possibly wrapped by a parallel loop
        {
            throw new InterruptedException(File.Exists(path)
                ? $"interrupted; the finished units are kept in {path}: rerun the same command to resume"
                : "interrupted before any unit finished; nothing was written");
        }
        finally
        {
            CurrentUnits.Value = null;
        }
    }

    /// <summary>One unit of the figure being computed: read back from its checkpoint when an earlier run finished it.</summary>
    private static T Unit<T>(string key, Func<T> compute)
    {
        if (CurrentUnits.Value is not { } units)
            return compute();
        if (units.TryGet(key, out var saved))
        {
            try
            {
                return saved.Deserialize<T>(UnitJson) ?? throw new JsonException("null");
            }
            catch (JsonException e)
            {
                throw new InputException(units.Path, key, $"not an ntk checkpoint or damaged ({e.Message.ReplaceLineEndings(" ")}); delete it to start afresh");
            }
        }
        var value = compute();
        units.Add(key, JsonSerializer.SerializeToElement(value, UnitJson));
        return value;
    }
}
