using NtkPure.Dynamics;
using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Boolean;

/// <summary>
/// E_f‖θ_t^f − θ₀‖² along the gradient flow of the hinge population risk R^f(θ) = E_x[max(0, 1 − h(x; θ)f(x))] (wu (0.11)), for
/// parities f on {0,1}^d and one θ₀: Times (the RK4 grid, step StepSize), MeanSquaredDistance (the average over the parities
/// used), StandardError (0 when all 2^d parities are used: the mean is then exact). G0 = E_x‖∇h(x; θ₀)‖²;
/// MaxAbsOutput = the largest |h(x; θ_t^f)| seen (wu Theorem 8 assumes sup|h| ≤ 1); EmpiricalL = the largest
/// E_x‖∇h(θ_T^f) − ∇h(θ₀)‖²/‖θ_T^f − θ₀‖² at the final step (the L of its second assumption, measured).
/// The quantities of the proof's (0.14)–(0.16) at each recorded time, averaged over the parities: Inner =
/// E_f⟨θ_t^f − θ₀, −∇R^f(θ_t^f)⟩ (half the derivative of the mean squared distance), RiskGradientSquare =
/// E_f‖∇R^f(θ_t^f)‖² and ModelGradientSquare = E_f G(θ_t^f), G(θ) = E_x‖∇_θh(x; θ)‖².
/// </summary>
public sealed record DriftCurve(
    int Dimension,
    int Width,
    double StepSize,
    IReadOnlyList<double> Times,
    IReadOnlyList<double> MeanSquaredDistance,
    IReadOnlyList<double> StandardError,
    IReadOnlyList<double> Inner,
    IReadOnlyList<double> RiskGradientSquare,
    IReadOnlyList<double> ModelGradientSquare,
    int Parities,
    bool AllParities,
    double G0,
    double MaxAbsOutput,
    double EmpiricalL
)
{
    /// <summary>
    /// The first time the mean squared distance reaches <paramref name="threshold"/>, interpolating its square root
    /// linearly between recorded times (the root-mean-square distance grows linearly while the drift is ballistic);
    /// +∞ if it never does within the run.
    /// </summary>
    public double EscapeTime(double threshold)
    {
        for (int i = 1; i < Times.Count; i++)
            if (MeanSquaredDistance[i] >= threshold)
            {
                double r0 = Math.Sqrt(MeanSquaredDistance[i - 1]), r1 = Math.Sqrt(MeanSquaredDistance[i]);
                return Times[i - 1] + (Times[i] - Times[i - 1]) * (Math.Sqrt(threshold) - r0) / (r1 - r0);
            }
        return double.PositiveInfinity;
    }

    /// <summary>The mean squared distance at time t, interpolated linearly between recorded times.</summary>
    public double At(double t)
    {
        for (int i = 1; i < Times.Count; i++)
            if (Times[i] >= t)
                return MeanSquaredDistance[i - 1] + (MeanSquaredDistance[i] - MeanSquaredDistance[i - 1]) * (t - Times[i - 1]) / (Times[i] - Times[i - 1]);
        throw new ArgumentOutOfRangeException(nameof(t), $"t = {t} is beyond the run (T = {Times[^1]})");
    }
}

/// <summary>wu Theorem 8 ("Hardness of learning with GD"), simulated.</summary>
public static class ParityDrift
{
    /// <summary>
    /// The inner network of the default experiment: g(x; θ) = (1/√m)Σ_r a_r tanh(w_rᵀx/√d), W (m×d) ~ N(0, I),
    /// a_r = ±κ with κ set so that max_x |g(x; θ₀)| = <paramref name="outputBound"/> over {0,1}^d. The model of
    /// <see cref="Run"/> is h = tanh∘g: sup_x|h| &lt; 1 for every θ, as Theorem 8 assumes, so the hinge is the linear
    /// 1 − hf. tanh keeps ∇h Lipschitz on bounded sets (ReLU's gradient jumps), the 1/√d input scaling keeps
    /// E_x‖∇h‖² comparable across d, and g(0; θ) = 0, ∇h(0; θ) = 0.
    /// </summary>
    public static TwoLayerNet Model(int d, int m, ulong seed, double outputBound = 0.5)
    {
        var (w, a) = Initialization.Draw(InitScheme.Dzps, m, d, seed);
        var net = new TwoLayerNet(w, a, Activation.Tanh, OutputScaling.Ntk, InputScaled: true);
        double max = net.Predict(Cube.All(d, CubeDomain.ZeroOne)).NormInf();
        return max == 0 ? net : net with { A = (outputBound / max) * a };
    }

