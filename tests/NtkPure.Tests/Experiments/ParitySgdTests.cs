using Xunit;
using NtkPure.Experiments;

namespace NtkPure.Tests.Experiments;

public class ParitySgdTests
{
    private static readonly ParitySgdSpec Small = new([3, 14], 64, 64, 0.05, 300, 50, 2000, 5);

    [Fact]
    public void RunsAreSeededAndRecordTheRequestedSteps()
    {
        var a = ParitySgd.Run(Small);
        Assert.Equal(a, ParitySgd.Run(Small));
        Assert.Equal(2 * 7, a.Count);
        Assert.Equal([0, 50, 100, 150, 200, 250, 300], a.Where(r => r.D == 3).Select(r => r.Step));
        Assert.True(double.IsNaN(a[0].BatchLoss));
        // a dimension's rows do not depend on which other dimensions run alongside
        var alone = ParitySgd.Run(Small with { Dimensions = [14] });
        Assert.Equal(a.Where(r => r.D == 14), alone);
        Assert.NotEqual(a, ParitySgd.Run(Small with { Seed = 6 }));
    }

    [Fact]
    public void SmallDLearnsAndLargeDStaysAtChance()
    {
        var rows = ParitySgd.Run(Small);
        Assert.True(rows.Last(r => r.D == 3).TestAccuracy > 0.95);
        Assert.InRange(rows.Last(r => r.D == 14).TestAccuracy, 0.45, 0.55);
    }

    [Fact]
    public void BadSpecsAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ParitySgd.Run(Small with { Dimensions = [] }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ParitySgd.Run(Small with { Batch = 0 }));
    }
}
