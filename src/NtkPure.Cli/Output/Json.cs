using System.Text;
using System.Text.Json;

namespace NtkPure.Cli.Output;

/// <summary>
/// JSON documents built as ordered key/value lists, so that key order is exactly the order written and the
/// same inputs give the same bytes. Numbers are written in invariant round-trip form; a non-finite number is
/// written as null (JSON has no NaN).
/// </summary>
public sealed class JsonObject : List<KeyValuePair<string, object?>>
{
    public JsonObject Add(string key, object? value)
    {
        Add(new KeyValuePair<string, object?>(key, value));
        return this;
    }

    public string ToJson() => Json.Serialize(this);
}

public static class Json
{
    /// <summary>Indented, and non-ASCII text (λ, ‖·‖, δ) written as itself rather than \u escapes.</summary>
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>A whole document (an object, or a list of them) as UTF-8 text with a final newline.</summary>
    public static string Serialize(object? value)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, Options))
            Write(w, value);
        return Encoding.UTF8.GetString(ms.ToArray()) + "\n";
    }

    public static void Write(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null:
                w.WriteNullValue();
                break;
            case JsonObject o:
                w.WriteStartObject();
                foreach (var (k, v) in o)
                {
                    w.WritePropertyName(k);
                    Write(w, v);
                }
                w.WriteEndObject();
                break;
            case string s:
                w.WriteStringValue(s);
                break;
            case bool b:
                w.WriteBooleanValue(b);
                break;
            case double d:
                if (double.IsFinite(d))
                    w.WriteNumberValue(d);
                else
                    w.WriteNullValue();
                break;
            case int i:
                w.WriteNumberValue(i);
                break;
            case long l:
                w.WriteNumberValue(l);
                break;
            case ulong u:
                w.WriteNumberValue(u);
                break;
            case System.Collections.IEnumerable e:
                w.WriteStartArray();
                foreach (var item in e)
                    Write(w, item);
                w.WriteEndArray();
                break;
            default:
                w.WriteStringValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
        }
    }
}
