using NtkPure.Numerics;

namespace NtkPure.Cli.Output;

/// <summary>The conditioning of a decomposed kernel on stderr (one warning a line) and in an output JSON.</summary>
public static class KernelWarnings
{
    /// <summary>Writes each warning as <c>ntk: warning: …</c>; returns the warnings.</summary>
    public static IReadOnlyList<string> Report(TextWriter stderr, Conditioning c, string what)
    {
        var warnings = c.Warnings(what);
        foreach (var w in warnings)
            stderr.WriteLine("ntk: warning: " + w);
        return warnings;
    }

    /// <summary>
    /// The spectrum's summary. JSON has no ∞: the condition number and κ·n·ε of a singular kernel are null,
    /// and <c>singular</c> says so.
    /// </summary>
    public static JsonObject ToJson(Conditioning c, IReadOnlyList<string> warnings) =>
        new JsonObject()
            .Add("n", c.N)
            .Add("lambda_min", c.LambdaMin)
            .Add("lambda_max", c.LambdaMax)
            .Add("condition", c.Condition)
            .Add("singular", double.IsPositiveInfinity(c.Condition))
            .Add("relative_error_bound", c.ErrorBound)
            .Add("relative_error_threshold", Conditioning.MaxRelativeError)
            .Add("ill_conditioned", c.IllConditioned)
            .Add("negative_eigenvalues", c.NegativeCount)
            .Add("most_negative_eigenvalue", c.MostNegative)
            .Add("rounding_bound", c.RoundingBound)
            .Add("negatives_within_rounding", c.NegativesWithinRounding)
            .Add("warnings", warnings);
}
