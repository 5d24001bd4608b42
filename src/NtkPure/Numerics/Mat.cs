using MathNet.Numerics.LinearAlgebra.Double;

namespace NtkPure.Numerics;

/// <summary>
/// An immutable row-major matrix of doubles (Rows×Cols). Row i is <c>Span.Slice(i·Cols, Cols)</c>. The backing
/// array is owned and never written after construction.
/// </summary>
public sealed class Mat : IEquatable<Mat>
{
    internal readonly double[] Data;

    public int Rows { get; }
    public int Cols { get; }

    private Mat(int rows, int cols, double[] data)
    {
        if (rows < 0 || cols < 0 || (long)rows * cols != data.Length)
            throw new ArgumentException($"a {rows}×{cols} matrix needs {(long)rows * cols} values, got {data.Length}");
        Rows = rows;
        Cols = cols;
        Data = data;
    }

    /// <summary>Takes ownership of <paramref name="data"/> (row-major): the caller must not write to it again.</summary>
    internal static Mat Own(int rows, int cols, double[] data) => new(rows, cols, data);

    public static Mat FromRowMajor(int rows, int cols, ReadOnlySpan<double> data) => new(rows, cols, data.ToArray());

    public static Mat FromRows(params double[][] rows)
    {
        int r = rows.Length, c = r == 0 ? 0 : rows[0].Length;
        var d = new double[r * c];
        for (int i = 0; i < r; i++)
        {
            if (rows[i].Length != c)
                throw new ArgumentException("ragged rows");
            rows[i].CopyTo(d, i * c);
        }
        return new(r, c, d);
    }

    public static Mat Zeros(int rows, int cols) => new(rows, cols, new double[(long)rows * cols]);

    public static Mat Identity(int n)
    {
        var d = new double[n * n];
        for (int i = 0; i < n; i++)
            d[i * n + i] = 1;
        return new(n, n, d);
    }

    public static Mat Create(int rows, int cols, Func<int, int, double> f)
    {
        var d = new double[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                d[i * cols + j] = f(i, j);
        return new(rows, cols, d);
    }

    public static Mat Diagonal(Vec v)
    {
        int n = v.Length;
        var d = new double[n * n];
        for (int i = 0; i < n; i++)
            d[i * n + i] = v[i];
        return new(n, n, d);
    }

    public double this[int i, int j] => Data[i * Cols + j];
    public ReadOnlySpan<double> Span => Data;

    public ReadOnlySpan<double> Row(int i) => Data.AsSpan(i * Cols, Cols);

    public Vec RowVec(int i) => Vec.From(Row(i));

    public double[] ToArray() => (double[])Data.Clone();

    public Mat Transpose()
    {
        var d = new double[Data.Length];
        for (int i = 0; i < Rows; i++)
            for (int j = 0; j < Cols; j++)
                d[j * Rows + i] = Data[i * Cols + j];
        return new(Cols, Rows, d);
    }

    /// <summary>A·B.</summary>
    public static Mat operator *(Mat a, Mat b)
    {
        if (a.Cols != b.Rows)
            throw new ArgumentException($"shape mismatch: {a.Rows}×{a.Cols} · {b.Rows}×{b.Cols}");
        var c = new double[a.Rows * b.Cols];
        Gemm.Multiply(MatView.RowMajor(a.Data, a.Rows, a.Cols), MatView.RowMajor(b.Data, b.Rows, b.Cols), c, accumulate: false);
        return new(a.Rows, b.Cols, c);
    }

    /// <summary>A·Bᵀ for row-major A (p×k) and B (q×k).</summary>
    public Mat MultiplyTransposed(Mat b)
    {
        if (Cols != b.Cols)
            throw new ArgumentException($"shape mismatch: {Rows}×{Cols} · ({b.Rows}×{b.Cols})ᵀ");
        var c = new double[Rows * b.Rows];
        Gemm.Multiply(MatView.RowMajor(Data, Rows, Cols), MatView.Transposed(b.Data, b.Rows, b.Cols), c, accumulate: false);
        return new(Rows, b.Rows, c);
    }

    /// <summary>Aᵀ·B for row-major A (k×p) and B (k×q).</summary>
    public Mat TransposeMultiply(Mat b)
    {
        if (Rows != b.Rows)
            throw new ArgumentException($"shape mismatch: ({Rows}×{Cols})ᵀ · {b.Rows}×{b.Cols}");
        var c = new double[Cols * b.Cols];
        Gemm.Multiply(MatView.Transposed(Data, Rows, Cols), MatView.RowMajor(b.Data, b.Rows, b.Cols), c, accumulate: false);
        return new(Cols, b.Cols, c);
    }

    /// <summary>The Gram matrix A·Aᵀ (Rows×Rows), symmetric by construction.</summary>
    public Mat Gram()
    {
        var g = MultiplyTransposed(this);
        var d = g.Data;
        int n = Rows;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++)
                d[j * n + i] = d[i * n + j];
        return g;
    }

