using System.Globalization;
using NtkPure.Cli.IO;
using NtkPure.Cli.Output;
using NtkPure.Kernels;
using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Cli.Commands;

/// <summary>
/// `ntk kernel`: computes an n×n kernel matrix on a dataset's inputs, writes it as .npy (atomically), and prints
/// n, λ_min, λ_max and the condition number; `--spectrum FILE` also writes the eigenvalues (ascending, unclamped).
/// </summary>
public static class KernelCommand
{
    public const string Usage =
        "ntk kernel [--data FILE.npz|FILE.csv | --synthetic sphere|gaussian|cube|cube01 --n N --d D]\n"
        + "           --kind hinf|arccos0|arccos1|relu-ntk|rf-sphere|erf-ntk|empirical-first|empirical-second|empirical-both|multilayer|hu-lin1\n"
        + "           [--layers L] [--activation relu|leaky-relu[:A]|erf|softplus|tanh|identity]\n"
        + "           [--init FILE.npz | --width M [--init-scheme S]] [--scaling ntk|mean-field|none] [--input-scale]\n"
        + "           [--seed S] [--spectrum FILE.npy|FILE.csv] [--json FILE] --out K.npy";

    private static readonly string[] Kinds =
        ["hinf", "arccos0", "arccos1", "relu-ntk", "rf-sphere", "erf-ntk", "empirical-first", "empirical-second", "empirical-both", "multilayer", "hu-lin1"];

    /// <summary>
    /// The largest n² this command accepts: K, the eigensolver's copy, its eigenvectors and workspace together
    /// hold about four n×n matrices of doubles, so 2^26 entries keep the peak near 2 GiB.
    /// </summary>
    private const long MaxEntries = 1L << 26;

    public static int Run(IEnumerable<string> argv, TextWriter stdout, TextWriter stderr)
    {
        var args = new Args(argv, "--input-scale");
        ulong seed = args.Seed();
        var outPath = args.Required("--out");
        var kind = args.String("--kind") ?? throw new UsageException($"option --kind is required (one of {string.Join("|", Kinds)})");
        if (!Kinds.Contains(kind, StringComparer.Ordinal))
            throw new UsageException($"unknown kernel kind '{kind}' (one of {string.Join("|", Kinds)})");
        var spectrumPath = args.String("--spectrum");
        var jsonPath = args.String("--json");
        if (!outPath.EndsWith(".npy", StringComparison.OrdinalIgnoreCase))
            throw new UsageException($"--out must name a .npy file, got '{outPath}'");
        if (spectrumPath is not null && !(spectrumPath.EndsWith(".npy", StringComparison.OrdinalIgnoreCase) || spectrumPath.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)))
            throw new UsageException($"--spectrum must name a .npy or .csv file, got '{spectrumPath}'");

        bool empirical = kind.StartsWith("empirical-", StringComparison.Ordinal);
        bool takesActivation = empirical || kind is "multilayer" or "hu-lin1";
        if (!takesActivation && args.Has("--activation"))
            throw new UsageException($"--activation does not apply to --kind {kind} (its activation is fixed: {(kind == "erf-ntk" ? "erf" : "ReLU")})");
        if (kind != "multilayer" && args.Has("--layers"))
            throw new UsageException("--layers goes with --kind multilayer");
        if (!empirical)
            foreach (var option in new[] { "--width", "--init", "--init-scheme", "--scaling", "--input-scale" })
                if (args.Has(option))
                    throw new UsageException($"{option} goes with the empirical kinds (empirical-first|empirical-second|empirical-both), not --kind {kind}");
        int layers = kind == "multilayer" ? args.Int("--layers", 1, 1, 1000) : 0;

        var (data, source) = Inputs.Dataset(args, seed);
        var x = data.X;
        int n = x.Rows;
        if ((long)n * n > MaxEntries)
            throw new UsageException(FormattableString.Invariant(
                $"--kind {kind} on n = {n} points makes a {n}×{n} matrix: {(long)n * n} numbers ({(long)n * n * 8.0 / (1L << 30):F1} GiB), and its spectrum needs about four such matrices; this command holds at most {MaxEntries} entries (n ≤ {(int)Math.Sqrt(MaxEntries)})"));
        TwoLayerNet? net = null;
        string? netSource = null;
        Activation activation = kind == "erf-ntk" ? Activation.Erf : Activation.Relu;
        if (empirical)
        {
            (net, netSource) = Inputs.Net(args, data.D, seed);
            activation = net.Activation;
            if ((long)n * net.Width > 1L << 27)
                throw new UsageException($"the empirical kernel holds n×m = {n}×{net.Width} pre-activations ({(long)n * net.Width} numbers); use a smaller --width or --n");
        }
        else if (takesActivation)
            activation = Inputs.Activation(args);
        args.RejectUnused();

