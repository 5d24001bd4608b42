using NtkPure.Cli.IO;
using Xunit;
using static NtkPure.Tests.IO.IoAssert;

namespace NtkPure.Tests.IO;

public class CsvTests
{
    private static InputException Rejects(TempDir dir, string text)
    {
        var path = dir.Write("bad.csv", text);
        return OneLine(Assert.Throws<InputException>(() => Csv.Read(path)), path);
    }

    [Fact]
    public void Reads_without_header()
    {
        using var dir = new TempDir();
        var (header, m) = Csv.Read(dir.Write("a.csv", "1,2.5,-3\n4e2, 0.1 ,6\n"));
        Assert.Null(header);
        Equal([2, 3], [1, 2.5, -3, 400, 0.1, 6], m);
    }

    [Fact]
    public void Detects_a_header_when_any_first_cell_is_not_a_number()
    {
        using var dir = new TempDir();
        var (header, m) = Csv.Read(dir.Write("a.csv", "x1, 2 ,y\r\n1,2,3\r\n\r\n\n  \n"));
        Assert.Equal(["x1", "2", "y"], header!);
        Equal([1, 3], [1, 2, 3], m);
    }

    [Fact]
    public void A_header_alone_gives_zero_rows()
    {
        using var dir = new TempDir();
        var (header, m) = Csv.Read(dir.Write("a.csv", "a,b\n"));
        Assert.Equal(["a", "b"], header!);
        Equal([0, 2], [], m);
    }

    [Fact]
    public void Parses_non_finite_spellings_and_leaves_rejection_to_the_caller()
    {
        using var dir = new TempDir();
        var (_, m) = Csv.Read(dir.Write("a.csv", "1,nan,NaN,inf,-inf,+Inf,Infinity,-Infinity,INF\n"));
        Equal([1, 9], [1, double.NaN, double.NaN, double.PositiveInfinity, double.NegativeInfinity,
            double.PositiveInfinity, double.PositiveInfinity, double.NegativeInfinity, double.PositiveInfinity], m);
        Assert.Equal(1, m.FirstNonFinite());
    }

    [Fact]
    public void Ragged_rows_name_the_line()
    {
        using var dir = new TempDir();
        var e = Rejects(dir, "a,b,c\n1,2,3\n4,5\n");
        Assert.EndsWith(": line 3: expected 3 columns, got 2", e.Message);
        Assert.Null(e.Key);
    }

    [Fact]
    public void Non_numeric_cells_name_line_and_column()
    {
        using var dir = new TempDir();
        Assert.EndsWith(": line 2, column 2: not a number: 'abc'", Rejects(dir, "1,2\n3,abc\n").Message);
        Assert.EndsWith(": line 3, column 1: not a number: ''", Rejects(dir, "a,b\n1,2\n,4\n").Message);
        // Quoting is not part of the format.
        Assert.EndsWith(": line 2, column 1: not a number: '\"1\"'", Rejects(dir, "a\n\"1\"\n").Message);
    }

    [Fact]
    public void Blank_lines_inside_and_empty_files_are_rejected()
    {
        using var dir = new TempDir();
        Assert.EndsWith(": line 2: blank line inside the data", Rejects(dir, "1,2\n\n3,4\n").Message);
        Assert.EndsWith(": file has no rows", Rejects(dir, "\n\n").Message);
        Assert.Equal("gone.csv: no such file", Assert.Throws<InputException>(() => Csv.Read("gone.csv")).Message);
    }

    [Fact]
    public void Dataset_takes_the_last_column_as_label()
    {
        using var dir = new TempDir();
        var (x, y) = Csv.ReadDataset(dir.Write("d.csv", "1,2,10\n3,4,20\n5,6,30\n"));
        Equal([3, 2], [1, 2, 3, 4, 5, 6], x);
        Equal([3], [10, 20, 30], y);
    }

    [Fact]
    public void Dataset_takes_a_column_named_y_as_label()
    {
        using var dir = new TempDir();
        var (x, y) = Csv.ReadDataset(dir.Write("d.csv", "a,y,b\n1,10,2\n3,20,4\n"));
        Equal([2, 2], [1, 2, 3, 4], x);
        Equal([2], [10, 20], y);
    }

    [Fact]
    public void Dataset_needs_two_columns()
    {
        using var dir = new TempDir();
        var path = dir.Write("d.csv", "1\n2\n");
        Assert.Contains("at least 2 columns", Assert.Throws<InputException>(() => Csv.ReadDataset(path)).Message);
    }

    [Fact]
    public void Write_then_read_round_trips_exactly()
    {
        double[][] rows =
        [
            [0.1, 1.0 / 3, -0.0],
            [1e-300, double.MaxValue, double.Epsilon],
            [-1e300, double.MinValue, -double.Epsilon],
        ];
        var text = new StringWriter();
        Csv.Write(text, ["a", "b", "y"], rows);
        Assert.StartsWith("a,b,y\n0.1,0.3333333333333333,-0\n", text.ToString());

        using var dir = new TempDir();
        var path = dir.File("out.csv");
        Csv.WriteFile(path, ["a", "b", "y"], rows);
        Assert.Equal(text.ToString(), File.ReadAllText(path));
        var (header, m) = Csv.Read(path);
        Assert.Equal(["a", "b", "y"], header!);
        Equal([3, 3], [.. rows.SelectMany(r => r)], m);
    }

    [Fact]
    public void Write_leaves_NaN_an_empty_cell_and_refuses_infinities()
    {
        var text = new StringWriter();
        Csv.Write(text, ["step", "batch_loss"], [[0, double.NaN], [1, 0.25]]);
        Assert.Equal("step,batch_loss\n0,\n1,0.25\n", text.ToString());
        Assert.DoesNotContain("NaN", text.ToString());

        using var dir = new TempDir();
        var path = dir.File("t.csv");
        var e = Assert.Throws<NonFiniteOutputException>(() => Csv.WriteFile(path, ["a", "b"], [[1, 2], [3, double.PositiveInfinity]]));
        Assert.Equal(path, e.File);
        Assert.Contains("row 2, column 2 ('b') is Infinity", e.Message);
        Assert.Empty(Directory.GetFiles(dir.Path));
        var quiet = new StringWriter();
        Assert.Throws<NonFiniteOutputException>(() => Csv.Write(quiet, null, [[1], [double.NegativeInfinity]]));
        Assert.Equal("", quiet.ToString()); // checked before the first line
    }

    [Fact]
    public void Write_rejects_bad_headers_and_ragged_rows()
    {
        Assert.Throws<ArgumentException>(() => Csv.Write(new StringWriter(), ["a,b"], [[1.0]]));
        Assert.Throws<ArgumentException>(() => Csv.Write(new StringWriter(), ["a", "b"], [[1.0]]));
        Assert.Throws<ArgumentException>(() => Csv.Write(new StringWriter(), null, [[1.0], [1.0, 2.0]]));
    }
}
