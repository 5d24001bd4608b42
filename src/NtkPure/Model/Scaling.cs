namespace NtkPure.Model;

/// <summary>
/// The output scaling of a two-layer net f(x) = c·Σ_r a_r φ(·): NTK c = 1/√m (ntk-notes, hu), mean-field
/// c = 1/m (lecture7 §3), none c = 1 (wu: f = Σ_j a_j σ(b_jᵀx)).
/// </summary>
public enum OutputScaling
{
    Ntk,
    MeanField,
    None,
}

/// <summary>Which layers gradient descent trains: W (first), a (second), or both (hu, with η₁ and η₂).</summary>
public enum Layers
{
    First,
    Second,
    Both,
}

public static class ScalingExtensions
{
    public static double Factor(this OutputScaling s, int m) =>
        s switch
        {
            OutputScaling.Ntk => 1.0 / Math.Sqrt(m),
            OutputScaling.MeanField => 1.0 / m,
            _ => 1.0,
        };

    public static string Name(this OutputScaling s) =>
        s switch
        {
            OutputScaling.Ntk => "ntk",
            OutputScaling.MeanField => "mean-field",
            _ => "none",
        };

    public static bool TrainsFirst(this Layers l) => l != Layers.Second;

    public static bool TrainsSecond(this Layers l) => l != Layers.First;

    public static string Name(this Layers l) =>
        l switch
        {
            Layers.First => "first",
            Layers.Second => "second",
            _ => "both",
        };
}
