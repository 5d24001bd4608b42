using NtkPure.Dynamics;
using NtkPure.Kernels;
using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Experiments;

/// <summary>
/// A sweep over the input dimension d with n = ⌈c_n·d^{1+α}⌉ training points and width m ∝ d^{1+α} (or d^{2+α}),
/// <see cref="Replicates"/> independent instances per d, every instance seeded from (<see cref="Seed"/>, d, replicate).
/// </summary>
public sealed record HuSweepDesign(IReadOnlyList<int> Dims, int Replicates, double Alpha, double CN, double CM, ulong Seed)
{
    public HuSizes Sizes(int d, double widthExponent, int nTest = 0) => HuSizes.Power(d, Alpha, CN, CM, widthExponent, nTest);

    public ulong InstanceSeed(int d, int replicate) =>
        Rng.Derive(Seed, "d=" + d.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/rep=" + replicate.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Every (d, replicate) of the sweep in order.</summary>
    public IEnumerable<(int D, int Replicate)> Points()
    {
        foreach (int d in Dims)
            for (int r = 0; r < Replicates; r++)
                yield return (d, r);
    }
}

/// <summary>hu's data claim at one instance: max_i |‖x_i‖²/d − 1|, max_{i≠j} |⟨x_i, x_j⟩|/d and ‖XXᵀ‖ (n×d data).</summary>
public sealed record ConcentrationRow(int D, int N, int Replicate, double NormDeviation, double InnerProduct, double TopEigenvalue)
{
    /// <summary>√(log n/d), the claim's rate for the first two.</summary>
    public double Rate => Math.Sqrt(Math.Log(N) / D);
}

/// <summary>‖Θ₁(W(0)) − Θ^lin1‖ at one instance, the proposition's n/d^{1+α}, ‖Θ^lin1‖ and the largest diagonal difference.</summary>
public sealed record DistanceRow(int D, int N, int M, int Replicate, double Distance, double Bound, double LinNorm, double Diagonal);

/// <summary>A Jacobian-perturbation ratio ‖J₁(W) − J₁(W̃)‖/bound at the worst candidate pair of one instance.</summary>
public sealed record JacobianRow(int D, int N, int M, int Replicate, string Worst, double Difference, double Bound, double Distance)
{
    public double Ratio => Difference / Bound;
}

/// <summary>
/// hu's Assumption 1 for the first layer at one instance: R, ‖K‖ (K = Θ^lin1), ε at W = W̃ = W(0), the worst ε
/// over random pairs and over the flipping constructions, the overall worst ε (a lower bound on the supremum
/// over the ball), which pair attained it, and the lemma's n/d^{1+α/7}.
/// </summary>
public sealed record Assumption1Row(int D, int N, int M, int Replicate, double Radius, double KNorm, double EpsilonInit, double EpsilonRandom, double EpsilonFlip, double Epsilon, string Worst, double LemmaBound)
{
    /// <summary>R²ε/n: the general theorem needs it below 1.</summary>
    public double HypothesisRatio => Radius * Radius * Epsilon / N;
}

/// <summary>
/// One network-vs-linear-model run of hu's first- or second-layer theorem: step size, horizon T = c·d log d/η,
/// max_{t≤T} (1/n)‖u(t) − u^lin(t)‖² (eq. (1)), max_{t≤T} E_test[min{(f_t − f_t^lin)², 1}] (eq. (2)), and the
/// losses at T.
/// </summary>
/// <see cref="MaxGapDiagonal"/> (first layer only, else NaN) is max_t (1/n)‖u(t) − u'(t)‖² for the linear dynamics u'
/// with kernel Θ^lin1 + diag(Θ₁*_ii − Θ^lin1_ii), Θ₁* = E_W[Θ₁(W)]: the linear model with the diagonal that Θ^lin1
/// leaves out put back, which shows how much of the gap that diagonal accounts for.
public sealed record TheoremRow(int D, int N, int M, int Replicate, double Eta, int Steps, double MaxGap, double MaxTestGap, double NetLoss, double LinLoss, double MaxGapDiagonal = double.NaN);

/// <summary>
/// hu's general theorem on the first-layer instance: η, the radius R used (the lemma's √(d log d), halved in R²
/// until R²ε &lt; n holds for the estimated ε), ‖K‖, the estimated ε, whether the hypotheses held (η ≤ n/‖K‖ and
/// R²ε &lt; n), the horizons ⌊R²/n⌋ (as written) and ⌈R²/η⌉ (the proof's), the closeness ratios
/// max_t ‖u(t) − u^lin(t)‖·√n/(ηtε) over each horizon (NaN if empty), and the movements max_t ‖θ(t) − θ(0)‖/R,
/// max_t ‖ω(t) − ω(0)‖/R over the proof's horizon.
/// </summary>
public sealed record MainTheoremRow(
    int D,
    int N,
    int M,
    int Replicate,
    double Eta,
    double Radius,
    int Halvings,
    double KNorm,
    double Epsilon,
    bool HypothesisHeld,
    int HorizonAsWritten,
    int HorizonCorrected,
    double RatioAsWritten,
    double Ratio,
    double Movement,
    double LinMovement
);

/// <summary>The sweeps behind hu's asymptotic claims: pure functions of a design and the implementation under test.</summary>
public static class HuSweeps
{
    /// <summary>Data only: n = κ·d points of N(0, Σ) per d (hu: n ≫ d), from <paramref name="inputs"/> (n, d, seed) ↦ X.</summary>
    public static IReadOnlyList<ConcentrationRow> DataConcentration(IReadOnlyList<int> dims, int replicates, int samplesPerDimension, ulong seed, Func<int, int, ulong, Mat> inputs)
    {
        var rows = new List<ConcentrationRow>();
        var design = new HuSweepDesign(dims, replicates, 0, 0, 0, seed);
        foreach (var (d, rep) in design.Points())
        {
            int n = samplesPerDimension * d;
            var x = inputs(n, d, design.InstanceSeed(d, rep));
            var g = x.Gram();
            double norm = 0, ip = 0;
            for (int i = 0; i < n; i++)
            {
                norm = Math.Max(norm, Math.Abs(g[i, i] / d - 1));
                var row = g.Row(i);
                for (int j = 0; j < i; j++)
                    ip = Math.Max(ip, Math.Abs(row[j]));
            }
            // ‖XXᵀ‖ = ‖XᵀX‖, the d×d side
            double top = OperatorNorm.Of(x.TransposeMultiply(x));
            rows.Add(new ConcentrationRow(d, n, rep, norm, ip / d, top));
        }
        return rows;
    }

