using System.Text;

namespace NtkPure.Cli.IO;

/// <summary>
/// A problem with the content of an input file. The message is always one line:
/// <c>file: key 'K': problem</c>, or <c>file: problem</c> when no key applies.
/// </summary>
public sealed class InputException : Exception
{
    public InputException(string file, string? key, string problem, Exception? inner = null)
        : base(Compose(file, key, problem), inner)
    {
        File = file;
        Key = key;
        Problem = problem;
    }

    /// <summary>The file name as the caller gave it.</summary>
    public string File { get; }

    /// <summary>The array key, zip entry or similar, when the problem is tied to one.</summary>
    public string? Key { get; }

    /// <summary>The problem alone, without file or key.</summary>
    public string Problem { get; }

    private static string Compose(string file, string? key, string problem) =>
        key is null
            ? $"{OneLine(file)}: {OneLine(problem)}"
            : $"{OneLine(file)}: key '{OneLine(key)}': {OneLine(problem)}";

    // Keys and cell text come from the file itself; a hostile one must not break the one-line rule.
    internal static string OneLine(string s)
    {
        var clean = true;
        foreach (var c in s)
        {
            if (char.IsControl(c)) { clean = false; break; }
        }
        if (clean) return s;
        var sb = new StringBuilder(s.Length + 8);
        foreach (var c in s)
        {
            if (!char.IsControl(c)) sb.Append(c);
            else sb.Append(c switch { '\n' => "\\n", '\r' => "\\r", '\t' => "\\t", _ => $"\\u{(int)c:x4}" });
        }
        return sb.ToString();
    }

    /// <summary>Quotes text taken from a file for a message, cut short if long.</summary>
    internal static string Quote(string s, int max = 40) =>
        "'" + OneLine(s.Length <= max ? s : s[..max] + "...") + "'";
}
