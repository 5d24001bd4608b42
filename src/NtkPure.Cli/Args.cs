using System.Globalization;

namespace NtkPure.Cli;

/// <summary>
/// `--name value` options, `--flag` switches and positional words. Every option a command reads is marked
/// used; <see cref="RejectUnused"/> turns anything left (a typo, an option of another command) into a usage error.
/// </summary>
public sealed class Args
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags;

    public IReadOnlyList<string> Positional { get; }

    /// <param name="flags">Names that take no value.</param>
    public Args(IEnumerable<string> args, params string[] flags)
    {
        _flags = new HashSet<string>(flags, StringComparer.Ordinal);
        var positional = new List<string>();
        var list = args.ToList();
        for (int i = 0; i < list.Count; i++)
        {
            string a = list[i];
            if (a.StartsWith("--", StringComparison.Ordinal) && a.Length > 2)
            {
                string name = a;
                string? value = null;
                int eq = a.IndexOf('=');
                if (eq > 0)
                {
                    name = a[..eq];
                    value = a[(eq + 1)..];
                }
                if (_options.ContainsKey(name))
                    throw new UsageException($"option {name} given twice");
                if (!_flags.Contains(name) && value is null)
                {
                    if (i + 1 >= list.Count)
                        throw new UsageException($"option {name} needs a value");
                    value = list[++i];
                }
                _options[name] = value;
            }
            else
                positional.Add(a);
        }
        Positional = positional;
    }

    public bool Has(string name)
    {
        _used.Add(name);
        return _options.ContainsKey(name);
    }

    public bool Flag(string name) => Has(name);

    public string? String(string name)
    {
        _used.Add(name);
        return _options.TryGetValue(name, out var v) ? v : null;
    }

    public string String(string name, string fallback) => String(name) ?? fallback;

    public string Required(string name) => String(name) ?? throw new UsageException($"option {name} is required");

    public int Int(string name, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        var s = String(name);
        if (s is null)
            return fallback;
        if (!int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v))
            throw new UsageException($"option {name} expects an integer, got '{s}'");
        if (v < min || v > max)
            throw new UsageException(max == int.MaxValue ? $"option {name} must be ≥ {min}, got {v}" : $"option {name} must be in [{min}, {max}], got {v}");
        return v;
    }

    public double? Double(string name, double min = double.NegativeInfinity, bool exclusiveMin = false)
    {
        var s = String(name);
        if (s is null)
            return null;
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
            throw new UsageException($"option {name} expects a finite number, got '{s}'");
        if (exclusiveMin ? v <= min : v < min)
            throw new UsageException($"option {name} must be {(exclusiveMin ? ">" : "≥")} {min.ToString(CultureInfo.InvariantCulture)}, got {s}");
        return v;
    }

    public ulong Seed(string name = "--seed", ulong fallback = 0)
    {
        var s = String(name);
        if (s is null)
            return fallback;
        if (!ulong.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out ulong v))
            throw new UsageException($"option {name} expects a non-negative integer, got '{s}'");
        return v;
    }

    /// <summary>One of the given words; the error lists them.</summary>
    public string Choice(string name, string fallback, params string[] choices)
    {
        var s = String(name) ?? fallback;
        if (!choices.Contains(s, StringComparer.Ordinal))
            throw new UsageException($"option {name} must be one of {string.Join("|", choices)}, got '{s}'");
        return s;
    }

    public void RejectUnused(int allowedPositional = 0)
    {
        foreach (var k in _options.Keys)
            if (!_used.Contains(k))
                throw new UsageException($"unknown option {k}");
        if (Positional.Count > allowedPositional)
            throw new UsageException($"unexpected argument '{Positional[allowedPositional]}'");
    }
}