    /// <summary>‖Θ₁(W(0)) − Θ^lin1‖ with the kernels under test: <paramref name="theta1"/> (W, X, φ) and <paramref name="lin1"/> (X, constants).</summary>
    public static IReadOnlyList<DistanceRow> DistanceKernels(HuSweepDesign s, Activation act, Func<Mat, Mat, Activation, Mat> theta1, Func<Mat, HuConstants, Mat> lin1)
    {
        var rows = new List<DistanceRow>();
        foreach (var (d, rep) in s.Points())
        {
            var inst = HuSetting.Instance(s.Sizes(d, 1 + s.Alpha), act, s.InstanceSeed(d, rep));
            var x = inst.Train.X;
            var k = lin1(x, inst.Constants);
            var diff = theta1(inst.Net0.W, x, act) - k;
            double diag = 0;
            for (int i = 0; i < inst.N; i++)
                diag = Math.Max(diag, Math.Abs(diff[i, i]));
            rows.Add(new DistanceRow(d, inst.N, inst.M, rep, OperatorNorm.Of(diff), inst.N / Math.Pow(d, 1 + s.Alpha), OperatorNorm.Of(k), diag));
        }
        return rows;
    }

    /// <summary>‖J₁(W) − J₁(W̃)‖ for first-layer weights W, W̃ (m×d), second layer v, inputs X: the quantity eqs. (6), (7) bound.</summary>
    public delegate double JacobianDifference(Mat w, Mat wTilde, Vec v, Mat x, Activation act);

