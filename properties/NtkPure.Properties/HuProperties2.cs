using FsCheck;
using FsCheck.Fluent;
using NtkPure.Dynamics;
using NtkPure.Experiments;
using NtkPure.Kernels;
using NtkPure.Model;
using NtkPure.Numerics;
using Xunit;

namespace NtkPure.Properties;

/// <summary>A small instance of hu's first layer: inputs X (n×d), two first-layer weights W, W̃ (m×d), a second layer v.</summary>
public sealed record HuLayerCase(Mat X, Mat W, Mat WTilde, Vec V, Activation Activation, double Scale)
{
    public override string ToString() => FormattableString.Invariant($"HuLayerCase(n={X.Rows}, d={X.Cols}, m={W.Rows}, φ={Activation.Name}, ‖W̃ − W‖_F = {(WTilde - W).FrobeniusNorm():G3})");
}

/// <summary>
/// hu (Hu et al. 2020), the machinery behind the asymptotic claims: the spectral norm of a non-symmetric matrix,
/// first-layer Jacobian products without J, an explicit-constant form of the Jacobian perturbation bound (6), the
/// exact kernel form of second-layer GD, and the worst-case perturbations staying in their ball.
/// </summary>
public class HuProperties2
{
    private static readonly Activation[] Activations = [Activation.Relu, Activation.Erf, Activation.Tanh, Activation.Softplus, Activation.LeakyRelu(0.2)];

    private static readonly Activation[] Smooth = [Activation.Erf, Activation.Tanh, Activation.Softplus];

    /// <summary>
    /// Cases built, not filtered: W̃ = W + s·Δ with Δ a random direction, a rank-one direction, or a single neuron's
    /// move (s from 10⁻⁶ to 10: the local, Lipschitz regime and far apart), v = ±1 or Gaussian.
    /// </summary>
    private static Gen<HuLayerCase> Layer(Activation[] acts) =>
        from n in Gen.Choose(1, 10)
        from d in Gen.Choose(1, 8)
        from m in Gen.Choose(1, 12)
        from seed in Gen.Choose(0, int.MaxValue)
        from a in Gen.Choose(0, acts.Length - 1)
        from kind in Gen.Choose(0, 2)
        from exp in Gen.Choose(-6, 1)
        from signs in Gen.Choose(0, 1)
        select Build(n, d, m, (ulong)seed, acts[a], kind, Math.Pow(10, exp), signs == 1);

    private static HuLayerCase Build(int n, int d, int m, ulong seed, Activation act, int kind, double s, bool signs)
    {
        var rng = new Rng(seed);
        var x = new double[n * d];
        var w = new double[m * d];
        var v = new double[m];
        rng.FillGaussian(x);
        rng.FillGaussian(w);
        for (int r = 0; r < m; r++)
            v[r] = signs ? rng.NextSign() : rng.NextGaussian();
        var delta = new double[m * d];
        switch (kind)
        {
            case 0:
                rng.FillGaussian(delta);
                break;
            case 1:
                var a = new double[m];
                var b = new double[d];
                rng.FillGaussian(a);
                rng.FillGaussian(b);
                for (int r = 0; r < m; r++)
                    for (int k = 0; k < d; k++)
                        delta[r * d + k] = a[r] * b[k];
                break;
            default:
                rng.FillGaussian(delta.AsSpan(rng.NextInt(m) * d, d));
                break;
        }
        var dm = Mat.FromRowMajor(m, d, delta);
        double f = dm.FrobeniusNorm();
        var wm = Mat.FromRowMajor(m, d, w);
        var wt = f > 0 ? wm + (s / f) * dm : wm;
        return new HuLayerCase(Mat.FromRowMajor(n, d, x), wm, wt, Vec.Of(v), act, s);
    }

    /// <summary>J₁ (n×md): the first-layer columns of the full Jacobian of hu's net (NTK scaling, inputs scaled by 1/√d).</summary>
    private static Mat FirstLayerJacobian(Mat w, Vec v, Mat x, Activation act)
    {
        var net = new TwoLayerNet(w, v, act, OutputScaling.Ntk, InputScaled: true);
        var j = Jacobian.Of(net, x);
        int md = w.Rows * w.Cols;
        return Mat.Create(x.Rows, md, (i, c) => j[i, c]);
    }

