using NtkPure.Dynamics;
using NtkPure.Kernels;
using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Claims;

/// <summary>
/// The identities and inequalities that the foundation (dynamics, gradients, linear closed forms) makes
/// checkable. Each check builds its instance from the instance seed and compares two independent computations.
/// </summary>
public static class FoundationClaims
{
    private static string F(FormattableString s) => FormattableString.Invariant(s);

    public static readonly Claim Weyl = MakeWeyl(Spectral.MinEigenvalue, Spectral.SpectralNorm);

    /// <summary>Weyl's inequality with λ_min and ‖·‖₂ supplied, so a test can feed wrong ones and watch the claim fail.</summary>
    public static Claim MakeWeyl(Func<Mat, double> minEigenvalue, Func<Mat, double> spectralNorm) => new(
        "linalg/weyl",
        "used in wu Lemma 11 and ntk-notes Lemma 1",
        "λ_min(A) ≥ λ_min(B) − ‖A−B‖₂ ≥ λ_min(B) − ‖A−B‖_F for symmetric A, B",
        ClaimKind.Inequality,
        "A, B symmetric",
        200,
        seed =>
        {
            var rng = new Rng(seed);
            int n = Instances.Between(ref rng, 1, 10);
            var b = Instances.Symmetric(ref rng, n);
            // every fourth instance is the tight case A = B − t·I, where the first inequality is an equality
            var a = rng.NextInt(4) == 0 ? b - (1 + 2 * rng.NextDouble()) * Mat.Identity(n) : b + rng.NextDouble() * Instances.Symmetric(ref rng, n);
            double la = minEigenvalue(a), lb = minEigenvalue(b);
            double two = spectralNorm(a - b), fro = (a - b).FrobeniusNorm();
            double slack = Tolerance.ForOperations(n * n * n, a.MaxAbs() + b.MaxAbs()).Absolute * n;
            return Evidence.All(
                Evidence.AtMost(lb - two, la, slack, F($"λ_min(A) = {la:G6}, λ_min(B) − ‖A−B‖₂ = {lb - two:G6} (n = {n})")),
                Evidence.AtMost(lb - fro, lb - two, slack, F($"‖A−B‖₂ = {two:G6} ≤ ‖A−B‖_F = {fro:G6}")));
        });

    public static readonly Claim Eq1Gradient = MakeEq1Gradient(Gradients.Of);

    /// <summary>
    /// The gradient claim with the gradient under test supplied, and optionally the Jacobian it is compared with
    /// (by default <see cref="Jacobian.Of"/>). The two comparisons are independent: a gradient that agrees with a
    /// wrong Jacobian still has to agree with the central difference of the loss.
    /// </summary>
    public static Claim MakeEq1Gradient(Func<TwoLayerNet, Dataset, LossKind, Gradient> gradient, Func<TwoLayerNet, Mat, Mat>? jacobian = null) => new(
        "ntk-notes/eq1-gradient",
        "ntk-notes §1.1, eqs. (1) and (3)",
        "∂f/∂w_r = (1/√m) a_r x 1{w_rᵀx ≥ 0}; ∂L/∂w_r = (1/√m) Σ_i (f(W,x_i,a) − y_i) a_r x_i 1{w_rᵀx_i ≥ 0}",
        ClaimKind.Identity,
        "the finite-difference comparison needs no activation pattern to change within ±h of the chosen coordinate",
        100,
        seed =>
        {
            var (data, net, loss) = Instances.General(seed);
            var g = gradient(net, data, loss);
            var analytic = Vec.Of([.. g.W.ToArray(), .. g.A.ToArray()]);
            var jac = (jacobian ?? Jacobian.Of)(net, data.X);
            var e = loss.Factor(data.N) * (net.Predict(data.X) - data.Y);
            var viaJacobian = jac.TransposeTimes(e);
            var jacTol = Tolerance.ForOperations(4 * data.N, jac.MaxAbs() * e.Span.ToArray().Sum(Math.Abs));
            var jacobianEvidence = Evidence.Equal(analytic, viaJacobian, jacTol, "∇L vs Jᵀ·c_L(u − y)");

            var rng = new Rng(Rng.Derive(seed, "coordinate"));
            int c = rng.NextInt(analytic.Length);
            var theta = net.Flatten().ToArray();
            double h = 1e-5 * Math.Max(1, Math.Abs(theta[c]));
            double Lo(double delta)
            {
                var t = (double[])theta.Clone();
                t[c] += delta;
                var other = net.WithParameters(t);
                return Loss.Value(loss, other.Predict(data.X).Span, data.Y.Span);
            }
            if (net.Activation.HasKink && PatternChanges(net, data.X, theta, c, h))
                return Evidence.All(jacobianEvidence, Evidence.HypothesisFailed("a pattern flips within ±h"));
            double d1 = (Lo(h) - Lo(-h)) / (2 * h), d2 = (Lo(h / 2) - Lo(-h / 2)) / h;
            // Richardson: |D(h) − D(h/2)| ≈ ¾ of D(h)'s truncation error; rounding ≈ ε·|L|/h.
            double tol = 2 * Math.Abs(d1 - d2) + 50 * Tolerance.Epsilon * Math.Abs(Lo(0)) / h + 1e-12 * Math.Abs(analytic[c]);
            var fd = new Evidence(analytic[c], d2, tol - Math.Abs(analytic[c] - d2), true, F($"∂L/∂θ[{c}] = {analytic[c]:G8}, central difference {d2:G8}"));
            return Evidence.All(jacobianEvidence, fd);
        });

