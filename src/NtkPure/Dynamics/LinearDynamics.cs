using NtkPure.Numerics;

namespace NtkPure.Dynamics;

/// <summary>
/// The discrete linear dynamics u(t+1) = u(t) − (η/n)·K·(u(t) − y) (hu, Claim C.1; n := 1 for the sum loss)
/// in closed form u(t) = y + (I − ηK/n)^t·(u(0) − y), from one cached eigendecomposition of K.
/// </summary>
public sealed class DiscreteLinear
{
    private readonly Vec _r0Coefficients;

    public Mat K { get; }
    public Vec Y { get; }
    public Vec U0 { get; }
    public double Eta { get; }
    public double N { get; }
    public SymmetricEigen Eigen { get; }

    /// <summary>max_k |1 − ηλ_k/n|: the worst contraction per step; above 1 the iteration grows along that direction.</summary>
    public double ContractionFactor { get; }

    /// <summary>The stable step-size bound 2n/λ_max(K): for 0 &lt; η ≤ it, ‖u(t) − y‖ never grows (Claim C.1).</summary>
    public double StableStepBound => 2 * N / Eigen.Max;

    internal DiscreteLinear(Mat k, Vec y, Vec u0, double eta, double n)
    {
        K = k;
        Y = y;
        U0 = u0;
        Eta = eta;
        N = n;
        Eigen = SymmetricEigen.Of(k);
        _r0Coefficients = Eigen.Vectors.TransposeTimes(u0 - y);
        double c = 0;
        foreach (var lambda in Eigen.Values)
            c = Math.Max(c, Math.Abs(1 - eta * lambda / n));
        ContractionFactor = c;
    }

    /// <summary>u(t) at an integer step t ≥ 0: the per-eigenvalue factors are integer powers (by squaring).</summary>
    public Vec At(int t)
    {
        if (t < 0)
            throw new ArgumentOutOfRangeException(nameof(t));
        int n = Y.Length;
        var c = new double[n];
        for (int k = 0; k < n; k++)
            c[k] = PowInt(1 - Eta * Eigen.Values[k] / N, t) * _r0Coefficients[k];
        return Y + Eigen.Vectors * Vec.Own(c);
    }

    internal static double PowInt(double x, int t)
    {
        double result = 1, b = x;
        for (int e = t; e > 0; e >>= 1)
        {
            if ((e & 1) != 0)
                result *= b;
            b *= b;
        }
        return result;
    }
}

/// <summary>The continuous linear dynamics du/dt = −(1/n)·K·(u − y): u(t) = y + e^{−tK/n}·(u(0) − y).</summary>
public sealed class ContinuousLinear
{
    private readonly Vec _r0Coefficients;

    public Mat K { get; }
    public Vec Y { get; }
    public Vec U0 { get; }
    public double N { get; }
    public SymmetricEigen Eigen { get; }

    internal ContinuousLinear(Mat k, Vec y, Vec u0, double n)
    {
        K = k;
        Y = y;
        U0 = u0;
        N = n;
        Eigen = SymmetricEigen.Of(k);
        _r0Coefficients = Eigen.Vectors.TransposeTimes(u0 - y);
    }

    public Vec At(double t)
    {
        int n = Y.Length;
        var c = new double[n];
        for (int k = 0; k < n; k++)
            c[k] = Math.Exp(-t * Eigen.Values[k] / N) * _r0Coefficients[k];
        return Y + Eigen.Vectors * Vec.Own(c);
    }
}

public static class LinearDynamics
{
    /// <summary>The closed form of GD on the linear model; <paramref name="n"/> is 1 for the sum loss and n for the mean loss.</summary>
    public static DiscreteLinear Discrete(Mat k, Vec y, Vec u0, double eta, double n) => new(Check(k, y, u0), y, u0, eta, n);

    public static ContinuousLinear Continuous(Mat k, Vec y, Vec u0, double n) => new(Check(k, y, u0), y, u0, n);

    /// <summary>One literal step u − (η/n)·K·(u − y).</summary>
    public static Vec Step(Mat k, Vec y, Vec u, double eta, double n) => u.AddScaled(-eta / n, k * (u - y));

    /// <summary>t literal steps from u0: the left-hand side of Claim C.1.</summary>
    public static Vec Iterate(Mat k, Vec y, Vec u0, double eta, double n, int t)
    {
        var u = u0;
        for (int s = 0; s < t; s++)
            u = Step(k, y, u, eta, n);
        return u;
    }

    /// <summary>
    /// GD on the linear least-squares problem G(ω) = (1/2n)‖Φω − y‖² in parameter space (hu, "General idea"):
    /// ω ← ω − (η/n)·Φᵀ(Φω − y). Returns ω after t steps; u^lin(t) = Φ·ω(t).
    /// </summary>
    public static Vec ParameterGd(Mat phi, Vec y, Vec omega0, double eta, double n, int t)
    {
        var omega = omega0;
        for (int s = 0; s < t; s++)
            omega = omega.AddScaled(-eta / n, phi.TransposeTimes(phi * omega - y));
        return omega;
    }

    private static Mat Check(Mat k, Vec y, Vec u0)
    {
        if (k.Rows != k.Cols || k.Rows != y.Length || y.Length != u0.Length)
            throw new ArgumentException($"K is {k.Rows}×{k.Cols}, y has {y.Length} entries and u(0) {u0.Length}");
        return k;
    }
}