    public static Vec operator *(Mat a, Vec x)
    {
        if (a.Cols != x.Length)
            throw new ArgumentException($"shape mismatch: {a.Rows}×{a.Cols} · {x.Length}");
        var r = new double[a.Rows];
        for (int i = 0; i < a.Rows; i++)
            r[i] = Blas.Dot(a.Row(i), x.Span);
        return Vec.Own(r);
    }

    /// <summary>Aᵀx.</summary>
    public Vec TransposeTimes(Vec x)
    {
        if (Rows != x.Length)
            throw new ArgumentException($"shape mismatch: ({Rows}×{Cols})ᵀ · {x.Length}");
        var r = new double[Cols];
        for (int i = 0; i < Rows; i++)
            Blas.Axpy(x[i], Row(i), r);
        return Vec.Own(r);
    }

    public static Mat operator +(Mat a, Mat b) => a.AddScaled(1.0, b);

    public static Mat operator -(Mat a, Mat b) => a.AddScaled(-1.0, b);

    public static Mat operator *(double s, Mat a)
    {
        var d = new double[a.Data.Length];
        for (int i = 0; i < d.Length; i++)
            d[i] = s * a.Data[i];
        return new(a.Rows, a.Cols, d);
    }

    /// <summary>A + alpha·B.</summary>
    public Mat AddScaled(double alpha, Mat b)
    {
        if (Rows != b.Rows || Cols != b.Cols)
            throw new ArgumentException($"shape mismatch: {Rows}×{Cols} vs {b.Rows}×{b.Cols}");
        var d = ToArray();
        Blas.Axpy(alpha, b.Data, d);
        return new(Rows, Cols, d);
    }

    /// <summary>Entrywise (Hadamard) product.</summary>
    public Mat Hadamard(Mat b)
    {
        if (Rows != b.Rows || Cols != b.Cols)
            throw new ArgumentException($"shape mismatch: {Rows}×{Cols} vs {b.Rows}×{b.Cols}");
        var d = new double[Data.Length];
        for (int i = 0; i < d.Length; i++)
            d[i] = Data[i] * b.Data[i];
        return new(Rows, Cols, d);
    }

    public double FrobeniusNorm() => Math.Sqrt(Blas.Dot(Data, Data));

    public double MaxAbs()
    {
        double m = 0;
        foreach (var v in Data)
            m = Math.Max(m, Math.Abs(v));
        return m;
    }

    public bool AllFinite()
    {
        foreach (var v in Data)
            if (!double.IsFinite(v))
                return false;
        return true;
    }

    /// <summary>
    /// Zero-copy hand-off to MathNet. MathNet stores column-major, so the row-major storage of A is the
    /// column-major storage of Aᵀ: the view is exact for symmetric matrices, and transposed otherwise.
    /// MathNet's factorisations copy their input, so the view is never written.
    /// </summary>
    internal DenseMatrix AsMathNetTransposed() => new(Cols, Rows, Data);

    /// <summary>A copy as a MathNet matrix with the same orientation.</summary>
    public DenseMatrix ToMathNet() => DenseMatrix.OfArray(ToArray2D());

    public double[,] ToArray2D()
    {
        var r = new double[Rows, Cols];
        for (int i = 0; i < Rows; i++)
            for (int j = 0; j < Cols; j++)
                r[i, j] = Data[i * Cols + j];
        return r;
    }

    public static Mat FromMathNet(MathNet.Numerics.LinearAlgebra.Matrix<double> m) =>
        Create(m.RowCount, m.ColumnCount, (i, j) => m[i, j]);

    public bool Equals(Mat? other) =>
        other is not null && Rows == other.Rows && Cols == other.Cols && Data.AsSpan().SequenceEqual(other.Data);

    public override bool Equals(object? obj) => obj is Mat m && Equals(m);

    public override int GetHashCode() => HashCode.Combine(Rows, Cols, Data.Length > 0 ? Data[0] : 0);

    public override string ToString() => $"Mat {Rows}×{Cols}";
}