    /// <summary>‖A‖₂ by Lanczos on AᵀA equals √λ_max(AᵀA) from the full eigendecomposition, for any shape, rank-deficient included.</summary>
    [Fact]
    public void OperatorNormMatchesTheEigendecomposition() =>
        PropertyRunner.Check(nameof(OperatorNormMatchesTheEigendecomposition), Prop.ForAll((
            from p in Gen.Choose(1, 14)
            from q in Gen.Choose(1, 14)
            from rank in Gen.Choose(0, 14)
            from seed in Gen.Choose(0, int.MaxValue)
            select (p, q, rank, seed)).ToArbitrary(), t =>
        {
            var rng = new Rng((ulong)t.seed);
            int k = Math.Min(t.rank, Math.Min(t.p, t.q));
            var a = new double[t.p * Math.Max(k, 1)];
            var b = new double[Math.Max(k, 1) * t.q];
            rng.FillGaussian(a);
            rng.FillGaussian(b);
            var m = k == 0 ? Mat.Zeros(t.p, t.q) : Mat.FromRowMajor(t.p, k, a.AsSpan(0, t.p * k)) * Mat.FromRowMajor(k, t.q, b.AsSpan(0, k * t.q));
            double lanczos = OperatorNorm.Of(m);
            double exact = Math.Sqrt(Math.Max(0, SymmetricEigen.Of(m.TransposeMultiply(m)).Max));
            // λ_max(AᵀA) to c·q·ε·‖A‖²: its square root to half of that relative to ‖A‖
            var tol = Tolerance.ForOperations(t.p * t.q, exact + m.MaxAbs());
            return tol.Close(lanczos, exact).Label(FormattableString.Invariant($"Lanczos {lanczos:R} vs eigendecomposition {exact:R}"));
        }));

    /// <summary>CrossGram(W, W̃) = J₁(W)·J₁(W̃)ᵀ and DifferenceGram = (J₁(W) − J₁(W̃))(J₁(W) − J₁(W̃))ᵀ, against the entry-by-entry Jacobian.</summary>
    [Fact]
    public void JacobianProductsMatchTheJacobian() =>
        PropertyRunner.Check(nameof(JacobianProductsMatchTheJacobian), Prop.ForAll(Layer(Activations).ToArbitrary(), c =>
        {
            var j = FirstLayerJacobian(c.W, c.V, c.X, c.Activation);
            var jt = FirstLayerJacobian(c.WTilde, c.V, c.X, c.Activation);
            var cross = HuJacobians.CrossGram(c.W, c.WTilde, c.V, c.X, c.Activation);
            var diff = HuJacobians.DifferenceGram(c.W, c.WTilde, c.V, c.X, c.Activation);
            var dj = j - jt;
            int md = c.W.Rows * c.W.Cols;
            var tol = Tolerance.ForOperations(md + c.X.Cols, md * Math.Max(j.MaxAbs(), jt.MaxAbs()) * Math.Max(j.MaxAbs(), jt.MaxAbs()) + 1e-300);
            // ΔJ's entries carry the cancellation error of a difference of nearly equal numbers, a few ε·|J| each
            var tolDiff = Tolerance.ForOperations(md + c.X.Cols, md * (dj.MaxAbs() * dj.MaxAbs() + Math.Max(j.MaxAbs(), jt.MaxAbs()) * dj.MaxAbs()) + 1e-300);
            return (tol.Close(cross, j.MultiplyTransposed(jt)).Label("J(W)J(W̃)ᵀ")
                    .And(tolDiff.Close(diff, dj.Gram()).Label("(ΔJ)(ΔJ)ᵀ")))
                .Classify(c.Scale < 1e-3, "nearby weights");
        }));

