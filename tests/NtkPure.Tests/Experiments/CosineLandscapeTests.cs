using Xunit;
using NtkPure.Experiments;

namespace NtkPure.Tests.Experiments;

public class CosineLandscapeTests
{
    [Fact]
    public void ClosedFormPopulationRiskAgreesWithMonteCarlo()
    {
        var x = CosineLandscape.Samples(200_000, 1);
        foreach (var (l, w1, w2) in new[] { (1.0, 0.3, -0.2), (2.0, 0.5, 0.5), (4.0, -0.1, 0.7), (8.0, 0.9, 0.05) })
        {
            double pop = CosineLandscape.Population(l, w1, w2, 0.6, 0.3);
            double emp = CosineLandscape.Empirical(l, w1, w2, 0.6, 0.3, x);
            // (sin − sin)² ∈ [0, 4]: its standard deviation is at most 2, so 6 standard errors is 12/√n
            Assert.True(Math.Abs(pop - emp) < 12 / Math.Sqrt(200_000), $"L = {l}: {pop} vs {emp}");
        }
    }

    [Fact]
    public void PopulationRiskVanishesAtTheTargetAndIsKnownAtItsMirror()
    {
        Assert.Equal(0.0, CosineLandscape.Population(3, 0.6, 0.3, 0.6, 0.3), 15);
        // sin is odd: R(−w*) = E(2 sin(Lw*ᵀx))² = 2(1 − e^{−2L²‖w*‖²})
        double l = 3, ss = 0.45;
        Assert.Equal(2 * (1 - Math.Exp(-2 * l * l * ss)), CosineLandscape.Population(l, -0.6, -0.3, 0.6, 0.3), 14);
    }

    [Fact]
    public void TheGridCoversEveryLAndPointInOrder()
    {
        var rows = CosineLandscape.Grid([1.0, 4.0], 0.5, 0.5, 100, 5, 1.0, 2);
        Assert.Equal(2 * 25, rows.Count);
        Assert.Equal((1.0, -1.0, -1.0), (rows[0].L, rows[0].W1, rows[0].W2));
        Assert.Equal((1.0, -0.5, -1.0), (rows[1].L, rows[1].W1, rows[1].W2));
        Assert.Equal((4.0, 1.0, 1.0), (rows[^1].L, rows[^1].W1, rows[^1].W2));
        Assert.Equal(rows, CosineLandscape.Grid([1.0, 4.0], 0.5, 0.5, 100, 5, 1.0, 2));
    }
}