    /// <summary>
    /// Eq. (6), smooth φ: the largest ‖J₁(W) − J₁(W̃)‖/(√(n/(md))·‖W − W̃‖_F) over candidate pairs at W = W(0): W̃ − W
    /// a random Gaussian direction, every neuron moved along the top right singular vector of X (coherent), and
    /// every neuron moved towards x₁ (targeted), each at Frobenius size 10⁻³ (local) and R = √(d log d).
    /// </summary>
    public static IReadOnlyList<JacobianRow> JacobianSmooth(HuSweepDesign s, Activation act, JacobianDifference difference)
    {
        var rows = new List<JacobianRow>();
        foreach (var (d, rep) in s.Points())
        {
            var inst = HuSetting.Instance(s.Sizes(d, 1 + s.Alpha), act, s.InstanceSeed(d, rep));
            var x = inst.Train.X;
            var w = inst.Net0.W;
            int m = inst.M, n = inst.N;
            var top = SymmetricEigen.Of(x.TransposeMultiply(x)).Vectors;
            var b = new double[d];
            for (int k = 0; k < d; k++)
                b[k] = top[k, d - 1];
            double x0 = Math.Sqrt(Blas.Dot(x.Row(0), x.Row(0)));
            var rng = new Rng(Rng.Derive(s.InstanceSeed(d, rep), "jacobian/random"));
            var g = new double[m * d];
            rng.FillGaussian(g);
            var gm = Mat.FromRowMajor(m, d, g);
            var directions = new (string Name, Mat Unit)[]
            {
                ("random", (1 / gm.FrobeniusNorm()) * gm),
                ("coherent", Mat.Create(m, d, (r, k) => b[k] / Math.Sqrt(m))),
                ("targeted", Mat.Create(m, d, (r, k) => x[0, k] / x0 / Math.Sqrt(m))),
            };
            JacobianRow? worst = null;
            foreach (var (name, unit) in directions)
                foreach (double size in new[] { 1e-3, HuSetting.Radius(d) })
                {
                    var delta = size * unit;
                    double diff = difference(w, w + delta, inst.Net0.A, x, act), dist = delta.FrobeniusNorm();
                    var row = new JacobianRow(d, n, m, rep, FormattableString.Invariant($"{name} at ‖ΔW‖_F = {size:G3}"), diff, Math.Sqrt((double)n / ((double)m * d)) * dist, dist);
                    if (worst is null || row.Ratio > worst.Ratio)
                        worst = row;
                }
            rows.Add(worst!);
        }
        return rows;
    }

    /// <summary>
    /// Eq. (7), piecewise-linear φ: the largest ‖J₁(W) − J₁(W(0))‖/(√(n/d)·(‖W − W(0)‖^{1/3}/m^{1/6} + (log n/m)^{1/4}))
    /// (‖·‖ the spectral norm) over W from <see cref="HuWorstCase"/> at radii R/8 and R = √(d log d): a random
    /// direction, and the constructions that flip the nearest inactive, and the nearest, activations.
    /// </summary>
    public static IReadOnlyList<JacobianRow> JacobianPiecewiseLinear(HuSweepDesign s, Activation act, JacobianDifference difference)
    {
        var rows = new List<JacobianRow>();
        foreach (var (d, rep) in s.Points())
        {
            ulong seed = s.InstanceSeed(d, rep);
            var inst = HuSetting.Instance(s.Sizes(d, 1 + s.Alpha), act, seed);
            var x = inst.Train.X;
            var w0 = inst.Net0.W;
            int m = inst.M, n = inst.N;
            JacobianRow? worst = null;
            foreach (double radius in new[] { HuSetting.Radius(d) / 8, HuSetting.Radius(d) })
                foreach (var p in new[]
                         {
                             HuWorstCase.Random(w0, x, radius, Rng.Derive(seed, "jacobian/random")),
                             HuWorstCase.Flip(w0, x, radius, FlipDirection.On),
                             HuWorstCase.Flip(w0, x, radius, FlipDirection.Both),
                         })
                {
                    double diff = difference(p.W, w0, inst.Net0.A, x, act);
                    double bound = Math.Sqrt((double)n / d) * (Math.Cbrt(p.SpectralDistance) / Math.Pow(m, 1.0 / 6) + Math.Pow(Math.Log(n) / m, 0.25));
                    var row = new JacobianRow(d, n, m, rep, FormattableString.Invariant($"{p.Name} at R = {radius:G3} ({p.PatternChanges} patterns changed)"), diff, bound, p.SpectralDistance);
                    if (worst is null || row.Ratio > worst.Ratio)
                        worst = row;
                }
            rows.Add(worst!);
        }
        return rows;
    }

