namespace NtkPure.Cli.IO;

/// <summary>
/// An n-dimensional float64 array in C (row-major) order: element (i0, i1, ..., ik) is at
/// flat index ((i0 * Shape[1] + i1) * Shape[2] + ...) in <see cref="Data"/>.
/// A 0-d array has an empty shape and one element.
/// </summary>
public sealed class NdArray
{
    private readonly int[] _shape;

    /// <param name="shape">Dimensions, each ≥ 0; their product must equal <paramref name="data"/>.Length.</param>
    /// <param name="data">Elements in C order; not copied.</param>
    public NdArray(IReadOnlyList<int> shape, double[] data)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        _shape = [.. shape];
        long count = 1;
        foreach (var d in _shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(d, nameof(shape));
            count = checked(count * d);
        }
        if (count != data.LongLength)
            throw new ArgumentException($"shape ({string.Join(", ", _shape)}) holds {count} elements but data has {data.LongLength}", nameof(data));
        Data = data;
    }

    /// <summary>A 1-d array of the given values (not copied).</summary>
    public static NdArray Vector(double[] data) => new([data.Length], data);

    /// <summary>A rows × cols array of the given values in row-major order (not copied).</summary>
    public static NdArray Matrix(int rows, int cols, double[] data) => new([rows, cols], data);

    public IReadOnlyList<int> Shape => _shape;

    /// <summary>Elements in C (row-major) order.</summary>
    public double[] Data { get; }

    public int Rank => _shape.Length;

    public long Count => Data.LongLength;

    /// <summary>The flat (C-order) index of the first NaN or infinity, or -1 if all are finite.</summary>
    public long FirstNonFinite()
    {
        var data = Data;
        for (var i = 0; i < data.Length; i++)
        {
            if (!double.IsFinite(data[i])) return i;
        }
        return -1;
    }

    /// <summary>Shape as numpy prints it: <c>()</c>, <c>(4,)</c>, <c>(4, 3)</c>.</summary>
    public string ShapeText => FormatShape(_shape);

    internal static string FormatShape(IReadOnlyList<long> shape) =>
        shape.Count == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";

    internal static string FormatShape(IReadOnlyList<int> shape) =>
        shape.Count == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";

    /// <summary>The (C-order) flat index as a multi-index, for messages: <c>[2, 1]</c>.</summary>
    public string IndexText(long flat)
    {
        var idx = new long[_shape.Length];
        for (var a = _shape.Length - 1; a >= 0; a--)
        {
            var d = _shape[a];
            idx[a] = d == 0 ? 0 : flat % d;
            flat = d == 0 ? 0 : flat / d;
        }
        return $"[{string.Join(", ", idx)}]";
    }

    public override string ToString() => $"NdArray{ShapeText}";
}
