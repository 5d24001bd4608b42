using FsCheck;
using FsCheck.Fluent;
using NtkPure.Claims;
using NtkPure.Dynamics;
using NtkPure.Model;
using NtkPure.Numerics;
using Xunit;

namespace NtkPure.Properties;

/// <summary>
/// wu (Lei Wu, "Training neural networks: dynamics and convergence"): the gradient-flow theorems, the kernel
/// regime and the random-feature model. Statements the catalog refutes as written appear here in their corrected
/// form, and the counterexamples' own hypotheses are checked as properties; the statistical ones run one seeded
/// batch per case.
/// </summary>
public class WuProperties
{
    private static Property Holds(Claim c) =>
        Prop.ForAll(Generators.Seeds.ToArbitrary(), seed =>
        {
            var e = c.Check(seed);
            return Prop.When(e.HypothesisHeld, () => e.Margin >= 0).Label(e.Details);
        });

    [Fact]
    public void Theorem1GradientNormBound() => PropertyRunner.Check(nameof(Theorem1GradientNormBound), Holds(WuClaims.Theorem1), 40);

    [Fact]
    public void Theorem2ConvexRate() => PropertyRunner.Check(nameof(Theorem2ConvexRate), Holds(WuClaims.Theorem2), 40);

    [Fact]
    public void Theorem3WithTheSquaredPlCondition() => PropertyRunner.Check(nameof(Theorem3WithTheSquaredPlCondition), Holds(WuClaims.Theorem3Corrected), 40);

    /// <summary>
    /// The refuted Theorem 3 is refuted on functions that do satisfy the PL condition as written: cosh(‖θ‖/s) − 1
    /// has ‖∇R‖ ≥ (1/s)(R − inf R) at every θ, near the minimum and far from it.
    /// </summary>
    [Fact]
    public void CoshSatisfiesThePlConditionAsWrittenEverywhere() =>
        PropertyRunner.Check(nameof(CoshSatisfiesThePlConditionAsWrittenEverywhere), Prop.ForAll(
            Gen.Choose(1, 5).SelectMany(p => Gen.Choose(-6, 6).SelectMany(logR => Gen.Choose(1, 1000).Select(s => (p, logR, s)))).ToArbitrary(), t =>
            {
                var (p, logR, sRaw) = t;
                double s = sRaw / 100.0;
                var o = Objectives.CoshNorm(p, s);
                var rng = new Rng((ulong)(p * 7919 + sRaw));
                var dir = new double[p];
                rng.FillSphere(dir);
                var theta = Math.Pow(2, logR) * s * Vec.Of(dir);
                double g = o.Gradient(theta).Norm2(), ex = o.Excess(theta);
                return (g + 4 * Tolerance.Epsilon * g >= ex / s).Label(FormattableString.Invariant($"s = {s}, ‖θ‖ = {theta.Norm2():G4}: ‖∇R‖ = {g:R} vs (R − inf R)/s = {ex / s:R}"));
            }));

    [Fact]
    public void Lemma11WeylStep() => PropertyRunner.Check(nameof(Lemma11WeylStep), Holds(WuClaims.Lemma11Weyl), 100);

    [Fact]
    public void Lemma12InsideLemma11sEvent() => PropertyRunner.Check(nameof(Lemma12InsideLemma11sEvent), Holds(WuClaims.Lemma12Corrected), 40);

    [Fact]
    public void SmoothnessWithTheFactorTwo() => PropertyRunner.Check(nameof(SmoothnessWithTheFactorTwo), Holds(WuClaims.SmoothnessCorrected), 200);

    /// <summary>The counterexample family of the smoothness bound as written: one point x with one label, b_j = β_j x, a = 0 gives ratio exactly 2.</summary>
    [Fact]
    public void AlignedNetsAttainTheFactorTwo() =>
        PropertyRunner.Check(nameof(AlignedNetsAttainTheFactorTwo), Prop.ForAll(Generators.Seeds.ToArbitrary(), seed =>
        {
            var rng = new Rng(seed);
            int n = 1 + rng.NextInt(6), d = 1 + rng.NextInt(5), m = 1 + rng.NextInt(12);
            var p = new double[d];
            rng.FillSphere(p);
            var w = Mat.Create(m, d, (j, k) => (0.1 + j) * p[k]);
            var x = Mat.Create(n, d, (_, k) => p[k]);
            var data = new Dataset(x, Vec.Constant(n, rng.NextGaussian())); // one input, one label
            var net = new TwoLayerNet(w, Vec.Zeros(m), Activation.Relu, OutputScaling.None);
            var g = Gradients.Of(net, data, LossKind.Mean);
            double lhs = g.A.NormSquared() + g.W.FrobeniusNorm() * g.W.FrobeniusNorm();
            double rhs = net.Flatten().NormSquared() * Loss.Value(LossKind.Mean, net.Predict(x).Span, data.Y.Span);
            return Tolerance.ForOperations(8.0 * n * m * d, lhs).Close(lhs, 2 * rhs).Label(FormattableString.Invariant($"‖∇R‖² = {lhs:R}, ‖θ‖²R = {rhs:R}"));
        }), 100);

