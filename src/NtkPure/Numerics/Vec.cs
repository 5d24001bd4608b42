using System.Collections;
using System.Globalization;

namespace NtkPure.Numerics;

/// <summary>
/// An immutable vector of doubles. The backing array is owned and never written after construction; reads go
/// through <see cref="Span"/>. Equality is structural (bitwise on the values).
/// </summary>
public sealed class Vec : IEquatable<Vec>, IReadOnlyList<double>
{
    internal readonly double[] Data;

    private Vec(double[] data) => Data = data;

    /// <summary>Takes ownership of <paramref name="data"/>: the caller must not write to it again.</summary>
    internal static Vec Own(double[] data) => new(data);

    public static Vec Of(params double[] values) => new((double[])values.Clone());

    public static Vec From(ReadOnlySpan<double> values) => new(values.ToArray());

    public static Vec Zeros(int n) => new(new double[n]);

    public static Vec Constant(int n, double value)
    {
        var d = new double[n];
        Array.Fill(d, value);
        return new(d);
    }

    public static Vec Create(int n, Func<int, double> f)
    {
        var d = new double[n];
        for (int i = 0; i < n; i++)
            d[i] = f(i);
        return new(d);
    }

    public int Length => Data.Length;
    public int Count => Data.Length;
    public double this[int i] => Data[i];
    public ReadOnlySpan<double> Span => Data;

    public double[] ToArray() => (double[])Data.Clone();

    public static Vec operator +(Vec x, Vec y) => Zip(x, y, 1.0);

    public static Vec operator -(Vec x, Vec y) => Zip(x, y, -1.0);

    public static Vec operator *(double s, Vec x)
    {
        var r = new double[x.Length];
        for (int i = 0; i < r.Length; i++)
            r[i] = s * x.Data[i];
        return new(r);
    }

    public static Vec operator -(Vec x) => -1.0 * x;

    private static Vec Zip(Vec x, Vec y, double sign)
    {
        if (x.Length != y.Length)
            throw new ArgumentException($"length mismatch: {x.Length} vs {y.Length}");
        var r = new double[x.Length];
        for (int i = 0; i < r.Length; i++)
            r[i] = x.Data[i] + sign * y.Data[i];
        return new(r);
    }

    /// <summary>x + alpha·y.</summary>
    public Vec AddScaled(double alpha, Vec y)
    {
        var r = ToArray();
        Blas.Axpy(alpha, y.Span, r);
        return new(r);
    }

    public double Dot(Vec y) => Blas.Dot(Span, y.Span);

    public double Norm2() => Math.Sqrt(Blas.Dot(Span, Span));

    public double NormSquared() => Blas.Dot(Span, Span);

    public double NormInf()
    {
        double m = 0;
        foreach (var v in Data)
            m = Math.Max(m, Math.Abs(v));
        return m;
    }

    public double Sum()
    {
        double s = 0;
        foreach (var v in Data)
            s += v;
        return s;
    }

    public bool AllFinite()
    {
        foreach (var v in Data)
            if (!double.IsFinite(v))
                return false;
        return true;
    }

    public Vec Map(Func<double, double> f)
    {
        var r = new double[Length];
        for (int i = 0; i < r.Length; i++)
            r[i] = f(Data[i]);
        return new(r);
    }

    public bool Equals(Vec? other) => other is not null && Data.AsSpan().SequenceEqual(other.Data);

    public override bool Equals(object? obj) => obj is Vec v && Equals(v);

    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var v in Data)
            h.Add(v);
        return h.ToHashCode();
    }

    public IEnumerator<double> GetEnumerator() => ((IEnumerable<double>)Data).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => Data.GetEnumerator();

    public override string ToString() =>
        "[" + string.Join(", ", Data.Take(8).Select(v => v.ToString("G6", CultureInfo.InvariantCulture))) + (Length > 8 ? ", …]" : "]");
}
