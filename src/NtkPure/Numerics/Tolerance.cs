namespace NtkPure.Numerics;

/// <summary>
/// How close two computed numbers must be: |a − b| ≤ Absolute + Relative·max(|a|, |b|). Tolerances are built
/// from the size of the computation (how many rounded operations feed a number, and the magnitude of what they
/// add up), never picked to make a test pass.
/// </summary>
public sealed record Tolerance(double Absolute, double Relative)
{
    public const double Epsilon = 2.220446049250313e-16; // 2^-52, the spacing of doubles at 1

    /// <summary>
    /// A bound for a quantity produced by <paramref name="operations"/> rounded operations on terms whose
    /// magnitudes add up to <paramref name="scale"/>: c·operations·ε·scale with a safety factor c.
    /// </summary>
    public static Tolerance ForOperations(double operations, double scale, double safety = 4.0) =>
        new(safety * Math.Max(1.0, operations) * Epsilon * Math.Max(scale, double.Epsilon), safety * Math.Max(1.0, operations) * Epsilon);

    public double Bound(double a, double b) => Absolute + Relative * Math.Max(Math.Abs(a), Math.Abs(b));

    /// <summary>Bound − |a − b|: non-negative when the two agree; NaN compares as disagreement.</summary>
    public double Margin(double a, double b)
    {
        double m = Bound(a, b) - Math.Abs(a - b);
        return double.IsNaN(m) ? double.NegativeInfinity : m;
    }

    public bool Close(double a, double b) => Margin(a, b) >= 0;

    /// <summary>Entrywise agreement of two vectors: the smallest margin over the entries.</summary>
    public double Margin(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length)
            return double.NegativeInfinity;
        double worst = double.PositiveInfinity;
        for (int i = 0; i < a.Length; i++)
            worst = Math.Min(worst, Margin(a[i], b[i]));
        return a.Length == 0 ? 0 : worst;
    }

    public bool Close(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => Margin(a, b) >= 0;

    public bool Close(Vec a, Vec b) => Close(a.Span, b.Span);

    public bool Close(Mat a, Mat b) => a.Rows == b.Rows && a.Cols == b.Cols && Close(a.Span, b.Span);
}