    [Fact]
    public void Lemma14Representer() => PropertyRunner.Check(nameof(Lemma14Representer), Holds(WuClaims.Lemma14), 60);

    /// <summary>The neuron-loop flow and the general gradient flow agree on random nets of any scaling, activation and loss.</summary>
    [Fact]
    public void NeuronLoopFlowIsTheGradientFlow() =>
        PropertyRunner.Check(nameof(NeuronLoopFlowIsTheGradientFlow), Prop.ForAll(Generators.Seeds.ToArbitrary(), seed =>
        {
            var (data, net, loss) = Instances.General(seed);
            var theta = net.Flatten();
            var a = NeuronLoopFlow.Rhs(net, data, loss)(0, theta);
            var b = GradientFlow.Rhs(net, data, loss, Layers.Both)(0, theta);
            return Tolerance.ForOperations(4.0 * data.N * net.Width * data.D, b.NormInf() + 1).Close(a, b)
                .Label(FormattableString.Invariant($"{net.Activation.Name}, {net.Scaling}, {loss}: max |Δ| = {(a - b).NormInf():G3}"));
        }), 100);

    /// <summary>k GD steps on the random-feature model from a = 0, literally, equal the closed form.</summary>
    [Fact]
    public void RandomFeatureGdClosedForm() =>
        PropertyRunner.Check(nameof(RandomFeatureGdClosedForm), Prop.ForAll(Generators.Seeds.ToArbitrary(), seed =>
        {
            var rng = new Rng(seed);
            int n = 1 + rng.NextInt(8), d = 1 + rng.NextInt(5), m = 1 + rng.NextInt(60), k = rng.NextInt(40);
            var data = Datasets.Synthetic(InputDistribution.Sphere, n, d, seed);
            var rf = new RandomFeatureTraining(new RandomFeatureModel(WuClaims.WuNet(seed, m, d).W, Activation.Relu), data, 1.0 / n);
            double eta = (0.1 + 1.8 * rng.NextDouble()) * n / Math.Max(rf.Eigen.Max, 1e-12); // η·λ_max/n ∈ [0.1, 1.9]: stable
            var a = Vec.Zeros(m);
            for (int s = 0; s < k; s++)
                a = a.AddScaled(-eta / n, rf.Phi.TransposeTimes(rf.Phi * a - data.Y));
            var closed = rf.GdParameters(k, eta);
            return Tolerance.ForOperations((k + 1) * 4.0 * n * m, a.NormInf() + data.Y.NormInf() + 1).Close(a, closed)
                .Label(FormattableString.Invariant($"n = {n}, m = {m}, k = {k}: max |Δ| = {(a - closed).NormInf():G3}"));
        }), 100);

    /// <summary>One seeded batch per case: the corrected statistical steps of Lemma 11 are never refuted (α = 1e-4 per case).</summary>
    [Fact]
    public void Lemma11CorrectedStepsAreNeverRefuted() =>
        PropertyRunner.Check(nameof(Lemma11CorrectedStepsAreNeverRefuted), Prop.ForAll(Generators.Seeds.ToArbitrary(), seed =>
        {
            var options = new ClaimRunOptions(seed, Trials: 40, Alpha: 1e-4);
            var verdicts = new[] { WuClaims.Lemma11HoeffdingCorrected, WuClaims.Lemma11UnionBoundCorrected }
                .Select(c => ClaimRunner.Run(c, options)).ToArray();
            return verdicts.All(r => r.Verdict is Verdict.Supported or Verdict.Inconclusive)
                .Label(string.Join("; ", verdicts.Select(r => $"{r.Claim.Id}: {r.Verdict} {r.Details}")));
        }), 10);
}