    /// <summary>‖J(W)J(W̃)ᵀ − K‖ for the first layer (n×n, not symmetric), with K supplied.</summary>
    public static double Epsilon(Mat w, Mat wTilde, Vec v, Mat x, Activation act, Mat k) =>
        OperatorNorm.Of(HuJacobians.CrossGram(w, wTilde, v, x, act) - k);

    /// <summary>
    /// The worst ε = ‖J(W)J(W̃)ᵀ − K‖ found in the ball of radius R around W(0), with its name: the pair (W(0), W(0)),
    /// two random points and the pair of them, and (piecewise-linear φ) the flipping constructions On, Off, Both, each
    /// with itself, On with Off, and Both with W(0); <paramref name="quick"/> keeps only (W(0), W(0)) and On, Both with
    /// themselves. Returns (ε at W(0), worst random, worst flip, overall, which).
    /// </summary>
    public static (double Init, double Random, double Flip, double Worst, string Which) EpsilonInBall(HuInstance inst, double radius, Mat k, ulong seed, bool quick = false)
    {
        var x = inst.Train.X;
        var w0 = inst.Net0.W;
        var v = inst.Net0.A;
        var act = inst.Activation;
        double init = Epsilon(w0, w0, v, x, act, k);
        var random = new List<(string, Mat, Mat)>();
        var flips = new List<(string, Mat, Mat)>();
        if (quick && act.HasKink)
        {
            // the pairs that were worst in every full search: flip-on with itself, and flip-both
            var on = HuWorstCase.Flip(w0, x, radius, FlipDirection.On).W;
            var both = HuWorstCase.Flip(w0, x, radius, FlipDirection.Both).W;
            flips.AddRange([("flip-on", on, on), ("flip-both", both, both)]);
        }
        else
        {
            var r1 = HuWorstCase.Random(w0, x, radius, Rng.Derive(seed, "ball/random1")).W;
            var r2 = HuWorstCase.Random(w0, x, radius, Rng.Derive(seed, "ball/random2")).W;
            random.AddRange([("random", r1, r1), ("random pair", r1, r2)]);
        }
        if (!quick && act.HasKink)
        {
            var on = HuWorstCase.Flip(w0, x, radius, FlipDirection.On).W;
            var off = HuWorstCase.Flip(w0, x, radius, FlipDirection.Off).W;
            var both = HuWorstCase.Flip(w0, x, radius, FlipDirection.Both).W;
            flips.AddRange([("flip-on", on, on), ("flip-off", off, off), ("flip-on × flip-off", on, off), ("flip-both", both, both), ("flip-both × W(0)", both, w0)]);
        }
        double worstRandom = 0, worstFlip = 0, worst = init;
        string which = "W(0)";
        foreach (var (name, a, b) in random)
        {
            double e = Epsilon(a, b, v, x, act, k);
            worstRandom = Math.Max(worstRandom, e);
            if (e > worst)
                (worst, which) = (e, name);
        }
        foreach (var (name, a, b) in flips)
        {
            double e = Epsilon(a, b, v, x, act, k);
            worstFlip = Math.Max(worstFlip, e);
            if (e > worst)
                (worst, which) = (e, name);
        }
        return (init, worstRandom, worstFlip, worst, which);
    }

    /// <summary>Assumption 1 for the first layer with K supplied as a function of (X, constants) (hu: Θ^lin1) and R = √(d log d).</summary>
    public static IReadOnlyList<Assumption1Row> Assumption1(HuSweepDesign s, Activation act, Func<Mat, HuConstants, Mat> kernel)
    {
        var rows = new List<Assumption1Row>();
        foreach (var (d, rep) in s.Points())
        {
            ulong seed = s.InstanceSeed(d, rep);
            var inst = HuSetting.Instance(s.Sizes(d, 1 + s.Alpha), act, seed);
            var k = kernel(inst.Train.X, inst.Constants);
            double radius = HuSetting.Radius(d);
            var e = EpsilonInBall(inst, radius, k, seed);
            rows.Add(new Assumption1Row(d, inst.N, inst.M, rep, radius, OperatorNorm.Of(k), e.Init, e.Random, e.Flip, e.Worst, e.Which,
                inst.N / Math.Pow(d, 1 + s.Alpha / 7)));
        }
        return rows;
    }

