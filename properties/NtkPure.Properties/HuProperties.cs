using FsCheck;
using FsCheck.Fluent;
using NtkPure.Claims;
using NtkPure.Dynamics;
using NtkPure.Numerics;
using Xunit;

namespace NtkPure.Properties;

/// <summary>hu (Hu et al. 2020), "Analytical form": Claim C.1.</summary>
public class HuProperties
{
    /// <summary>
    /// u^lin(t) − y = (I − ηK/n)^t (u^lin(0) − y): t GD steps on ω in parameter space, mapped through Φ, equal the
    /// closed form from the eigendecomposition of K, to c·t·n·M·ε times the size of what is summed.
    /// </summary>
    [Fact]
    public void ClaimC1Identity() =>
        PropertyRunner.Check(nameof(ClaimC1Identity), Prop.ForAll(Generators.Linear(0.0, 1.0).ToArbitrary(), p =>
        {
            var iterated = p.Phi * LinearDynamics.ParameterGd(p.Phi, p.Y, p.Omega0, p.Eta, p.N, p.T);
            var closed = LinearDynamics.Discrete(p.K, p.Y, p.U0, p.Eta, p.N).At(p.T);
            double scale = ((p.U0 - p.Y).NormInf() + p.Y.NormInf()) * (1 + p.Phi.MaxAbs() * p.Phi.MaxAbs() * p.Phi.Cols * p.Eta / p.N);
            var tol = Tolerance.ForOperations((double)(p.T + 1) * p.N * p.Phi.Cols, scale);
            return tol.Close(iterated, closed).Label(FormattableString.Invariant($"max|Δ| = {(iterated - closed).NormInf():G3}, tol {tol.Absolute:G3}"))
                .Classify(p.F > 0.9, "near the stability bound");
        }));

    /// <summary>η ≤ 2n/‖K‖ ⇒ ‖u^lin(t) − y‖ ≤ ‖u^lin(0) − y‖, including η = 2n/‖K‖ exactly (the tight case).</summary>
    [Fact]
    public void ClaimC1NormDoesNotGrowBelowTheBound() =>
        PropertyRunner.Check(nameof(ClaimC1NormDoesNotGrowBelowTheBound), Prop.ForAll(Generators.Linear(0.5, 1.0).ToArbitrary(), p =>
        {
            var u = p.Phi * LinearDynamics.ParameterGd(p.Phi, p.Y, p.Omega0, p.Eta, p.N, p.T);
            double r0 = (p.U0 - p.Y).Norm2(), rt = (u - p.Y).Norm2();
            double slack = 8 * (p.T + 1) * p.N * p.Phi.Cols * Tolerance.Epsilon * (r0 + p.Y.Norm2());
            return (rt <= r0 + slack).Label(FormattableString.Invariant($"‖u(t) − y‖ = {rt:R} vs ‖u(0) − y‖ = {r0:R}"));
        }));

    /// <summary>
    /// Past the bound (f ∈ [1.2, 1.6]) the top eigendirection is multiplied by |1 − 2f| &gt; 1 per step, so after
    /// 80 steps the residual has grown whenever u(0) − y has a visible component there (it always has one
    /// generically; the property records how often it was checked).
    /// </summary>
    [Fact]
    public void ClaimC1ResidualGrowsPastTheBound() =>
        PropertyRunner.Check(nameof(ClaimC1ResidualGrowsPastTheBound), Prop.ForAll(Generators.Linear(1.2, 1.6, 0).ToArbitrary(), p =>
        {
            var lin = LinearDynamics.Discrete(p.K, p.Y, p.U0, p.Eta, p.N);
            var top = lin.Eigen.Vectors.TransposeTimes(p.U0 - p.Y)[p.N - 1];
            double r0 = (p.U0 - p.Y).Norm2();
            bool visible = Math.Abs(top) > 1e-3 * r0;
            double r80 = (lin.At(80) - p.Y).Norm2();
            return Prop.When(visible, () => r80 > r0).Label(FormattableString.Invariant($"‖u(80) − y‖ = {r80:G4}, ‖u(0) − y‖ = {r0:G4}"));
        }));

    /// <summary>The catalog's check of Claim C.1 over generated instance seeds.</summary>
    [Fact]
    public void ClaimC1CatalogCheck() =>
        PropertyRunner.Check(nameof(ClaimC1CatalogCheck), Prop.ForAll(Generators.Seeds.ToArbitrary(), seed => FoundationClaims.ClaimC1.Check(seed).Margin >= 0));
}
