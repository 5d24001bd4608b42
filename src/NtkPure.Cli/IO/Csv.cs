using System.Globalization;

namespace NtkPure.Cli.IO;

/// <summary>
/// Plain numeric CSV: comma-separated numbers in invariant culture, one row per line, an optional
/// header row, no quoting. Datasets put features first and the label last (or in a column named
/// <c>y</c>).
/// </summary>
public static class Csv
{
    /// <summary>
    /// Reads a numeric table as an n × d matrix. The first row is a header when any of its cells is
    /// not a number. Blank lines at the end are ignored. "nan", "inf", "-inf", "NaN", "Infinity"
    /// (any case) parse as the matching doubles; rejecting them is the caller's decision
    /// (see <see cref="NdArray.FirstNonFinite"/>).
    /// </summary>
    /// <returns>The header cells (trimmed) or null, and the n × d matrix (0 × d for a header alone).</returns>
    /// <exception cref="InputException">
    /// Missing or unreadable file, no rows, a blank line inside the data, rows of unequal length
    /// (names the line), or a non-numeric cell (names line and column, both 1-based).
    /// </exception>
    public static (string[]? Header, NdArray Matrix) Read(string path)
    {
        List<string> lines;
        try
        {
            using var file = FileInput.Open(path);
            using var reader = new StreamReader(file);
            lines = [];
            while (reader.ReadLine() is { } line) lines.Add(line);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(path, null, FileInput.Describe(e), e);
        }
        var end = lines.Count;
        while (end > 0 && string.IsNullOrWhiteSpace(lines[end - 1])) end--;
        if (end == 0) throw new InputException(path, null, "file has no rows");

        var first = lines[0].Split(',');
        string[]? header = null;
        foreach (var cell in first)
        {
            if (!TryParse(cell, out _))
            {
                header = Array.ConvertAll(first, c => c.Trim());
                break;
            }
        }
        var columns = first.Length;
        var start = header is null ? 0 : 1;
        var rows = end - start;
        var data = new double[(long)rows * columns];
        for (var r = 0; r < rows; r++)
        {
            var lineNumber = start + r + 1;
            var line = lines[start + r];
            if (string.IsNullOrWhiteSpace(line))
                throw new InputException(path, null, $"line {lineNumber}: blank line inside the data");
            var cells = line.Split(',');
            if (cells.Length != columns)
                throw new InputException(path, null, $"line {lineNumber}: expected {columns} columns, got {cells.Length}");
            for (var c = 0; c < columns; c++)
            {
                if (!TryParse(cells[c], out data[(long)r * columns + c]))
                    throw new InputException(path, null, $"line {lineNumber}, column {c + 1}: not a number: {InputException.Quote(cells[c].Trim())}");
            }
        }
        return (header, NdArray.Matrix(rows, columns, data));
    }

    /// <summary>
    /// Reads a dataset: X is n × (d − 1), y has n elements. The label column is the one whose
    /// header is <c>y</c>, or else the last.
    /// </summary>
    /// <exception cref="InputException">As <see cref="Read"/>, or fewer than two columns.</exception>
    public static (NdArray X, NdArray Y) ReadDataset(string path)
    {
        var (header, m) = Read(path);
        int rows = m.Shape[0], columns = m.Shape[1];
        if (columns < 2)
            throw new InputException(path, null, $"a dataset needs at least 2 columns (features, then the label), got {columns}");
        var label = header is null ? -1 : Array.IndexOf(header, "y");
        if (label < 0) label = columns - 1;

        var x = new double[(long)rows * (columns - 1)];
        var y = new double[rows];
        var src = m.Data;
        for (var r = 0; r < rows; r++)
        {
            var row = src.AsSpan(r * columns, columns);
            y[r] = row[label];
            row[..label].CopyTo(x.AsSpan(r * (columns - 1)));
            row[(label + 1)..].CopyTo(x.AsSpan(r * (columns - 1) + label));
        }
        return (NdArray.Matrix(rows, columns - 1, x), NdArray.Vector(y));
    }

    /// <summary>
    /// Writes an optional header line and one line per row, numbers in invariant round-trip form. NaN marks a
    /// value the row does not define (a batch loss before the first batch) and is written as an empty cell, as
    /// in trajectory.csv; the text "NaN" never reaches the file.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// A header cell holding a comma, quote or line break, or a row whose length differs from the
    /// header's (or the first row's).
    /// </exception>
    /// <exception cref="NonFiniteOutputException">A value is infinite (checked before anything is written).</exception>
    public static void Write(TextWriter writer, string[]? header, IReadOnlyList<double[]> rows)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(rows);
        var columns = header?.Length ?? (rows.Count > 0 ? rows[0].Length : 0);
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            for (var c = 0; c < row.Length; c++)
            {
                if (double.IsInfinity(row[c]))
                    throw new NonFiniteOutputException(null, null, $"row {r + 1}, column {c + 1}{(header is not null && c < header.Length ? $" ('{header[c]}')" : "")}", row[c]);
            }
        }
        if (header is not null)
        {
            foreach (var h in header)
            {
                if (h.AsSpan().IndexOfAny(",\"\r\n") >= 0)
                    throw new ArgumentException($"header cell {InputException.Quote(h)} holds a comma, quote or line break", nameof(header));
            }
            writer.Write(string.Join(',', header));
            writer.Write('\n');
        }
        Span<char> buffer = stackalloc char[32];
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            if (row.Length != columns)
                throw new ArgumentException($"row {r} has {row.Length} values, expected {columns}", nameof(rows));
            for (var c = 0; c < row.Length; c++)
            {
                if (c > 0) writer.Write(',');
                if (double.IsNaN(row[c])) continue; // a value the row does not define: an empty cell
                row[c].TryFormat(buffer, out var n, "R", CultureInfo.InvariantCulture);
                writer.Write(buffer[..n]);
            }
            writer.Write('\n');
        }
    }

    /// <summary>Writes a CSV file atomically (see <see cref="AtomicFile"/>).</summary>
    public static void WriteFile(string path, string[]? header, IReadOnlyList<double[]> rows)
    {
        try
        {
            AtomicFile.Write(path, s =>
            {
                using var w = new StreamWriter(s, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true);
                Write(w, header, rows);
            });
        }
        catch (NonFiniteOutputException e) when (e.File is null)
        {
            throw e.For(path);
        }
    }

    private static bool TryParse(string cell, out double value)
    {
        var s = cell.AsSpan().Trim();
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return true;
        // Python and numpy write "inf"; .NET only knows "Infinity".
        var sign = 1.0;
        if (s.Length > 0 && s[0] is '+' or '-')
        {
            sign = s[0] == '-' ? -1.0 : 1.0;
            s = s[1..];
        }
        value = sign * double.PositiveInfinity;
        return s.Equals("inf", StringComparison.OrdinalIgnoreCase);
    }
}