    /// <summary>G(θ₀) = E_x‖∇_θh(x; θ₀)‖² over {0,1}^d for h = tanh∘g.</summary>
    public static double G(TwoLayerNet g)
    {
        var x = Cube.All(g.InputDim, CubeDomain.ZeroOne);
        return ModelGradientSquare(g, x, Forward.Of(g, x));
    }

    /// <summary>∇_θh for h = tanh∘g on the rows of X: the Jacobian of g with row i scaled by 1 − tanh²(g(x_i)).</summary>
    public static Mat Jacobian(TwoLayerNet g, Mat x)
    {
        var jac = Dynamics.Jacobian.Of(g, x).ToArray();
        var u = g.Predict(x);
        int p = g.ParameterCount;
        for (int i = 0; i < x.Rows; i++)
        {
            double t = Math.Tanh(u[i]), s = 1 - t * t;
            var row = jac.AsSpan(i * p, p);
            for (int q = 0; q < p; q++)
                row[q] *= s;
        }
        return Mat.FromRowMajor(x.Rows, p, jac);
    }

    /// <summary>
    /// The gradient flow dθ/dt = −∇R^f(θ) of the population hinge risk (all 2^d points, exact) for h = tanh∘g, g =
    /// <paramref name="net0"/> at θ₀, from the same θ₀ for each parity f_v, v ∈ <paramref name="parities"/>, up to
    /// <paramref name="time"/> by <paramref name="steps"/> RK4 steps, recording at every grid time. Both layers move.
    /// Parities run in parallel; each writes its own row and the rows are reduced in order, so the result does not
    /// depend on the thread count. d ≤ 16.
    /// </summary>
    public static DriftCurve Run(TwoLayerNet net0, IReadOnlyList<ulong> parities, bool allParities, double time, int steps)
    {
        int d = net0.InputDim;
        if (d > 16)
            throw new ArgumentOutOfRangeException(nameof(net0), $"population GD enumerates the cube: d ≤ 16, got {d}");
        if (steps < 1 || parities.Count == 0 || !(time > 0))
            throw new ArgumentOutOfRangeException(nameof(steps), "need steps ≥ 1, a parity and time > 0");
        var x = Cube.All(d, CubeDomain.ZeroOne);
        int n = x.Rows, k = parities.Count, records = steps + 1;
        var theta0 = net0.Flatten();
        var dist = new double[k * records];
        var inner = new double[k * records];
        var gradSq = new double[k * records];
        var modelSq = new double[k * records];
        var maxOut = new double[k];
        var lRatio = new double[k];
        var jac0 = Jacobian(net0, x);
        var vs = parities.ToArray();
        Parallel.For(0, k, f =>
        {
            var y = new double[n];
            for (int i = 0; i < n; i++)
                y[i] = Parity.Value(vs[f], (ulong)i);
            double mo = 0;
            (Vec Gradient, double MaxAbsH, Forward Forward) Grad(TwoLayerNet net)
            {
                var fw = Forward.Of(net, x);
                var e = new double[n];
                double maxH = 0;
                for (int i = 0; i < n; i++)
                {
                    double h = Math.Tanh(fw.U[i]);
                    maxH = Math.Max(maxH, Math.Abs(h));
                    // ∂/∂g_i of (1/n)Σ max(0, 1 − y_i tanh(g_i)): the hinge is active wherever y_i h_i < 1
                    e[i] = y[i] * h < 1 ? -y[i] * (1 - h * h) / n : 0.0;
                }
                var (gw, ga) = Gradients.Backward(net, x, e, fw);
                return (Vec.Of([.. gw.Span, .. ga.Span]), maxH, fw);
            }
            Rhs rhs = (_, theta) => -1.0 * Grad(net0.WithParameters(theta.Span)).Gradient;
            var sol = Ode.Fixed(rhs, theta0, time, time / steps);
            TwoLayerNet net = net0;
            for (int r = 0; r < records; r++)
            {
                net = net0.WithParameters(sol.States[r].Span);
                var (grad, maxH, fw) = Grad(net);
                var delta = sol.States[r] - theta0;
                int at = f * records + r;
                dist[at] = delta.NormSquared();
                inner[at] = -delta.Dot(grad);
                gradSq[at] = grad.NormSquared();
                modelSq[at] = ModelGradientSquare(net, x, fw);
                mo = Math.Max(mo, maxH);
            }
            maxOut[f] = mo;
            double moved = (net.Flatten() - theta0).NormSquared();
            var dj = Jacobian(net, x) - jac0;
            lRatio[f] = moved > 0 ? dj.FrobeniusNorm() * dj.FrobeniusNorm() / n / moved : 0.0;
        });
        var times = new double[records];
        for (int r = 0; r < records; r++)
            times[r] = r * time / steps;
        var (mean, se) = MeanOverParities(dist, k, records, allParities);
        double g0 = jac0.FrobeniusNorm() * jac0.FrobeniusNorm() / n;
        return new DriftCurve(d, net0.Width, time / steps, times, mean, se,
            MeanOverParities(inner, k, records, allParities).Mean, MeanOverParities(gradSq, k, records, allParities).Mean,
            MeanOverParities(modelSq, k, records, allParities).Mean, k, allParities, g0, maxOut.Max(), lRatio.Max());
    }

