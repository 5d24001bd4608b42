using NtkPure.Numerics;

namespace NtkPure.Kernels;

/// <summary>
/// The geometry of a pair of inputs that dot-product kernels depend on: the norms, the inner product and the
/// angle θ ∈ [0, π]. The angle is 2·atan2(‖x̂ − ŷ‖, ‖x̂ + ŷ‖) with x̂ = x/‖x‖: arccos of a rounded cosine loses
/// half the digits near θ = 0 and θ = π (arccos(1 − δ) ≈ √(2δ)), where the ReLU kernels are steepest.
/// </summary>
public readonly record struct PairGeometry(double NormX, double NormY, double Dot, double Angle)
{
    /// <summary>cos θ from the angle, so that cos θ and sin θ are consistent with each other.</summary>
    public double Cos => Math.Cos(Angle);

    public double Sin => Math.Sin(Angle);
}

public static class Angles
{
    /// <summary>
    /// Norms, inner product and angle of x and y. A zero vector has no angle: the result's angle is NaN, and
    /// <see cref="Between"/> throws.
    /// </summary>
    public static PairGeometry Of(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length)
            throw new ArgumentException($"length mismatch: {x.Length} vs {y.Length}");
        double nx = Math.Sqrt(Blas.Dot(x, x)), ny = Math.Sqrt(Blas.Dot(y, y));
        double dot = Blas.Dot(x, y);
        if (nx == 0 || ny == 0)
            return new PairGeometry(nx, ny, dot, double.NaN);
        double diff = 0, sum = 0;
        for (int k = 0; k < x.Length; k++)
        {
            double a = x[k] / nx, b = y[k] / ny;
            diff += (a - b) * (a - b);
            sum += (a + b) * (a + b);
        }
        return new PairGeometry(nx, ny, dot, 2 * Math.Atan2(Math.Sqrt(diff), Math.Sqrt(sum)));
    }

    /// <summary>The angle θ ∈ [0, π] between non-zero x and y.</summary>
    public static double Between(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var g = Of(x, y);
        if (double.IsNaN(g.Angle))
            throw new ArgumentException("a zero vector has no angle");
        return g.Angle;
    }

    /// <summary>
    /// The angle of a 2×2 covariance [[a, c], [c, b]] (a, b &gt; 0): θ = 2·atan2(√(1 − ρ), √(1 + ρ)) with
    /// ρ = c/√(ab) — the angle between two vectors with that Gram matrix. Used where only a Gram matrix is known
    /// (deeper layers of the recursion). |ρ| may exceed 1 by rounding only; more than that is not a covariance.
    /// </summary>
    public static double OfCovariance(double a, double b, double c)
    {
        double rho = Correlation(a, b, c);
        return 2 * Math.Atan2(Math.Sqrt(1 - rho), Math.Sqrt(1 + rho));
    }

    /// <summary>ρ = c/√(ab), brought back into [−1, 1] when rounding pushed it out by a few ulps; a larger excess throws.</summary>
    public static double Correlation(double a, double b, double c)
    {
        if (!(a > 0 && b > 0))
            throw new ArgumentException($"a correlation needs positive variances, got {a:G6} and {b:G6}");
        double rho = c / Math.Sqrt(a * b);
        if (Math.Abs(rho) > 1 + 64 * Tolerance.Epsilon || double.IsNaN(rho))
            throw new ArgumentException($"[[{a:G6}, {c:G6}], [{c:G6}, {b:G6}]] is not a covariance matrix (ρ = {rho:G17})");
        return Math.Clamp(rho, -1.0, 1.0);
    }

    /// <summary>Every pair's angle for the rows of X (n×d); throws naming the first zero row.</summary>
    public static Mat Matrix(Mat x)
    {
        RequireNonZeroRows(x, "an angle");
        int n = x.Rows;
        var t = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
                t[i * n + j] = t[j * n + i] = i == j ? 0.0 : Of(x.Row(i), x.Row(j)).Angle;
        return Mat.Own(n, n, t);
    }

    /// <summary>Throws if some row of X is zero: a kernel that needs <paramref name="what"/> is undefined there.</summary>
    public static void RequireNonZeroRows(Mat x, string what)
    {
        int zero = FirstZeroRow(x);
        if (zero >= 0)
            throw new ArgumentException($"input x_{zero} has zero norm: {what} is undefined there");
    }

    /// <summary>The index of the first all-zero row of X, or −1.</summary>
    public static int FirstZeroRow(Mat x)
    {
        for (int i = 0; i < x.Rows; i++)
        {
            bool zero = true;
            foreach (var v in x.Row(i))
                if (v != 0)
                {
                    zero = false;
                    break;
                }
            if (zero)
                return i;
        }
        return -1;
    }
}
