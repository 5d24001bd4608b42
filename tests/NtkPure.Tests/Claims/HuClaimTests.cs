using NtkPure.Claims;
using NtkPure.Dynamics;
using NtkPure.Experiments;
using NtkPure.Kernels;
using NtkPure.Model;
using NtkPure.Numerics;
using Xunit;

namespace NtkPure.Tests.Claims;

/// <summary>
/// hu's claims: the verdict on the real implementation (on reduced sweeps, so the suite stays fast) and a broken
/// variant of each that the check catches.
/// </summary>
public class HuClaimTests
{
    public static IEnumerable<object[]> FileClaims() => CatalogVerdictTests.Of(HuClaims.All);

    [Theory]
    [MemberData(nameof(FileClaims))]
    public void EveryClaimGetsTheVerdictOfItsMathematics(string id) => CatalogVerdictTests.Check(id);

    private static readonly ClaimRunOptions Options = new(Seed: 20261124, Alpha: 0.01);

    private static readonly HuScale Small = new([12, 16, 24, 32], [12, 16, 24, 32], 2);

    private static Verdict Run(Claim claim) => ClaimRunner.Run(claim, Options).Verdict;

    private static HuImplementation SumLossLinearModel => HuImplementation.Reference with { LinearLoss = LossKind.Sum };

    [Fact]
    public void CatalogHoldsEveryHuIdOnce()
    {
        string[] ids =
        [
            "hu/data-concentration", "hu/theorem-first-layer", "hu/linear-model-2", "hu/assumption-1", "hu/main-theorem",
            "hu/main-theorem.corrected", "hu/distance-kernels", "hu/jacobian-perturbation", "hu/erf-experiment",
        ];
        foreach (var id in ids)
            Assert.Single(Catalog.All, c => c.Id == id);
        Assert.All(HuClaims.All, c => Assert.NotNull(c.Evaluate));
    }

    [Fact]
    public void DataConcentrationIsConsistentAndCatchesWronglyScaledData()
    {
        var scale = new HuScale([16, 24, 32, 48, 64], [16], 2);
        Assert.Equal(Verdict.Consistent, Run(HuClaims.MakeDataConcentration((n, d, s) => HuSetting.Inputs(n, d, s), scale)));
        // a first coordinate with variance ∝ d breaks ‖Σ‖ = O(1): ‖XXᵀ‖ grows like n·d and the inner products stop shrinking
        Assert.Equal(Verdict.Inconsistent, Run(HuClaims.MakeDataConcentration((n, d, s) => Spiked(HuSetting.Inputs(n, d, s)), scale)));
    }

    private static Mat Spiked(Mat x)
    {
        var a = x.ToArray();
        for (int i = 0; i < x.Rows; i++)
            a[i * x.Cols] *= Math.Sqrt(x.Cols);
        return Mat.FromRowMajor(x.Rows, x.Cols, a);
    }

    [Fact]
    public void DistanceKernelsIsConsistentAndCatchesAWrongLinearKernel()
    {
        Assert.Equal(Verdict.Consistent, Run(HuClaims.MakeDistanceKernels(HuKernels.Theta1, HuKernels.Lin1, Small)));
        // Θ^lin1 without its 1/d: the distance grows like n, far faster than n/d^{1+α}
        Assert.Equal(Verdict.Inconsistent, Run(HuClaims.MakeDistanceKernels(HuKernels.Theta1, (x, c) => x.Cols * HuKernels.Lin1(x, c), Small)));
    }

    [Fact]
    public void JacobianPerturbationIsConsistentAndCatchesAMissingWidthFactor()
    {
        Assert.Equal(Verdict.Consistent, Run(HuClaims.MakeJacobianPerturbation(HuJacobians.DifferenceNorm, Small)));
        // a Jacobian without the 1/√m of the NTK scaling: the ratio grows like √m ∝ d^{0.6}
        Assert.Equal(Verdict.Inconsistent, Run(HuClaims.MakeJacobianPerturbation(
            (w, wt, v, x, act) => Math.Sqrt(w.Rows) * HuJacobians.DifferenceNorm(w, wt, v, x, act), Small)));
    }

    [Fact]
    public void Assumption1IsReproducedAndCatchesAWrongKernel()
    {
        var r = ClaimRunner.Run(HuClaims.MakeAssumption1(HuKernels.Lin1, Small), Options);
        Assert.Equal(Verdict.Reproduced, r.Verdict);
        Assert.Contains("R²ε < n", r.Details);
        Assert.NotNull(r.Figure);
        // K without its 1/d: ε ≈ (d − 1)‖Θ^lin1‖ grows like d^{1+α}, far past the lemma's d^{6α/7}
        Assert.Equal(Verdict.NotReproduced, Run(HuClaims.MakeAssumption1((x, c) => x.Cols * HuKernels.Lin1(x, c), Small)));
    }

    [Fact]
    public void FirstLayerTheoremIsConsistentAndCatchesTheSumLossInTheLinearModel()
    {
        Assert.Equal(Verdict.Consistent, Run(HuClaims.MakeTheoremFirstLayer(HuImplementation.Reference, Small)));
        // the linear model stepped with the sum loss takes n times the step and diverges
        Assert.Equal(Verdict.Inconsistent, Run(HuClaims.MakeTheoremFirstLayer(SumLossLinearModel, Small)));
    }

