using NtkPure.Cli.Commands;
using NtkPure.Cli.IO;

namespace NtkPure.Cli;

/// <summary>The `ntk` entry point: dispatch, and the mapping of failures to exit codes and one-line messages.</summary>
public static class Cli
{
    public const string Help =
        "ntk — the NtkPure command line: neural-tangent-kernel theory, computed and checked.\n\n"
        + "commands:\n"
        + "  train    train a two-layer net (GD, gradient flow, linear model, linearised net)\n"
        + "  check    run the claim catalog\n"
        + "  bench    time the standard cases\n"
        + "  kernel   compute a kernel matrix (closed forms, empirical NTKs, the multi-layer NTK) and its spectrum\n"
        + "  figure   reproduce an experiment of the sources (CSV, PNG, JSON)\n"
        + "  merge    combine the shard files of a sharded check into one verdict file\n\n"
        + "exit codes: 0 done, 2 bad arguments or input (nothing written), 3 a run stopped early (diverged), 1 internal error,\n"
        + "  130 interrupted (Ctrl-C or SIGTERM; rerun the same command to resume)\n\n"
        + "usage:\n  " + TrainCommand.Usage + "\n  " + CheckCommand.Usage + "\n  " + BenchCommand.Usage + "\n  " + KernelCommand.Usage + "\n  " + FigureCommand.Usage + "\n  " + MergeCommand.Usage + "\n";

    public static int Run(string[] argv, TextWriter stdout, TextWriter stderr) => Run(argv, stdout, stderr, CancellationToken.None);

    /// <param name="cancel">Set by Ctrl-C/SIGTERM: long commands stop at their next safe point and exit with 130.</param>
    public static int Run(string[] argv, TextWriter stdout, TextWriter stderr, CancellationToken cancel)
    {
        try
        {
            if (argv.Length == 0 || argv[0] is "--help" or "-h" or "help")
            {
                stdout.Write(Help);
                return argv.Length == 0 ? 2 : 0;
            }
            var rest = argv.Skip(1);
            if (argv.Skip(1).Any(a => a is "--help" or "-h"))
            {
                stdout.WriteLine(argv[0] switch
                {
                    "train" => TrainCommand.Usage,
                    "check" => CheckCommand.Usage,
                    "bench" => BenchCommand.Usage,
                    "kernel" => KernelCommand.Usage,
                    "figure" => FigureCommand.Usage,
                    "merge" => MergeCommand.Usage,
                    _ => throw new UsageException($"unknown command '{argv[0]}' (try: ntk --help)"),
                });
                return 0;
            }
            return argv[0] switch
            {
                "train" => TrainCommand.Run(rest, stdout, stderr),
                "check" => CheckCommand.Run(rest, stdout, stderr, cancel),
                "bench" => BenchCommand.Run(rest, stdout, stderr),
                "kernel" => KernelCommand.Run(rest, stdout, stderr),
                "figure" => FigureCommand.Run(rest, stdout, stderr, cancel),
                "merge" => MergeCommand.Run(rest, stdout, stderr),
                _ => throw new UsageException($"unknown command '{argv[0]}' (try: ntk --help)"),
            };
        }
        catch (UsageException e)
        {
            stderr.WriteLine("ntk: " + e.Message);
            return 2;
        }
        catch (InputException e)
        {
            stderr.WriteLine("ntk: " + e.Message);
            return 2;
        }
        catch (NtkPure.Numerics.NonFiniteException e)
        {
            stderr.WriteLine($"ntk: overflow: {e.Message.ReplaceLineEndings(" ")}; the input values are too large for double precision");
            return 2;
        }
        catch (NonFiniteOutputException e)
        {
            stderr.WriteLine("ntk: error: " + e.Message);
            return 1;
        }
        catch (OperationCanceledException e)
        {
            stderr.WriteLine("ntk: " + (e is InterruptedException ? e.Message : "interrupted"));
            return 130;
        }
        catch (OutOfMemoryException)
        {
            stderr.WriteLine("ntk: out of memory: reduce the problem size");
            return 2;
        }
        catch (Exception e)
        {
            stderr.WriteLine($"ntk: internal error: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
            return 1;
        }
    }
}
