using System.Diagnostics;

namespace NtkPure.Cli.Output;

/// <summary>
/// Progress on stderr for anything that runs longer than a moment: a redrawn bar on a terminal, a line every
/// 10% otherwise (logs, CI). Silent for the first second so short runs print nothing.
/// </summary>
public sealed class Progress(TextWriter err, string label)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly bool _terminal = ReferenceEquals(err, Console.Error) && !Console.IsErrorRedirected;
    private int _lastDecile = -1;
    private bool _drawn;

    public void Report(int done, int total)
    {
        if (_clock.Elapsed.TotalSeconds < 1.0 || total <= 0)
            return;
        double f = Math.Clamp((double)done / total, 0, 1);
        if (_terminal)
        {
            int width = 30, filled = (int)(f * width);
            err.Write($"\r{label} [{new string('#', filled)}{new string('.', width - filled)}] {f * 100,5:F1}% ({done}/{total}, {_clock.Elapsed.TotalSeconds:F0} s)");
            _drawn = true;
            if (done >= total)
                Done();
            return;
        }
        int decile = (int)(f * 10);
        if (decile != _lastDecile)
        {
            _lastDecile = decile;
            err.WriteLine(FormattableString.Invariant($"{label}: {f * 100:F0}% ({done}/{total}, {_clock.Elapsed.TotalSeconds:F1} s)"));
        }
    }

    public void Done()
    {
        if (_drawn)
        {
            err.WriteLine();
            _drawn = false;
        }
    }
}