    [Fact]
    public void SecondLayerTheoremIsConsistentAndCatchesTheSumLossInTheLinearModel()
    {
        var scale = new HuScale([12, 16, 24, 32], [12], 2);
        Assert.Equal(Verdict.Consistent, Run(HuClaims.MakeLinearModel2(HuImplementation.Reference, scale)));
        Assert.Equal(Verdict.Inconsistent, Run(HuClaims.MakeLinearModel2(SumLossLinearModel, scale)));
        // ψ₂ without its ϑ₂ term: the norm feature is then only first-order accurate, a remainder ∝ |s − 1|² instead of |s − 1|³
        var noTheta2 = HuImplementation.Reference with { Psi2 = (x, c) => HuKernels.Psi2(x, c with { Theta2 = 0 }) };
        Assert.Equal(Verdict.Inconsistent, Run(HuClaims.MakeLinearModel2(noTheta2, new HuScale([12, 16, 24], [12], 1))));
    }

    /// <summary>A GD step on the sum loss instead of the mean loss: n times the step size, so the network diverges.</summary>
    private static GdState SumLossStep(GdProblem p, GdState s) => GradientDescent.Step(p with { Loss = LossKind.Sum }, s);

    [Fact]
    public void MainTheoremAsWrittenIsVacuousWhateverTheNetwork()
    {
        // ⌊R²/n⌋ = 0 at every size: nothing is run, so not even a diverging network can make it say more
        foreach (var step in new Func<GdProblem, GdState, GdState>[] { GradientDescent.Step, SumLossStep })
        {
            var r = ClaimRunner.Run(HuClaims.MakeMainTheorem(step, Small), Options);
            Assert.Equal(Verdict.Vacuous, r.Verdict);
            Assert.Contains("cR²/η", r.Details);
        }
    }

    [Fact]
    public void MainTheoremCorrectedIsConsistentAndCatchesAWrongNetworkStep()
    {
        Assert.Equal(Verdict.Consistent, Run(HuClaims.MakeMainTheoremCorrected(GradientDescent.Step, Small)));
        Assert.Equal(Verdict.Inconsistent, Run(HuClaims.MakeMainTheoremCorrected(SumLossStep, Small)));
    }

    private static readonly HuErfConfig SmallErf = new(8, 240, 160, 256, 96, 8, 0.5, 0);

    [Fact]
    public void ErfExperimentIsReproducedAndCatchesWrongLinearModels()
    {
        var r = ClaimRunner.Run(HuClaims.MakeErfExperiment(HuImplementation.Reference, SmallErf), Options);
        Assert.Equal(Verdict.Reproduced, r.Verdict);
        Assert.Equal(6, r.Figure!.Series.Count);
        Assert.Equal(Verdict.NotReproduced, Run(HuClaims.MakeErfExperiment(SumLossLinearModel, SmallErf)));
        // ψ₁ with ζ doubled: the first-layer linear model learns four times too fast and the curves never agree
        var fastZeta = HuImplementation.Reference with { Psi1 = (x, c) => HuKernels.Psi1(x, c with { Zeta = 2 * c.Zeta }) };
        var broken = ClaimRunner.Run(HuClaims.MakeErfExperiment(fastZeta, SmallErf), Options);
        Assert.Equal(Verdict.NotReproduced, broken.Verdict);
        Assert.NotNull(broken.Counterexample);
        Assert.True(ClaimRunner.Replay(HuClaims.MakeErfExperiment(fastZeta, SmallErf), broken.Counterexample!.Value).Margin < 0);
    }

    [Fact]
    public void SecondLayerKernelFormIsGradientDescentOnTheSecondLayer()
    {
        var inst = HuSetting.Instance(new HuSizes(6, 20, 16, 10), Activation.Relu, 3);
        const double eta = 0.7;
        var kernel = HuDynamics.SecondLayerKernelRun(inst, eta, 5);
        var gd = HuDynamics.Run(inst, Layers.Second, 0, eta, 5);
        for (int t = 0; t <= 5; t++)
        {
            var tol = Tolerance.ForOperations(20.0 * 16 * 6 * (t + 1), 1 + gd[t].U.NormInf());
            Assert.True(tol.Close(gd[t].U, kernel[t].U), $"u differs at t = {t}");
            Assert.True(tol.Close(gd[t].NetTestLoss, kernel[t].NetTestLoss), $"test loss differs at t = {t}");
            Assert.True(tol.Close(gd[t].NetMove, kernel[t].NetMove), $"movement differs at t = {t}");
        }
    }

    [Fact]
    public void FlipConstructionsStayInTheBallAndFlipWhatTheyTarget()
    {
        var inst = HuSetting.Instance(new HuSizes(16, 40, 30, 0), Activation.Relu, 5);
        double radius = HuSetting.Radius(16);
        foreach (var dir in new[] { FlipDirection.On, FlipDirection.Off, FlipDirection.Both })
        {
            var p = HuWorstCase.Flip(inst.Net0.W, inst.Train.X, radius, dir);
            Assert.True(p.FrobeniusDistance <= radius * (1 + 1e-12));
            Assert.True(p.FlipsPerNeuron > 0);
            Assert.True(p.PatternChanges >= (long)p.FlipsPerNeuron * inst.M, $"{dir}: {p.PatternChanges} changes for {p.FlipsPerNeuron} per neuron");
        }
    }
}