    /// <summary>Whether moving θ[c] by +h or by −h changes the sign pattern 1{w_rᵀx_i ≥ 0} of any neuron on any input.</summary>
    internal static bool PatternChanges(TwoLayerNet net, Mat x, double[] theta, int c, double h)
    {
        var z = Forward.Of(net, x).PreActivations.ToArray();
        foreach (var delta in new[] { h, -h })
        {
            var t = (double[])theta.Clone();
            t[c] += delta;
            var zz = Forward.Of(net.WithParameters(t), x).PreActivations;
            for (int k = 0; k < z.Length; k++)
                if ((z[k] >= 0) != (zz[k] >= 0))
                    return true;
        }
        return false;
    }

    public static readonly Claim Algorithm1 = MakeAlgorithm1(GradientDescent.Step);

    /// <summary>Algorithm 1 against a supplied vectorised step.</summary>
    public static Claim MakeAlgorithm1(Func<GdProblem, GdState, GdState> step) => new(
        "ntk-notes/algorithm-1",
        "ntk-notes §1.1, Algorithm 1 and eq. (2)",
        "Algorithm 1's per-neuron loop (Q_i = a_r σ'(w_rᵀx_i) x_iᵀ/√m, grad_r = −Qᵀ(y − u), w_r ← w_r − η grad_r) equals the GD step W(k+1) = W(k) − η ∂L/∂W",
        ClaimKind.Identity,
        "none",
        50,
        seed =>
        {
            var (data, net) = Instances.NtkNotes(seed);
            var rng = new Rng(Rng.Derive(seed, "eta"));
            double eta = 0.5 * rng.NextDouble();
            int steps = Instances.Between(ref rng, 1, 5);
            var p = GdProblem.FirstLayer(data, LossKind.Sum, eta);
            var s = GradientDescent.Start(p, net);
            var reference = net;
            for (int k = 0; k < steps; k++)
            {
                s = step(p, s);
                reference = GradientDescent.Algorithm1Step(reference, data, LossKind.Sum, eta);
            }
            var tol = Tolerance.ForOperations((double)net.Width * data.N * data.D * steps, net.W.MaxAbs());
            return Evidence.Equal(Vec.Of(s.Net.W.ToArray()), Vec.Of(reference.W.ToArray()), tol,
                F($"{steps} steps, η = {eta:G4}, n = {data.N}, d = {data.D}, m = {net.Width}"));
        });

    public static readonly Claim ClaimC1 = MakeClaimC1((k, y, u0, eta, n, t) => LinearDynamics.Discrete(k, y, u0, eta, n).At(t));