    /// <summary>
    /// hu's first-layer theorem: η₁ = <paramref name="etaOverD"/>·d (η₁ ≪ d), η₂ = 0, T = ⌈c·d log d/η₁⌉, n test points.
    /// </summary>
    public static IReadOnlyList<TheoremRow> FirstLayerTheorem(HuSweepDesign s, Activation act, double etaOverD, double c, HuImplementation impl)
    {
        var rows = new List<TheoremRow>();
        foreach (var (d, rep) in s.Points())
        {
            var sizes = s.Sizes(d, 1 + s.Alpha);
            var inst = HuSetting.Instance(sizes with { NTest = sizes.N }, act, s.InstanceSeed(d, rep));
            double eta = etaOverD * d;
            int steps = (int)Math.Ceiling(c * d * Math.Log(d) / eta);
            var points = HuDynamics.Run(inst, Layers.First, eta, 0, steps, impl);
            rows.Add(Summarise(inst, rep, eta, points) with { MaxGapDiagonal = DiagonalCorrectedGap(inst, eta, points) });
        }
        return rows;
    }

    /// <summary>The diagonal of Θ₁* = E_W[Θ₁(W)]: E[φ'(g‖x_i‖/√d)²]·‖x_i‖²/d (one-dimensional quadrature per input).</summary>
    public static Vec FirstLayerDiagonal(Mat x, Activation act)
    {
        int n = x.Rows, d = x.Cols;
        var diag = new double[n];
        for (int i = 0; i < n; i++)
        {
            double sq = Blas.Dot(x.Row(i), x.Row(i)) / d;
            diag[i] = GaussianExpectations.Moments(act, Math.Sqrt(sq)).MeanDerivativeSquare * sq;
        }
        return Vec.Own(diag);
    }

    private static double DiagonalCorrectedGap(HuInstance inst, double eta, IReadOnlyList<HuPoint> points)
    {
        var x = inst.Train.X;
        var k = HuKernels.Lin1(x, inst.Constants).ToArray();
        var star = FirstLayerDiagonal(x, inst.Activation);
        int n = inst.N;
        for (int i = 0; i < n; i++)
            k[i * n + i] = star[i];
        var kc = Mat.Own(n, n, k);
        var u = points[0].U;
        double worst = 0;
        foreach (var p in points)
        {
            worst = Math.Max(worst, (p.U - u).NormSquared() / n);
            u = LinearDynamics.Step(kc, inst.Train.Y, u, eta, n);
        }
        return worst;
    }

    /// <summary>Whether E[φ(g)] = 0, which decides the second-layer theorem's width and step size.</summary>
    public static bool ZeroMean(HuConstants c) => Math.Abs(c.Theta0) <= 1e-9;

    /// <summary>
    /// hu's second-layer theorem: η₁ = 0; if E[φ(g)] = 0, m ∝ d^{1+α} and η₂ = d/(4 log n) (η₂ ≪ d/log n), else
    /// m ∝ d^{2+α} and η₂ = 1/4 (η₂ ≪ 1); T = ⌈c·d log d/η₂⌉; GD on v in its exact kernel form.
    /// </summary>
    public static IReadOnlyList<TheoremRow> SecondLayerTheorem(HuSweepDesign s, Activation act, double c, HuImplementation impl)
    {
        var rows = new List<TheoremRow>();
        bool zeroMean = ZeroMean(HuConstants.Of(act, 1.0));
        foreach (var (d, rep) in s.Points())
        {
            var sizes = s.Sizes(d, zeroMean ? 1 + s.Alpha : 2 + s.Alpha);
            var inst = HuSetting.Instance(sizes with { NTest = sizes.N }, act, s.InstanceSeed(d, rep));
            double eta = zeroMean ? d / (4 * Math.Log(inst.N)) : 0.25;
            int steps = (int)Math.Ceiling(c * d * Math.Log(d) / eta);
            rows.Add(Summarise(inst, rep, eta, HuDynamics.SecondLayerKernelRun(inst, eta, steps, impl)));
        }
        return rows;
    }

    private static TheoremRow Summarise(HuInstance inst, int rep, double eta, IReadOnlyList<HuPoint> points)
    {
        double gap = 0, test = 0;
        foreach (var p in points)
        {
            gap = Math.Max(gap, p.Gap);
            if (!double.IsNaN(p.TestGap))
                test = Math.Max(test, p.TestGap);
        }
        // a diverging run has NaN or infinite gaps: report them as infinite so the fit sees growth
        if (!double.IsFinite(gap) || points.Any(p => double.IsNaN(p.Gap)))
            gap = double.PositiveInfinity;
        return new TheoremRow(inst.D, inst.N, inst.M, rep, eta, points.Count - 1, gap, test, points[^1].NetLoss, points[^1].LinLoss);
    }

