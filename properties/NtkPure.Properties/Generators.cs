using FsCheck;
using FsCheck.Fluent;
using NtkPure.Claims;
using NtkPure.Numerics;

namespace NtkPure.Properties;

/// <summary>
/// A linear least-squares problem of hu's "General idea": Φ (n×M), y, ω(0), K = ΦΦᵀ, and a step size built as
/// η = f·2n/λ_max(K) so that its relation to the stability bound is known by construction, not filtered for.
/// </summary>
public sealed record LinearProblem(Mat Phi, Vec Y, Vec Omega0, double F, int T)
{
    public int N => Phi.Rows;
    public Mat K => Phi.Gram();
    public double LambdaMax => Spectral.MaxEigenvalue(K);
    public double Eta => F * 2 * N / LambdaMax;
    public Vec U0 => Phi * Omega0;

    public override string ToString() => FormattableString.Invariant($"LinearProblem(n={N}, M={Phi.Cols}, f={F:G4}, t={T})");
}

public static class Generators
{
    /// <summary>Seeds for claim checks: every value is a valid instance seed.</summary>
    public static Gen<ulong> Seeds => Gen.Choose(0, int.MaxValue).Select(i => (ulong)i * 2654435761UL);

    /// <summary>Linear problems with f drawn from [fLo, fHi].</summary>
    public static Gen<LinearProblem> Linear(double fLo, double fHi, int maxT = 60) =>
        from n in Gen.Choose(1, 12)
        from m in Gen.Choose(1, 16)
        from seed in Gen.Choose(0, int.MaxValue)
        from fRaw in Gen.Choose(0, 1_000_000)
        from t in Gen.Choose(0, maxT)
        select Build(n, m, (ulong)seed, fLo + (fHi - fLo) * fRaw / 1_000_000.0, t);

    private static LinearProblem Build(int n, int m, ulong seed, double f, int t)
    {
        var rng = new Rng(seed);
        var phi = Instances.Gaussian(ref rng, n, m);
        var y = Vec.Of(Instances.Gaussian(ref rng, n, 1).ToArray());
        var omega = Vec.Of(Instances.Gaussian(ref rng, m, 1).ToArray());
        return new LinearProblem(phi, y, omega, f, t);
    }
}
