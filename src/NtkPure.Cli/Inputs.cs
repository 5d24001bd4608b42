using NtkPure.Cli.IO;
using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Cli;

/// <summary>Turns files and options into validated core values; every problem is a one-line error.</summary>
public static class Inputs
{
    /// <summary>
    /// The dataset from `--data FILE.npz|FILE.csv` (npz keys X: n×d and y: n; CSV: label in the last column or
    /// the column named y) or from `--synthetic sphere|gaussian|cube|cube01 --n N --d D [--labels gaussian|sign]`.
    /// Returns a description for the summary too.
    /// </summary>
    public static (Dataset Data, string Source) Dataset(Args args, ulong seed, int defaultN = 16, int defaultD = 8)
    {
        var file = args.String("--data");
        bool synthetic = args.Has("--synthetic");
        if (file is not null && synthetic)
            throw new UsageException("give either --data or --synthetic, not both");
        if (file is not null)
        {
            if (args.Has("--n") || args.Has("--d"))
                throw new UsageException("--n and --d go with --synthetic; a --data file has its own sizes");
            return (Load(file), file);
        }
        var kind = args.Choice("--synthetic", "sphere", "sphere", "gaussian", "cube", "cube01");
        int n = args.Int("--n", defaultN, 1, 1 << 20);
        int d = args.Int("--d", defaultD, 1, 1 << 20);
        var labels = args.Choice("--labels", "gaussian", "gaussian", "sign") == "sign" ? LabelKind.Sign : LabelKind.Gaussian;
        var dist = kind switch
        {
            "sphere" => InputDistribution.Sphere,
            "gaussian" => InputDistribution.Gaussian,
            "cube" => InputDistribution.CubePm,
            _ => InputDistribution.Cube01,
        };
        CheckSize(file: null, (long)n * d, "X");
        return (Datasets.Synthetic(dist, n, d, seed, labels), $"synthetic {kind}, labels {(labels == LabelKind.Sign ? "sign" : "gaussian")}");
    }

    private static void CheckSize(string? file, long count, string key)
    {
        const long limit = 1L << 28; // 2 GiB of doubles
        if (count > limit)
            throw new UsageException($"{(file is null ? "" : file + ": ")}{key} would hold {count} numbers, more than the {limit} this command keeps in memory");
    }

