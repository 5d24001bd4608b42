namespace NtkPure.Model;

/// <summary>
/// The squared loss, always explicit: <c>Sum</c> is ½Σ_i(y_i − f(x_i))² (ntk-notes), <c>Mean</c> is
/// (1/2n)Σ_i(y_i − f(x_i))² (wu, hu). Both are c·½‖u − y‖² with c = 1 or 1/n.
/// </summary>
public enum LossKind
{
    Sum,
    Mean,
}

public static class Loss
{
    /// <summary>c in L = c·½‖u − y‖²: 1 for the sum loss, 1/n for the mean loss.</summary>
    public static double Factor(this LossKind kind, int n) => kind == LossKind.Sum ? 1.0 : 1.0 / n;

    public static string Name(this LossKind kind) => kind == LossKind.Sum ? "sum" : "mean";

    public static double Value(LossKind kind, ReadOnlySpan<double> u, ReadOnlySpan<double> y)
    {
        if (u.Length != y.Length)
            throw new ArgumentException("length mismatch");
        double s = 0;
        for (int i = 0; i < u.Length; i++)
        {
            double r = u[i] - y[i];
            s += r * r;
        }
        return 0.5 * kind.Factor(u.Length) * s;
    }
}
