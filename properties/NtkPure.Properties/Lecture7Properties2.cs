using FsCheck;
using FsCheck.Fluent;
using NtkPure.Claims;
using Xunit;

namespace NtkPure.Properties;

/// <summary>lecture7: Corollary 2.2, Lemma 2.3 and Theorem 4.1 (corrected) as seeded batches; the worst-case construction's ball.</summary>
public class Lecture7Properties2
{
    private static Property BatchNotRefuted(Claim c, double delta, int trials) =>
        Prop.ForAll(Generators.Seeds.ToArbitrary(), seed =>
        {
            var o = Statistical.Probabilistic(c, new ClaimRunOptions(Seed: seed, Trials: trials, Alpha: 0.01), delta, null);
            return (o.Verdict != Verdict.Refuted).Label(o.Details);
        });

    [Fact]
    public void Corollary22Batch() => PropertyRunner.Check(nameof(Corollary22Batch), BatchNotRefuted(Lecture7Claims.Corollary22, 0.1, 20), 3);

    [Fact]
    public void Lemma23Batch() => PropertyRunner.Check(nameof(Lemma23Batch), BatchNotRefuted(Lecture7Claims.Lemma23, 0.1, 40), 5);

    [Fact]
    public void Theorem41CorrectedBatch() => PropertyRunner.Check(nameof(Theorem41CorrectedBatch), BatchNotRefuted(Lecture7Claims.Theorem41Corrected, 0.1, 40), 5);

    /// <summary>Every single trial of the corrected Theorem 4.1 holds (its failure probability is far below ε).</summary>
    [Fact]
    public void Theorem41CorrectedTrialsHold() =>
        PropertyRunner.Check(nameof(Theorem41CorrectedTrialsHold), Prop.ForAll(Generators.Seeds.ToArbitrary(), seed =>
        {
            var e = Lecture7Claims.Theorem41Corrected.Check(seed);
            return (e.Margin >= 0).Label(e.Details);
        }), 100);

    /// <summary>Lemma 2.3's worst case stays inside the ball of radius R around W(0), row by row.</summary>
    [Fact]
    public void WorstCaseStaysInTheBall() =>
        PropertyRunner.Check(nameof(WorstCaseStaysInTheBall), Prop.ForAll(Generators.Seeds.ToArbitrary(), seed =>
        {
            var x = NtkPure.Model.Datasets.Inputs(NtkPure.Model.InputDistribution.Sphere, 4, 3, seed);
            var (w0, _) = NtkPure.Model.Initialization.Draw(NtkPure.Model.InitScheme.Dzps, 32, 3, seed);
            double radius = 0.05 + 0.5 * (seed % 1000) / 1000.0;
            var w = Lecture7Claims.FlipWithin(w0, x, radius);
            var diff = (w - w0);
            for (int r = 0; r < w.Rows; r++)
            {
                var row = diff.Row(r);
                double s = 0;
                foreach (var v in row)
                    s += v * v;
                if (Math.Sqrt(s) > radius * (1 + 1e-12))
                    return false.Label($"row {r} moved {Math.Sqrt(s)} > {radius}");
            }
            return true.ToProperty();
        }), 100);
}