    public static Dataset Load(string file)
    {
        NdArray x, y;
        if (file.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            (x, y) = Csv.ReadDataset(file);
        else if (file.EndsWith(".npz", StringComparison.OrdinalIgnoreCase))
        {
            var arrays = Npz.Read(file);
            x = Key(arrays, file, "X");
            y = Key(arrays, file, "y");
        }
        else
            throw new InputException(file, null, "unknown data format (expected .npz with keys X and y, or .csv)");
        var xm = Matrix(file, "X", x);
        var yv = Vector(file, "y", y);
        if (xm.Rows == 0 || xm.Cols == 0)
            throw new InputException(file, "X", $"needs at least one row and one column, got shape {x.ShapeText}");
        if (yv.Length != xm.Rows)
            throw new InputException(file, "y", $"has {yv.Length} entries but X has {xm.Rows} rows");
        SquaresFinite(file, "X", xm);
        SquaresFinite(file, "y", Mat.FromRowMajor(1, yv.Length, yv.Span));
        return new Dataset(xm, yv);
    }

    /// <summary>The initial weights from an npz with keys W (m×d) and a (m).</summary>
    public static (Mat W, Vec A) LoadInit(string file, int d)
    {
        if (!file.EndsWith(".npz", StringComparison.OrdinalIgnoreCase))
            throw new InputException(file, null, "initial weights must be an .npz with keys W (m×d) and a (m)");
        var arrays = Npz.Read(file);
        var w = Matrix(file, "W", Key(arrays, file, "W"));
        var a = Vector(file, "a", Key(arrays, file, "a"));
        if (w.Rows == 0)
            throw new InputException(file, "W", "needs at least one neuron (m ≥ 1)");
        if (w.Cols != d)
            throw new InputException(file, "W", $"has {w.Cols} columns but the data has d = {d}");
        if (a.Length != w.Rows)
            throw new InputException(file, "a", $"has {a.Length} entries but W has m = {w.Rows} rows");
        SquaresFinite(file, "W", w);
        SquaresFinite(file, "a", Mat.FromRowMajor(1, a.Length, a.Span));
        return (w, a);
    }

    private static NdArray Key(IReadOnlyDictionary<string, NdArray> arrays, string file, string key) =>
        arrays.TryGetValue(key, out var v) ? v : throw new InputException(file, key, $"missing (keys present: {string.Join(", ", arrays.Keys)})");

    private static Mat Matrix(string file, string key, NdArray a)
    {
        if (a.Rank != 2)
            throw new InputException(file, key, $"expected 2 dimensions, got shape {a.ShapeText}");
        Finite(file, key, a);
        return Mat.FromRowMajor(a.Shape[0], a.Shape[1], a.Data);
    }

    private static Vec Vector(string file, string key, NdArray a)
    {
        if (!(a.Rank == 1 || (a.Rank == 2 && a.Shape[1] == 1)))
            throw new InputException(file, key, $"expected 1 dimension, got shape {a.ShapeText}");
        Finite(file, key, a);
        return Vec.Of(a.Data);
    }

    private static void Finite(string file, string key, NdArray a)
    {
        long bad = a.FirstNonFinite();
        if (bad >= 0)
            throw new InputException(file, key, $"non-finite value {a.Data[bad].ToString(System.Globalization.CultureInfo.InvariantCulture)} at {a.IndexText(bad)}");
    }

    /// <summary>
    /// Every command forms inner products of rows (x_iᵀx_j, w_rᵀx) and squared norms (the loss ½‖u − y‖²): a row
    /// whose squared norm overflows a double cannot enter any of them, so it is an input error, not a NaN later.
    /// </summary>
    private static void SquaresFinite(string file, string key, Mat rows)
    {
        for (int i = 0; i < rows.Rows; i++)
        {
            var row = rows.Row(i);
            double sum = 0, largest = 0;
            for (int j = 0; j < row.Length; j++)
            {
                sum += row[j] * row[j];
                largest = Math.Max(largest, Math.Abs(row[j]));
            }
            if (!double.IsFinite(sum))
                throw new InputException(file, key, FormattableString.Invariant(
                    $"{(rows.Rows == 1 ? "the" : $"row {i}:")} squared norm overflows double precision (entries up to {largest:G3}); scale the values down"));
        }
    }

    public static Activation Activation(Args args)
    {
        var s = args.String("--activation", "relu");
        return Model.Activation.TryParse(s, out var a)
            ? a
            : throw new UsageException($"option --activation must be one of relu|leaky-relu[:A]|erf|softplus|tanh|identity, got '{s}'");
    }

    public static OutputScaling Scaling(Args args) =>
        args.Choice("--scaling", "ntk", "ntk", "mean-field", "none") switch
        {
            "ntk" => OutputScaling.Ntk,
            "mean-field" => OutputScaling.MeanField,
            _ => OutputScaling.None,
        };

    public static LossKind Loss(Args args) => args.Choice("--loss", "sum", "sum", "mean") == "sum" ? LossKind.Sum : LossKind.Mean;

    public static Layers Layers(Args args) =>
        args.Choice("--train", "first", "first", "second", "both") switch
        {
            "first" => Model.Layers.First,
            "second" => Model.Layers.Second,
            _ => Model.Layers.Both,
        };

    /// <summary>The initial net from `--init FILE.npz` or `--width M --init-scheme S`.</summary>
    public static (TwoLayerNet Net, string Source) Net(Args args, int d, ulong seed, int defaultWidth = 1024, string defaultScheme = "dzps")
    {
        var act = Activation(args);
        var scaling = Scaling(args);
        bool inputScaled = args.Flag("--input-scale");
        var file = args.String("--init");
        if (file is not null)
        {
            if (args.Has("--width") || args.Has("--init-scheme"))
                throw new UsageException("give either --init or --width/--init-scheme, not both");
            var (w, a) = LoadInit(file, d);
            return (new TwoLayerNet(w, a, act, scaling, inputScaled), file);
        }
        int m = args.Int("--width", defaultWidth, 1, 1 << 24);
        var schemeName = args.Choice("--init-scheme", defaultScheme, "dzps", "wu-kernel", "symmetric", "balanced");
        Initialization.TryParse(schemeName, out var scheme);
        if (scheme == InitScheme.Symmetric && m % 2 != 0)
            throw new UsageException($"--init-scheme symmetric needs an even --width, got {m}");
        CheckSize(null, (long)m * d, "W");
        return (Initialization.Net(scheme, m, d, seed, act, scaling, inputScaled), schemeName);
    }
}