    /// <summary>
    /// Claim C.1 with the closed form (K, y, u(0), η, n, t) ↦ u^lin(t) supplied, and optionally the iterated
    /// parameter-space GD (Φ, y, ω(0), η, n, t) ↦ ω(t) it is compared with (by default
    /// <see cref="LinearDynamics.ParameterGd"/>). The norm bound is checked on the iterates, so a step size the
    /// iteration gets wrong is caught by the bound even when the closed form makes the same mistake.
    /// </summary>
    public static Claim MakeClaimC1(Func<Mat, Vec, Vec, double, double, int, Vec> closedForm, Func<Mat, Vec, Vec, double, double, int, Vec>? iterate = null) => new(
        "hu/claim-c1",
        "hu, \"Analytical form\", Claim C.1",
        "For all t ≥ 0, u^lin(t) − y = (I − ηK/n)^t (u^lin(0) − y). If η ≤ 2n/‖K‖ then ‖u^lin(t) − y‖ ≤ ‖u^lin(0) − y‖ for all t ≥ 0.",
        ClaimKind.Identity,
        "the norm bound needs η ≤ 2n/‖K‖ (instances with larger η check the identity only)",
        100,
        seed =>
        {
            var rng = new Rng(seed);
            int n = Instances.Between(ref rng, 1, 12), mm = Instances.Between(ref rng, 1, 20);
            var phi = Instances.Gaussian(ref rng, n, mm);
            var k = phi.Gram();
            var y = Vec.Of(Instances.Gaussian(ref rng, n, 1).ToArray());
            var omega0 = Vec.Of(Instances.Gaussian(ref rng, mm, 1).ToArray());
            var u0 = phi * omega0;
            double lmax = Spectral.MaxEigenvalue(k);
            // η = f·2n/λ_max: f ∈ (0,1) mostly, f = 1 exactly (the tight case), and f > 1 (the bound's hypothesis fails)
            int which = rng.NextInt(6);
            double f = which == 0 ? 1.0 : which == 1 ? 1.0 + rng.NextDouble() : rng.NextDouble();
            double eta = f * 2 * n / lmax;
            int t = Instances.Between(ref rng, 0, 50);
            var iterated = phi * (iterate ?? LinearDynamics.ParameterGd)(phi, y, omega0, eta, n, t);
            var closed = closedForm(k, y, u0, eta, n, t);
            double growth = Math.Pow(Math.Max(1, Math.Abs(1 - eta * lmax / n)), t);
            double scale = growth * ((u0 - y).NormInf() + y.NormInf()) * (1 + phi.MaxAbs() * phi.MaxAbs() * mm * eta / n);
            var tol = Tolerance.ForOperations((double)(t + 1) * n * mm, scale);
            var identity = Evidence.Equal(iterated, closed, tol, F($"t = {t}, n = {n}, η = {f:G4}·2n/λ_max"));
            if (f > 1)
                return identity;
            double r0 = (u0 - y).Norm2(), rt = (iterated - y).Norm2();
            var bound = Evidence.AtMost(rt, r0, tol.Absolute * Math.Sqrt(n) + 4 * (t + 1) * n * mm * Tolerance.Epsilon * r0,
                F($"‖u(t) − y‖ = {rt:G8} ≤ ‖u(0) − y‖ = {r0:G8} at η = {f:G4}·2n/‖K‖"));
            return Evidence.All(identity, bound);
        });

    public static readonly Claim ConstantKernelSolution = MakeConstantKernelSolution((h, y, u0, t) => LinearDynamics.Continuous(h, y, u0, 1.0).At(t));

    /// <summary>The constant-kernel solution with the closed form (H*, y, u(0), t) ↦ u(t) supplied.</summary>
    public static Claim MakeConstantKernelSolution(Func<Mat, Vec, Vec, double, Vec> closedForm) => new(
        "ntk-slides/constant-kernel-solution",
        "ntk-slides, \"Convergence of GD in the kernel regime\"",
        "du/dt = −H*(u − y) has the solution u(t) = y + e^{−tH*}(u(0) − y)",
        ClaimKind.Identity,
        "H* symmetric positive semi-definite",
        40,
        seed =>
        {
            var rng = new Rng(seed);
            int n = Instances.Between(ref rng, 1, 8);
            var a = Instances.Gaussian(ref rng, n, Instances.Between(ref rng, 1, 8));
            var h = a.Gram();
            var y = Vec.Of(Instances.Gaussian(ref rng, n, 1).ToArray());
            var u0 = Vec.Of(Instances.Gaussian(ref rng, n, 1).ToArray());
            double t = 2 * rng.NextDouble();
            Rhs rhs = (_, u) => -1.0 * (h * (u - y));
            double lmax = Math.Max(Spectral.MaxEigenvalue(h), 1e-3);
            var sol = Ode.Halving(rhs, u0, t, 0.5 / lmax, 1e-10);
            var closed = closedForm(h, y, u0, t);
            double scale = (u0 - y).NormInf() + y.NormInf();
            var tol = new Tolerance(10 * sol.EstimatedError + Tolerance.ForOperations(n * n * 8, scale).Absolute, 0);
            return Evidence.Equal(sol.States[^1], closed, tol, F($"RK4 (h = {sol.StepSize:G3}) vs eigendecomposition at t = {t:G4}, n = {n}"));
        });

