using System.Globalization;

namespace NtkPure.Numerics;

/// <summary>
/// How far the computed spectrum of a symmetric n×n kernel K can be trusted when K is solved, inverted or used in
/// a closed form. Two warnings, both from sizes and machine ε rather than fixed cut-offs:
/// <list type="bullet">
/// <item><b>Ill-conditioned</b> when κ·n·ε &gt; <see cref="MaxRelativeError"/>, κ = max|λ|/min|λ| the 2-norm condition
/// number: a backward-stable solve or eigendecomposition perturbs K by about n·ε·‖K‖₂, which moves the solution
/// (or the contraction along the smallest eigenvector) by up to κ·n·ε relatively — above 10⁻⁶ fewer than six
/// significant digits of it are guaranteed. κ = ∞ (a zero eigenvalue as computed) is ill-conditioned.</item>
/// <item><b>Negative eigenvalues</b> of a kernel that should be PSD are reported with the most negative one and
/// whether it lies within the rounding bound <see cref="RoundingConstant"/>·n·ε·‖K‖₂ of a backward-stable symmetric
/// eigensolver (Weyl's inequality), or beyond it — then K is not PSD as computed.</item>
/// </list>
/// Nothing is clamped: the numbers are as computed.
/// </summary>
public sealed record Conditioning(int N, double LambdaMin, double LambdaMax, double Condition, int NegativeCount, double MostNegative)
{
    /// <summary>The largest first-order relative error κ·n·ε a solve may carry before the kernel is flagged.</summary>
    public const double MaxRelativeError = 1e-6;

    /// <summary>c in the eigensolver's rounding bound c·n·ε·‖K‖₂.</summary>
    public const double RoundingConstant = 8;

    /// <summary>‖K‖₂ = max|λ|.</summary>
    public double Norm => Math.Max(Math.Abs(LambdaMin), Math.Abs(LambdaMax));

    /// <summary>κ·n·ε: the first-order relative error of a solve with K (+∞ when K is singular as computed).</summary>
    public double ErrorBound => Condition * N * Tolerance.Epsilon;

    /// <summary>c·n·ε·‖K‖₂: how far rounding alone can move an eigenvalue.</summary>
    public double RoundingBound => RoundingConstant * N * Tolerance.Epsilon * Norm;

    public bool IllConditioned => !(ErrorBound <= MaxRelativeError);

    /// <summary>True when every negative eigenvalue lies within <see cref="RoundingBound"/> of zero.</summary>
    public bool NegativesWithinRounding => NegativeCount == 0 || -MostNegative <= RoundingBound;

    /// <summary>The spectrum's summary from eigenvalues in ascending order (as <see cref="SymmetricEigen"/> gives them).</summary>
    public static Conditioning Of(ReadOnlySpan<double> ascending)
    {
        if (ascending.Length == 0)
            throw new ArgumentException("a kernel needs at least one eigenvalue");
        double smallestAbs = double.PositiveInfinity, largestAbs = 0;
        int negative = 0;
        for (int i = 0; i < ascending.Length; i++)
        {
            double v = ascending[i];
            if (!double.IsFinite(v))
                throw new NonFiniteException($"eigenvalue {i} is {v.ToString(CultureInfo.InvariantCulture)}");
            smallestAbs = Math.Min(smallestAbs, Math.Abs(v));
            largestAbs = Math.Max(largestAbs, Math.Abs(v));
            if (v < 0)
                negative++;
        }
        double condition = smallestAbs > 0 ? largestAbs / smallestAbs : double.PositiveInfinity;
        return new Conditioning(ascending.Length, ascending[0], ascending[^1], condition, negative, negative > 0 ? ascending[0] : 0);
    }

    public static Conditioning Of(SymmetricEigen eigen) => Of(eigen.Values.Span);

    /// <summary>One line per warning (none for a well-conditioned PSD spectrum), naming the matrix as <paramref name="what"/>.</summary>
    public IReadOnlyList<string> Warnings(string what)
    {
        var w = new List<string>();
        if (IllConditioned)
            w.Add(FormattableString.Invariant(
                $"{what} is ill-conditioned: condition number κ = {Text(Condition)} (λ_min = {LambdaMin:G6}, λ_max = {LambdaMax:G6}, n = {N}); a solve or closed form with it may carry a relative error up to κ·n·ε = {Text(ErrorBound)}, above {MaxRelativeError:G2}"));
        if (NegativeCount > 0)
            w.Add(FormattableString.Invariant(
                $"{what} has {NegativeCount} negative eigenvalue(s), the most negative {MostNegative:G6}, {(NegativesWithinRounding ? "within" : "BEYOND")} the rounding bound {RoundingConstant:G}·n·ε·‖K‖₂ = {RoundingBound:G3}{(NegativesWithinRounding ? " (rounding of a PSD matrix)" : ": not positive semi-definite as computed")}; reported unclamped"));
        return w;
    }

    private static string Text(double v) => double.IsPositiveInfinity(v) ? "∞" : v.ToString("G3", CultureInfo.InvariantCulture);
}
