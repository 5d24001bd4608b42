using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using NtkPure.Cli;
using NtkPure.Cli.IO;

namespace NtkPure.Tests.IO.Fuzz;

/// <summary>What one input did: a coarse signature of the outcome (to tell new behaviour from old) and, if the
/// reader misbehaved, what went wrong.</summary>
internal sealed record FuzzOutcome(string Signature, string? Failure);

/// <summary>Runs one file through the readers and judges the outcome.</summary>
internal static partial class FuzzHarness
{
    /// <summary>Allocation allowed per byte of content: the raw bytes, the decoded doubles (8 per byte of a
    /// one-byte dtype), a Fortran-to-C copy, and a CSV's lines and cells as UTF-16 strings.</summary>
    public const long AllocationPerByte = 64;

    /// <summary>Allocation allowed whatever the size: buffers (the file stream's 64 KiB, a zip's directory, the
    /// reader's first 1 MiB chunk for an entry of unproven length) and bookkeeping.</summary>
    public const long AllocationConstant = 4L << 20;

    /// <summary>Deflate's largest expansion ratio: no genuine entry inflates to more than this times its bytes.</summary>
    private const long DeflateRatio = 1032;

    public static long AllocationBound(string path, InputFormat format)
    {
        long size = new FileInfo(path).Length;
        long content = size;
        if (format == InputFormat.Npz)
        {
            try
            {
                using var zip = ZipFile.OpenRead(path);
                foreach (var e in zip.Entries)
                    content += Math.Min(Math.Max(e.Length, 0), DeflateRatio * Math.Min(Math.Max(e.CompressedLength, 0), size));
            }
            catch (Exception e) when (e is InvalidDataException or IOException or ArgumentException or NotSupportedException)
            {
                // not an archive .NET can open: the file size alone bounds the work
            }
        }
        return AllocationPerByte * content + AllocationConstant;
    }

    /// <summary>
    /// Reads the file with its format's reader and, for datasets, through the CLI's loader: each must return or
    /// throw an <see cref="InputException"/> with a one-line message naming the file, and the reader's allocation
    /// must stay under <see cref="AllocationBound"/>.
    /// </summary>
    public static FuzzOutcome ReadThrough(string path)
    {
        var format = HostileInputs.FormatOf(path);
        long bound = AllocationBound(path, format);
        string signature;
        string? failure = null;
        long before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            switch (format)
            {
                case InputFormat.Npy:
                    Npy.ReadFile(path);
                    break;
                case InputFormat.Npz:
                    Npz.Read(path);
                    break;
                default:
                    Csv.ReadDataset(path);
                    break;
            }
            signature = "ok";
        }
        catch (InputException e)
        {
            signature = "input: " + Normalize(e.Problem);
            failure = MessageProblem(e, path);
        }
        catch (Exception e)
        {
            signature = $"crash: {e.GetType().Name} at {TopFrame(e)}";
            failure = $"{e.GetType().Name} escaped the reader: {e.Message}";
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        if (allocated > bound)
        {
            signature = "alloc: " + signature;
            failure ??= $"the reader allocated {allocated} bytes, over the bound {bound} for this file";
        }
        if (format != InputFormat.Npy)
        {
            try
            {
                Inputs.Load(path);
                signature += " | loaded";
            }
            catch (InputException e)
            {
                signature += " | load: " + Normalize(e.Problem);
                failure ??= MessageProblem(e, path);
            }
            catch (Exception e)
            {
                signature = $"crash: {e.GetType().Name} at {TopFrame(e)}";
                failure ??= $"{e.GetType().Name} escaped the dataset loader: {e.Message}";
            }
        }
        return new FuzzOutcome(signature, failure);
    }

    /// <summary>
    /// Runs the commands that read a dataset (train, kernel) on the file: each must exit 0, or exit 2 with one line
    /// on stderr and no output folder. Returns the outcome's signature and what went wrong, if anything.
    /// </summary>
    public static FuzzOutcome ThroughCli(string path, string work)
    {
        string[][] commands =
        [
            ["train", "--data", path, "--width", "4", "--steps", "2", "--out", Path.Combine(work, "train")],
            ["kernel", "--data", path, "--kind", "hinf", "--out", Path.Combine(work, "kernel", "K.npy")],
        ];
        var signature = new StringBuilder();
        string? failure = null;
        foreach (var argv in commands)
        {
            var (o, e) = (new StringWriter(), new StringWriter());
            int code = NtkPure.Cli.Cli.Run(argv, o, e);
            string err = e.ToString();
            signature.Append($" {argv[0]} {code}");
            if (code == 2)
                signature.Append(": " + Normalize(err.Replace(path, "FILE", StringComparison.Ordinal).Trim()));
            if (code is not (0 or 2) || err.Contains("internal error", StringComparison.Ordinal))
                failure ??= $"ntk {argv[0]}: exit {code}: {err.Trim()}";
            else if (code == 2 && (err.TrimEnd('\n').Contains('\n') || !err.StartsWith("ntk: ", StringComparison.Ordinal)))
                failure ??= $"ntk {argv[0]}: exit 2 without a one-line message: {err}";
            else if (code == 2 && Directory.Exists(Path.Combine(work, argv[0])))
                failure ??= $"ntk {argv[0]}: exit 2 but an output folder was written";
            if (Directory.Exists(Path.Combine(work, argv[0])))
                Directory.Delete(Path.Combine(work, argv[0]), recursive: true);
        }
        return new FuzzOutcome("cli:" + signature, failure);
    }

    private static string? MessageProblem(InputException e, string path) =>
        e.Message.Contains('\n') || e.Message.Contains('\r') ? $"message spans lines: {e.Message}"
        : !e.Message.StartsWith(path + ": ", StringComparison.Ordinal) ? $"message does not start with the file: {e.Message}"
        : null;

    /// <summary>Numbers and quoted text removed, so "shape (5, 3) needs 120 bytes" and "(7, 2) needs 112" match.</summary>
    public static string Normalize(string problem)
    {
        var s = Quoted().Replace(problem, "'…'");
        s = Digits().Replace(s, "#");
        return s.Length <= 120 ? s : s[..120];
    }

    private static string TopFrame(Exception e) => new StackTrace(e).GetFrame(0)?.GetMethod()?.Name ?? "?";

    /// <summary>A stable 32-bit FNV-1a hash, for file names.</summary>
    public static string Hash(string s)
    {
        uint h = 2166136261;
        foreach (var b in Encoding.UTF8.GetBytes(s))
            h = (h ^ b) * 16777619;
        return h.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex("'[^']*'")]
    private static partial Regex Quoted();

    [GeneratedRegex("[0-9]+")]
    private static partial Regex Digits();
}