    /// <summary>sup|φ''| of the smooth activations: erf 2√2/√(πe), tanh 4/(3√3), softplus ¼.</summary>
    private static double SecondDerivativeBound(Activation act) =>
        act.Kind switch
        {
            ActivationKind.Erf => 2 * Math.Sqrt(2) / Math.Sqrt(Math.PI * Math.E),
            ActivationKind.Tanh => 4 / (3 * Math.Sqrt(3)),
            _ => 0.25,
        };

    /// <summary>
    /// Eq. (6) with its constant made explicit: for smooth φ and all W, W̃,
    /// ‖J₁(W) − J₁(W̃)‖ ≤ sup|φ''|·max_r|v_r|·‖X‖·max_i‖x_i‖·‖W − W̃‖₂/(d√m) — from
    /// ‖(J₁ − J̃₁)ᵀu‖² = (1/md)Σ_r‖Xᵀ(u ⊙ Δ_r)‖² with |Δ_ir| ≤ sup|φ''|·|v_r|·|(w_r − w̃_r)ᵀx_i|/√d. With ‖X‖ ≈ √n and
    /// ‖x_i‖ ≈ √d this is hu's √(n/(md))·‖W − W̃‖, with the spectral norm in place of (and at most) the Frobenius norm.
    /// </summary>
    [Fact]
    public void JacobianPerturbationBoundWithExplicitConstant() =>
        PropertyRunner.Check(nameof(JacobianPerturbationBoundWithExplicitConstant), Prop.ForAll(Layer(Smooth).ToArbitrary(), c =>
        {
            double lhs = HuJacobians.DifferenceNorm(c.W, c.WTilde, c.V, c.X, c.Activation);
            double maxX = 0;
            for (int i = 0; i < c.X.Rows; i++)
                maxX = Math.Max(maxX, Math.Sqrt(c.X.RowVec(i).NormSquared()));
            int m = c.W.Rows, d = c.W.Cols;
            double rhs = SecondDerivativeBound(c.Activation) * c.V.NormInf() * OperatorNorm.Of(c.X) * maxX * OperatorNorm.Of(c.WTilde - c.W) / (d * Math.Sqrt(m));
            // the left side is the square root of a λ_max computed from n² sums of m terms
            double slack = 1e-7 * rhs + Math.Sqrt(Tolerance.ForOperations(m * d, c.X.MaxAbs() * c.X.MaxAbs() * 4 * m).Absolute);
            return (lhs <= rhs + slack).Label(FormattableString.Invariant($"‖ΔJ‖ = {lhs:R} vs bound {rhs:R}"))
                .Classify(lhs > 0.5 * rhs, "within a factor 2 of the bound");
        }));

    /// <summary>Second-layer GD in its kernel form equals GD on the network's second layer, step for step (u, test loss, ‖v(t) − v(0)‖).</summary>
    [Fact]
    public void SecondLayerKernelFormIsGradientDescent() =>
        PropertyRunner.Check(nameof(SecondLayerKernelFormIsGradientDescent), Prop.ForAll((
            from n in Gen.Choose(1, 12)
            from d in Gen.Choose(1, 6)
            from half in Gen.Choose(1, 8)
            from seed in Gen.Choose(0, int.MaxValue)
            from a in Gen.Choose(0, Activations.Length - 1)
            from f in Gen.Choose(1, 100)
            from steps in Gen.Choose(0, 8)
            select (n, d, half, seed, a, f, steps)).ToArbitrary(), t =>
        {
            var inst = HuSetting.Instance(new HuSizes(t.d, t.n, 2 * t.half, t.n), Activations[t.a], (ulong)t.seed);
            var k = HuKernels.Theta2(inst.Net0.W, inst.Train.X, inst.Activation);
            double top = Math.Max(OperatorNorm.Of(k), 1e-12);
            double eta = t.f / 100.0 * inst.N / top; // below the stable bound 2n/‖Θ₂‖
            var gd = HuDynamics.Run(inst, Layers.Second, 0, eta, t.steps);
            var kernel = HuDynamics.SecondLayerKernelRun(inst, eta, t.steps);
            var prop = true.Label("no steps");
            for (int s = 0; s <= t.steps; s++)
            {
                double scale = (1 + gd[s].U.NormInf()) * (1 + eta * top);
                var tol = Tolerance.ForOperations((double)(s + 1) * (inst.N * inst.M + inst.M * t.d), scale);
                prop = prop.And(tol.Close(gd[s].U, kernel[s].U).Label(FormattableString.Invariant($"u at t = {s}")))
                    .And(tol.Close(gd[s].NetTestLoss, kernel[s].NetTestLoss).Label(FormattableString.Invariant($"test loss at t = {s}")))
                    .And(new Tolerance(tol.Absolute + Math.Sqrt(tol.Absolute * scale), tol.Relative).Close(gd[s].NetMove, kernel[s].NetMove).Label(FormattableString.Invariant($"‖v(t) − v(0)‖ at t = {s}")));
            }
            return prop;
        }), 60);

