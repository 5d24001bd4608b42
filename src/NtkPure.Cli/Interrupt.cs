using System.Runtime.InteropServices;

namespace NtkPure.Cli;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM as a cancellation token: the first signal asks the running command to stop at
/// its next safe point (between claims or trials, never inside a file write); a second Ctrl-C ends the process
/// at once.
/// </summary>
public sealed class Interrupt : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration? _term;

    private Interrupt()
    {
        Console.CancelKeyPress += OnCancelKeyPress;
        try
        {
            _term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx =>
            {
                ctx.Cancel = true;
                _source.Cancel();
            });
        }
        catch (PlatformNotSupportedException) { } // no SIGTERM here: Ctrl-C still works
    }

    public CancellationToken Token => _source.Token;

    public static Interrupt Install() => new();

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = !_source.IsCancellationRequested;
        _source.Cancel();
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        _term?.Dispose();
        _source.Dispose();
    }
}

/// <summary>A run stopped by a signal at a safe point; the message says how to resume. Exit code 130.</summary>
public sealed class InterruptedException(string message) : OperationCanceledException(message);