        // a kernel that depends on the angle alone is undefined at a zero input; the others are 0 there
        int zero = Angles.FirstZeroRow(x);
        bool needsAngle = kind == "arccos0" || (kind == "multilayer" && activation.HasKink);
        if (zero >= 0 && needsAngle)
            throw new UsageException($"input x_{zero} (row {zero} of the data) has zero norm: --kind {kind}{(kind == "multilayer" ? " with " + activation.Name : "")} needs the angle between inputs, which a zero vector does not have");

        var (k, note) = Compute(kind, x, activation, layers, net);
        var spectrum = KernelSpectrum.Of(k);
        var conditioning = Conditioning.Of(spectrum.Eigenvalues.Span);
        var warnings = KernelWarnings.Report(stderr, conditioning, "K");

        Npy.WriteFile(outPath, NdArray.Matrix(n, n, k.ToArray()));
        if (spectrumPath is not null)
        {
            var values = spectrum.Eigenvalues.ToArray();
            if (spectrumPath.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
                Csv.WriteFile(spectrumPath, ["eigenvalue"], values.Select(v => new[] { v }).ToList());
            else
                Npy.WriteFile(spectrumPath, NdArray.Vector(values));
        }

        if (jsonPath is not null)
            AtomicFile.WriteAllText(jsonPath, new JsonObject()
                .Add("tool", "ntk kernel")
                .Add("kind", kind)
                .Add("note", note)
                .Add("data", source)
                .Add("net", netSource)
                .Add("seed", seed)
                .Add("spectrum", KernelWarnings.ToJson(conditioning, warnings))
                .ToJson());

        var inv = CultureInfo.InvariantCulture;
        stdout.WriteLine($"kind        {kind}{(note.Length > 0 ? " (" + note + ")" : "")}");
        stdout.WriteLine($"data        {source}{(netSource is null ? "" : "; net " + netSource)}");
        stdout.WriteLine($"n           {n}");
        stdout.WriteLine($"lambda_min  {spectrum.Min.ToString("R", inv)}");
        stdout.WriteLine($"lambda_max  {spectrum.Max.ToString("R", inv)}");
        stdout.WriteLine(spectrum.Min > 0
            ? $"condition   {spectrum.Condition.ToString("G6", inv)}"
            : $"condition   inf (λ_min ≤ 0 as computed: {spectrum.NegativeCount} negative eigenvalue(s), reported unclamped)");
        stdout.WriteLine($"wrote       {outPath}{(spectrumPath is null ? "" : ", " + spectrumPath)}{(jsonPath is null ? "" : ", " + jsonPath)}");
        return 0;
    }

    private static (Mat K, string Note) Compute(string kind, Mat x, Activation activation, int layers, TwoLayerNet? net)
    {
        switch (kind)
        {
            case "hinf":
                return (InfiniteWidth.Hinf(x), "H^∞_ij = x_iᵀx_j(π − θ_ij)/(2π)");
            case "arccos0":
                return (ArcCosine.Degree0(x), "κ₀(θ) = (π − θ)/π");
            case "arccos1":
                return (ArcCosine.Degree1(x), "‖x‖‖x'‖κ₁(θ)");
            case "relu-ntk":
                return (InfiniteWidth.ReluNtk(x), "√(2/m) two-layer ReLU NTK, ‖x‖‖x'‖κ(u), κ(1) = 2");
            case "rf-sphere":
                return (InfiniteWidth.WuSphere(x), "E_{b~Unif(S^{d−1})}[σ(bᵀx)σ(bᵀx')] = ‖x‖‖x'‖κ₁(θ)/(2d)");
            case "erf-ntk":
                return (InfiniteWidth.ErfNtk(x), "1/√m two-layer erf NTK, both layers");
            case "empirical-first":
                return (EmpiricalNtk.FirstLayer(net!, x), $"{activation.Name}, m = {net!.Width}");
            case "empirical-second":
                return (EmpiricalNtk.SecondLayer(net!, x), $"{activation.Name}, m = {net!.Width}");
            case "empirical-both":
                return (EmpiricalNtk.Both(net!, x), $"{activation.Name}, m = {net!.Width}");
            case "multilayer":
            {
                var r = MultiLayerNtk.Of(activation, x, layers);
                string how = GaussianExpectations.HasClosedForm(activation) ? "closed form" : "quadrature";
                return (r.Theta, FormattableString.Invariant($"Θ^({layers}), {activation.Name}, c_σ = {r.CSigma:G8}, {how}"));
            }
            default:
            {
                double trace = HuKernels.SampleTraceSigmaSquaredOverD(x);
                var c = HuConstants.Of(activation, trace);
                return (HuKernels.Lin1(x, c), FormattableString.Invariant(
                    $"{activation.Name}, ζ = {c.Zeta:G8}, ν = {c.Nu:G8}, Tr[Σ̂²]/d = {trace:G6} with Σ̂ = XᵀX/n"));
            }
        }
    }
}