    /// <summary>
    /// The worst-case perturbations are admissible: every W is in the Frobenius ball, the random one on its
    /// sphere, and a flipping construction flips at least the k activations it targets in each neuron.
    /// </summary>
    [Fact]
    public void WorstCasePerturbationsStayInTheBall() =>
        PropertyRunner.Check(nameof(WorstCasePerturbationsStayInTheBall), Prop.ForAll((
            from n in Gen.Choose(2, 30)
            from d in Gen.Choose(2, 12)
            from half in Gen.Choose(1, 10)
            from seed in Gen.Choose(0, int.MaxValue)
            from r in Gen.Choose(1, 400)
            from dir in Gen.Choose(0, 2)
            select (n, d, half, seed, r, dir)).ToArbitrary(), t =>
        {
            var inst = HuSetting.Instance(new HuSizes(t.d, t.n, 2 * t.half, 0), Activation.Relu, (ulong)t.seed);
            double radius = t.r / 40.0;
            var flip = HuWorstCase.Flip(inst.Net0.W, inst.Train.X, radius, (FlipDirection)t.dir);
            var random = HuWorstCase.Random(inst.Net0.W, inst.Train.X, radius, (ulong)t.seed);
            double slack = 16 * Tolerance.Epsilon * radius;
            return (flip.FrobeniusDistance <= radius + slack).Label(FormattableString.Invariant($"flip at {flip.FrobeniusDistance:R}, R = {radius:R}"))
                .And((Math.Abs(random.FrobeniusDistance - radius) <= slack * inst.M * t.d).Label("random on the sphere"))
                .And((flip.SpectralDistance <= flip.FrobeniusDistance * (1 + 1e-9) + slack).Label("‖Δ‖₂ ≤ ‖Δ‖_F"))
                .And((flip.PatternChanges >= (long)flip.FlipsPerNeuron * inst.M).Label(FormattableString.Invariant($"{flip.PatternChanges} changes for {flip.FlipsPerNeuron} targeted per neuron")))
                .Classify(flip.FlipsPerNeuron > 0, "something flipped");
        }), 60);

    /// <summary>hu's covariance: Tr Σ = d, ‖Σ‖ = 3/2 (d ≥ 2) and Tr[Σ²]/d = 5/4 for even d.</summary>
    [Fact]
    public void CovarianceMeetsTheDataAssumptions() =>
        PropertyRunner.Check(nameof(CovarianceMeetsTheDataAssumptions), Prop.ForAll(Gen.Choose(1, 200).ToArbitrary(), d =>
        {
            var s = HuSetting.Covariance(d);
            double trace = 0;
            for (int k = 0; k < d; k++)
                trace += s[k, k];
            double t2 = HuKernels.TraceSigmaSquaredOverD(s);
            var tol = Tolerance.ForOperations(d, d);
            return tol.Close(trace, d).Label("Tr Σ = d")
                .And((d < 2 || Spectral.MaxEigenvalue(s) == 1.5).Label("‖Σ‖ = 3/2"))
                .And((d % 2 == 1 || tol.Close(t2, 1.25)).Label("Tr[Σ²]/d = 5/4"));
        }));
}