    /// <summary>A point along the gradient flow of the ntk-notes setting, reached by a few RK4 steps.</summary>
    private static (Dataset Data, TwoLayerNet Net, Vec ThetaDot) FlowPoint(ulong seed)
    {
        var (data, net0) = Instances.NtkNotes(seed);
        var rng = new Rng(Rng.Derive(seed, "time"));
        double t = 0.5 * rng.NextDouble();
        var rhs = GradientFlow.Rhs(net0, data, LossKind.Sum, Layers.First);
        var theta = Ode.Fixed(rhs, net0.Flatten(), t, 0.05).States[^1];
        var net = net0.WithParameters(theta.Span);
        return (data, net, rhs(t, theta));
    }

    public static readonly Claim Fact4 = MakeFact4(EmpiricalNtk.FirstLayer);

    /// <summary>Fact 4 with the kernel H(W) on inputs X supplied.</summary>
    public static Claim MakeFact4(Func<TwoLayerNet, Mat, Mat> kernel) => new(
        "ntk-notes/fact-4",
        "ntk-notes §1.4, Fact 4",
        "d/dt u(t) = H(t)·(y − u(t)) along the gradient flow (4)",
        ClaimKind.Identity,
        "ReLU, a_r ∈ {±1}, sum loss, first layer trained (the ntk-notes setting)",
        60,
        seed =>
        {
            var (data, net, thetaDot) = FlowPoint(seed);
            var jac = Jacobian.Of(net, data.X);
            var lhs = jac * thetaDot; // du/dt by the chain rule
            var u = net.Predict(data.X);
            var rhs = kernel(net, data.X) * (data.Y - u);
            var tol = Tolerance.ForOperations(net.ParameterCount + data.N * (double)net.Width, jac.MaxAbs() * thetaDot.NormInf() * net.ParameterCount);
            return Evidence.Equal(lhs, rhs, tol, F($"J·θ̇ vs H(y − u), n = {data.N}, m = {net.Width}"));
        });

    public static readonly Claim Eq10LossDerivative = MakeEq10(EmpiricalNtk.FirstLayer);

    /// <summary>Eq. (10) with the kernel H(W) on inputs X supplied.</summary>
    public static Claim MakeEq10(Func<TwoLayerNet, Mat, Mat> kernel) => new(
        "lecture7/eq10-loss-derivative",
        "lecture7, eq. (10)",
        "dL/dt = −(y − u)ᵀ H(t) (y − u)",
        ClaimKind.Identity,
        "ReLU, a_r ∈ {±1}, sum loss, first layer trained",
        60,
        seed =>
        {
            var (data, net, thetaDot) = FlowPoint(seed);
            double lhs = -thetaDot.NormSquared(); // dL/dt = ∇L·θ̇ = −‖∇L‖² on the flow
            var r = data.Y - net.Predict(data.X);
            double rhs = -r.Dot(kernel(net, data.X) * r);
            var tol = Tolerance.ForOperations(net.ParameterCount + data.N * (double)data.N * net.Width, Math.Abs(rhs) + thetaDot.NormSquared());
            return Evidence.Equal(lhs, rhs, tol, F($"−‖∇L‖² = {lhs:G8}, −rᵀHr = {rhs:G8}"));
        });

    /// <summary>The claims of this file, in catalog order.</summary>
    public static IReadOnlyList<Claim> All => [Weyl, Eq1Gradient, Algorithm1, Fact4, ConstantKernelSolution, Eq10LossDerivative, ClaimC1];
}