    /// <summary>Column means of a K×records table (rows in parity order) and their standard errors (0 when exact).</summary>
    private static (double[] Mean, double[] Se) MeanOverParities(double[] table, int k, int records, bool exact)
    {
        var mean = new double[records];
        var se = new double[records];
        for (int r = 0; r < records; r++)
        {
            double s = 0, s2 = 0;
            for (int f = 0; f < k; f++)
                s += table[f * records + r];
            double mu = s / k;
            for (int f = 0; f < k; f++)
                s2 += (table[f * records + r] - mu) * (table[f * records + r] - mu);
            mean[r] = mu;
            se[r] = exact || k < 2 ? 0.0 : Math.Sqrt(s2 / (k - 1) / k);
        }
        return (mean, se);
    }

    /// <summary>
    /// G(θ) = E_x‖∇_θh(x; θ)‖² for h = tanh∘g from one forward pass, without the Jacobian:
    /// ‖∇_θg(x)‖² = c_out²·Σ_r (a_r²c_in²φ'(z_r)²‖x‖² + φ(z_r)²), times (1 − h²)².
    /// </summary>
    public static double ModelGradientSquare(TwoLayerNet g, Mat x, Forward fw)
    {
        int n = x.Rows, m = g.Width;
        double co2 = g.OutputFactor * g.OutputFactor, ci2 = g.InputFactor * g.InputFactor, s = 0;
        var a = g.A.Span;
        for (int i = 0; i < n; i++)
        {
            var xi = x.Row(i);
            double xx = Blas.Dot(xi, xi), row = 0;
            var phi = fw.Values.Slice(i * m, m);
            var dphi = fw.Derivatives.Slice(i * m, m);
            for (int r = 0; r < m; r++)
                row += a[r] * a[r] * ci2 * dphi[r] * dphi[r] * xx + phi[r] * phi[r];
            double h = Math.Tanh(fw.U[i]), damp = (1 - h * h) * (1 - h * h);
            s += damp * co2 * row;
        }
        return s / n;
    }

    /// <summary>
    /// All 2^d parities when 2^d ≤ <paramref name="maxParities"/> (exact average over F₁), otherwise that many drawn
    /// uniformly from the stream of <paramref name="seed"/> (Monte Carlo over f, with replacement).
    /// </summary>
    public static (ulong[] Parities, bool All) Choose(int d, int maxParities, ulong seed)
    {
        long size = Cube.Size(d);
        if (size <= maxParities)
        {
            var all = new ulong[size];
            for (int i = 0; i < all.Length; i++)
                all[i] = (ulong)i;
            return (all, true);
        }
        var rng = new Rng(Rng.Derive(seed, "drift/parities"));
        var vs = new ulong[maxParities];
        for (int i = 0; i < vs.Length; i++)
            vs[i] = Cube.RandomIndex(ref rng, d);
        return (vs, false);
    }
}
