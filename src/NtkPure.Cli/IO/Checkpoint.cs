using System.Text.Json;
using NtkPure.Cli.Output;

namespace NtkPure.Cli.IO;

/// <summary>
/// The finished units of a long run (claims of a check, units of a figure), kept in one JSON file that is
/// rewritten atomically after each unit, so it is always whole: a killed run leaves the last good state. The file
/// carries the run's key — its arguments, seed and the build of ntk — and a run with another key never reuses it:
/// such a file is reported on stderr and replaced. A file that is not a checkpoint, or is damaged, is refused
/// (<see cref="InputException"/>, exit 2) rather than overwritten.
/// </summary>
public sealed class Checkpoint
{
    private const string Format = "ntk-checkpoint/1";
    private readonly List<KeyValuePair<string, JsonElement>> _entries = [];
    private readonly Dictionary<string, JsonElement> _byKey = new(StringComparer.Ordinal);

    private Checkpoint(string path, string kind, string run)
    {
        Path = path;
        Kind = kind;
        Run = run;
    }

    public string Path { get; }

    public string Kind { get; }

    public string Run { get; }

    /// <summary>How many units the file held when it was opened: the work a resumed run reuses.</summary>
    public int Reused { get; private set; }

    /// <summary>
    /// The key of a run: the command's kind and arguments with the build of the code that computes, so that a
    /// rebuilt ntk (which may compute differently) starts afresh. Deterministic builds keep the key for the same source.
    /// </summary>
    public static string Key(params string[] parts)
    {
        string build = string.Join(",", new[] { typeof(Claims.Claim).Assembly, typeof(Checkpoint).Assembly }.Select(a => a.ManifestModule.ModuleVersionId.ToString("N")));
        return string.Join(";", parts) + ";build=" + build;
    }

    /// <summary>Opens the checkpoint of a run: the units of an earlier run with the same key, or none.</summary>
    public static Checkpoint Open(string path, string kind, string run, TextWriter stderr)
    {
        var c = new Checkpoint(path, kind, run);
        if (Directory.Exists(path))
            throw new InputException(path, null, "is a directory, not a checkpoint file");
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
            return c;
        }
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new InputException(path, null, $"not an ntk checkpoint or damaged ({e.Message.ReplaceLineEndings(" ")}); delete it to start afresh");
        }
        catch (IOException e)
        {
            throw new InputException(path, null, "cannot read the checkpoint: " + e.Message);
        }
        using (doc)
        {
            var root = doc.RootElement;
            try
            {
                if (Commands.ClaimRecords.Str(root, "format") != Format || Commands.ClaimRecords.Str(root, "kind") != kind)
                    throw new FormatException($"not an ntk {kind} checkpoint");
                if (Commands.ClaimRecords.Str(root, "run") != run)
                {
                    stderr.WriteLine($"ntk: warning: {path} is the checkpoint of a different run (other arguments, seed or build of ntk); starting afresh and replacing it");
                    return c;
                }
                var entries = Commands.ClaimRecords.Get(root, "entries");
                if (entries.ValueKind != JsonValueKind.Array)
                    throw new FormatException("field 'entries' is not an array");
                foreach (var e in entries.EnumerateArray())
                {
                    string key = Commands.ClaimRecords.Str(e, "key");
                    if (!c._byKey.TryAdd(key, Commands.ClaimRecords.Get(e, "value").Clone()))
                        throw new FormatException($"unit '{key}' recorded twice");
                    c._entries.Add(new(key, c._byKey[key]));
                }
            }
            catch (FormatException e)
            {
                throw new InputException(path, null, $"not an ntk checkpoint or damaged ({e.Message}); delete it to start afresh");
            }
        }
        c.Reused = c._entries.Count;
        return c;
    }

    public bool TryGet(string key, out JsonElement value)
    {
        lock (_entries)
            return _byKey.TryGetValue(key, out value);
    }

    /// <summary>Records a finished unit and rewrites the file (atomically: the old file stays until the new one is whole).</summary>
    public void Add(string key, JsonElement value)
    {
        lock (_entries)
            AddLocked(key, value);
    }

    private void AddLocked(string key, JsonElement value)
    {
        if (!_byKey.TryAdd(key, value))
            throw new InvalidOperationException($"unit '{key}' recorded twice");
        _entries.Add(new(key, value));
        AtomicFile.Write(Path, stream =>
        {
            using var w = new Utf8JsonWriter(stream);
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteString("kind", Kind);
            w.WriteString("run", Run);
            w.WriteStartArray("entries");
            foreach (var (k, v) in _entries)
            {
                w.WriteStartObject();
                w.WriteString("key", k);
                w.WritePropertyName("value");
                v.WriteTo(w);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    public void Add(string key, JsonObject value) => Add(key, Commands.ClaimRecords.Element(value));

    /// <summary>Removes the file once the run's outputs are written: it has served its purpose.</summary>
    public void Delete()
    {
        if (File.Exists(Path))
            File.Delete(Path);
    }
}
