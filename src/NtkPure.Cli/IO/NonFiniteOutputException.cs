using System.Globalization;

namespace NtkPure.Cli.IO;

/// <summary>
/// A writer was handed a NaN or an infinity. No output file may hold one (a reader downstream would take it for
/// data), so the .npy, .npz and CSV writers refuse the whole file and nothing is written. Reaching a writer with
/// one means a computation was not stopped where it went non-finite: the message names file, key and element.
/// </summary>
public sealed class NonFiniteOutputException : Exception
{
    public NonFiniteOutputException(string? file, string? key, string element, double value)
        : base(Compose(file, key, element, value))
    {
        File = file;
        Key = key;
        Element = element;
        Value = value;
    }

    public string? File { get; }

    public string? Key { get; }

    /// <summary>The element's index as text: <c>[2, 1]</c>, or <c>row 3, column 2</c> for CSV.</summary>
    public string Element { get; }

    public double Value { get; }

    /// <summary>The same problem, now naming the file.</summary>
    public NonFiniteOutputException For(string file) => new(file, Key, Element, Value);

    private static string Compose(string? file, string? key, string element, double value) =>
        $"refusing to write {(file is null ? "the output" : InputException.OneLine(file))}: {(key is null ? "" : $"key '{InputException.OneLine(key)}' ")}element {element} is {value.ToString(CultureInfo.InvariantCulture)} (output files hold finite numbers only); nothing was written";

    /// <summary>Throws when <paramref name="array"/> holds a non-finite element.</summary>
    internal static void ThrowIfAny(NdArray array, string? file, string? key)
    {
        long bad = array.FirstNonFinite();
        if (bad >= 0)
            throw new NonFiniteOutputException(file, key, array.IndexText(bad), array.Data[bad]);
    }
}