    /// <summary>
    /// hu's general theorem instantiated with the first layer: f = the ReLU net on the training inputs (η₂ = 0),
    /// Φ = ψ₁(X), K = Θ^lin1, u(0) = u^lin(0) = 0 (symmetric initialisation, ω(0) = 0), η = <paramref name="etaOverD"/>·d.
    /// ε is estimated as the worst ‖J(θ)J(θ')ᵀ − K‖ over the constructions of <see cref="EpsilonInBall"/> (quick) and over
    /// the pairs (θ(t), θ(t)), (θ(t+1), θ(t)) of the GD trajectory inside the ball at its start, middle and end — a lower bound on the supremum of
    /// Assumption 1, so the closeness ratio it gives is an upper bound on the statement's. The network's GD step is
    /// supplied (the implementation under test).
    /// </summary>
    public static IReadOnlyList<MainTheoremRow> MainTheorem(HuSweepDesign s, double etaOverD, Func<GdProblem, GdState, GdState> step)
    {
        var rows = new List<MainTheoremRow>();
        var act = Activation.Relu;
        foreach (var (d, rep) in s.Points())
        {
            ulong seed = s.InstanceSeed(d, rep);
            var inst = HuSetting.Instance(s.Sizes(d, 1 + s.Alpha), act, seed);
            var x = inst.Train.X;
            var v = inst.Net0.A;
            int n = inst.N;
            var k = HuKernels.Lin1(x, inst.Constants);
            double kNorm = OperatorNorm.Of(k), eta = etaOverD * d;
            double radius = HuSetting.Radius(d), eps = EpsilonInBall(inst, radius, k, seed, quick: true).Worst;
            int halvings = 0;
            while (radius * radius * eps >= n && halvings < 4)
            {
                radius /= Math.Sqrt(2);
                halvings++;
                eps = EpsilonInBall(inst, radius, k, seed, quick: true).Worst;
            }
            int horizon = (int)Math.Ceiling(radius * radius / eta), asWritten = (int)Math.Floor(radius * radius / n);
            var impl = HuImplementation.Reference with { Step = step };
            var nets = new List<TwoLayerNet>();
            var points = HuDynamics.Run(inst, Layers.First, eta, 0, horizon, impl, observe: nets.Add);
            // the proof's E(τ) pairs (θ(τ), θ(τ)) and (θ(τ+1), θ(τ)) at the start, the middle and the end of the run
            foreach (int t in new[] { 0, horizon / 2, horizon - 1 }.Distinct())
            {
                if (t < 0 || t + 1 >= nets.Count || points[t + 1].NetMove > radius || !nets[t + 1].W.AllFinite())
                    continue;
                eps = Math.Max(eps, Epsilon(nets[t].W, nets[t].W, v, x, act, k));
                eps = Math.Max(eps, Epsilon(nets[t + 1].W, nets[t].W, v, x, act, k));
            }
            bool held = eta <= n / kNorm && radius * radius * eps < n;
            double ratio = double.NaN, ratioWritten = double.NaN, move = 0, linMove = 0;
            for (int t = 1; t < points.Count; t++)
            {
                double r = Math.Sqrt(n * points[t].Gap) * Math.Sqrt(n) / (eta * t * eps);
                if (double.IsNaN(r))
                    r = double.PositiveInfinity;
                ratio = double.IsNaN(ratio) ? r : Math.Max(ratio, r);
                if (t <= asWritten)
                    ratioWritten = double.IsNaN(ratioWritten) ? r : Math.Max(ratioWritten, r);
                move = Math.Max(move, double.IsNaN(points[t].NetMove) ? double.PositiveInfinity : points[t].NetMove / radius);
                linMove = Math.Max(linMove, points[t].LinMove / radius);
            }
            rows.Add(new MainTheoremRow(d, n, inst.M, rep, eta, radius, halvings, kNorm, eps, held, asWritten, horizon, ratioWritten, ratio, move, linMove));
        }
        return rows;
    }
}
