using NtkPure.Kernels;
using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Dynamics;

public enum Method
{
    /// <summary>Gradient descent on the network.</summary>
    Gd,

    /// <summary>Gradient flow by RK4.</summary>
    Flow,

    /// <summary>The function-space linear model u ← u − c_L·K(u − y) in closed form, K the NTK at θ₀.</summary>
    Linear,

    /// <summary>GD on the linearised network f(θ₀) + J(θ₀)(θ − θ₀).</summary>
    Linearized,
}

/// <summary>Everything a training run depends on. Steps for discrete methods; Time and Dt for the flow.</summary>
public sealed record TrainingSpec(
    Dataset Data,
    TwoLayerNet Net0,
    LossKind Loss,
    Layers Train,
    double Eta1,
    double Eta2,
    int Steps,
    double Time,
    double Dt,
    double FlowTolerance = 0.0,
    bool RecordLambdaMin = false
)
{
    public GdProblem Problem => new(Data, Loss, Train, Eta1, Eta2);
}

/// <summary>
/// One recorded point: step k (or grid index), time (k·η₁ for discrete methods, t for the flow), the loss,
/// the predictions u, max_r ‖w_r − w_r(0)‖, the fraction of the n·m activation patterns 1{w_rᵀx_i ≥ 0} changed
/// since initialisation, and λ_min of the trained layers' NTK when requested. Quantities a method does not
/// define (the weights of the function-space linear model) are null, never NaN.
/// </summary>
public sealed record TrajectoryPoint(int Step, double Time, double Loss, Vec U, double? MaxWeightMove, double? PatternChangeFraction, double? LambdaMin);

public sealed record TrainingRun(Method Method, IReadOnlyList<TrajectoryPoint> Points, TwoLayerNet? Final, string? Stopped, IReadOnlyDictionary<string, double> Info)
{
    /// <summary>The conditioning of the kernel a closed-form method decomposed (the linear model's K), else null.</summary>
    public Conditioning? Kernel { get; init; }
}

public static class Training
{
    public static string Name(this Method m) => m.ToString().ToLowerInvariant();

    /// <summary>A run stops when the loss is non-finite or exceeds this multiple of its initial value.</summary>
    public const double DivergenceFactor = 1e6;

    /// <summary>
    /// The stable step-size bound 2/(c_L·λ_max(K₀)) for the NTK K₀ of the trained layers at θ₀ (2n/λ_max for the
    /// mean loss): above it the linearised dynamics grow along the top eigenvector.
    /// </summary>
    public static double StableStepBound(TrainingSpec spec)
    {
        var k = EmpiricalNtk.OfLayers(spec.Net0, spec.Data.X, spec.Train);
        return 2.0 / (spec.Loss.Factor(spec.Data.N) * Spectral.MaxEigenvalue(k));
    }

    public static TrainingRun Run(TrainingSpec spec, Method method, Action<int, int>? progress = null) =>
        method switch
        {
            Method.Gd => RunGd(spec, progress),
            Method.Flow => RunFlow(spec, progress),
            Method.Linear => RunLinear(spec, progress),
            _ => RunLinearized(spec, progress),
        };

    private static TrainingRun RunGd(TrainingSpec spec, Action<int, int>? progress)
    {
        var p = spec.Problem;
        var s = GradientDescent.Start(p, spec.Net0);
        var rec = new Recorder(spec);
        var points = new List<TrajectoryPoint>();
        string? stopped = Accept(spec, points, rec.Point(0, 0, s.Net, s.Forward));
        for (int k = 1; stopped is null && k <= spec.Steps; k++)
        {
            s = GradientDescent.Step(p, s);
            progress?.Invoke(k, spec.Steps);
            stopped = Accept(spec, points, rec.Point(k, k * StepTime(spec), s.Net, s.Forward));
        }
        return new TrainingRun(Method.Gd, points, points.Count > 0 && points[^1].Step == s.Step ? s.Net : null, stopped, new Dictionary<string, double>());
    }

    private static double StepTime(TrainingSpec spec) => spec.Train == Layers.Second ? spec.Eta2 : spec.Eta1;

    private static TrainingRun RunFlow(TrainingSpec spec, Action<int, int>? progress)
    {
        double rate = spec.Train == Layers.Both && spec.Eta1 > 0 ? spec.Eta2 / spec.Eta1 : 1.0;
        var rhs = GradientFlow.Rhs(spec.Net0, spec.Data, spec.Loss, spec.Train, rate);
        var theta0 = spec.Net0.Flatten();
        var sol = spec.FlowTolerance > 0
            ? Ode.Halving(rhs, theta0, spec.Time, spec.Dt, spec.FlowTolerance, progress: progress)
            : Ode.Fixed(rhs, theta0, spec.Time, spec.Dt, progress: progress);
        var rec = new Recorder(spec);
        var points = new List<TrajectoryPoint>();
        TwoLayerNet net = spec.Net0;
        string? stopped = null;
        for (int k = 0; k < sol.States.Count; k++)
        {
            net = spec.Net0.WithParameters(sol.States[k].Span);
            if ((stopped = Accept(spec, points, rec.Point(k, sol.Times[k], net, Forward.Of(net, spec.Data.X)))) is not null)
                break;
        }
        var info = new Dictionary<string, double> { ["step_size"] = sol.StepSize, ["halvings"] = sol.Halvings };
        var final = points.Count > 0 ? spec.Net0.WithParameters(sol.States[points[^1].Step].Span) : null;
        if (double.IsFinite(sol.EstimatedError))
            info["estimated_error"] = sol.EstimatedError;
        return new TrainingRun(Method.Flow, points, final, stopped, info);
    }

    private static TrainingRun RunLinear(TrainingSpec spec, Action<int, int>? progress)
    {
        var x = spec.Data.X;
        var k = EmpiricalNtk.Weighted(spec.Net0, x, spec.Train, spec.Eta1, spec.Eta2);
        var u0 = spec.Net0.Predict(x);
        double n = 1.0 / spec.Loss.Factor(spec.Data.N);
        var lin = LinearDynamics.Discrete(k, spec.Data.Y, u0, 1.0, n);
        var points = new List<TrajectoryPoint>();
        string? stopped = null;
        for (int t = 0; t <= spec.Steps; t++)
        {
            var u = lin.At(t);
            var pt = new TrajectoryPoint(t, t * StepTime(spec), Loss.Value(spec.Loss, u.Span, spec.Data.Y.Span), u, null, null, null);
            progress?.Invoke(t, spec.Steps);
            if ((stopped = Accept(spec, points, pt)) is not null)
                break;
        }
        var info = new Dictionary<string, double>
        {
            ["contraction_factor"] = lin.ContractionFactor,
            ["kernel_lambda_min"] = lin.Eigen.Min,
            ["kernel_lambda_max"] = lin.Eigen.Max,
        };
        return new TrainingRun(Method.Linear, points, null, stopped, info) { Kernel = Conditioning.Of(lin.Eigen) };
    }

    private static TrainingRun RunLinearized(TrainingSpec spec, Action<int, int>? progress)
    {
        var model = LinearizedModel.At(spec.Net0, spec.Data, spec.Loss, spec.Train);
        var s = LinearizedGd.Start(model);
        var rec = new Recorder(spec);
        var points = new List<TrajectoryPoint>();
        TwoLayerNet net = spec.Net0;
        string? stopped = Accept(spec, points, rec.Point(0, 0, spec.Net0, s.U, Forward.Of(spec.Net0, spec.Data.X)));
        for (int t = 1; stopped is null && t <= spec.Steps; t++)
        {
            s = LinearizedGd.Step(model, spec.Eta1, spec.Eta2, s);
            net = spec.Net0.WithParameters(s.Theta.Span);
            progress?.Invoke(t, spec.Steps);
            stopped = Accept(spec, points, rec.Point(t, t * StepTime(spec), net, s.U, Forward.Of(net, spec.Data.X)));
        }
        return new TrainingRun(Method.Linearized, points, points.Count > 0 && points[^1].Step == s.Step ? net : null, stopped, new Dictionary<string, double>());
    }

    /// <summary>
    /// Appends the point unless the run has diverged; a point with a non-finite loss or prediction is never kept,
    /// so no NaN reaches a trajectory. Returns the reason when the run must stop.
    /// </summary>
    private static string? Accept(TrainingSpec spec, List<TrajectoryPoint> points, TrajectoryPoint pt)
    {
        bool finite = double.IsFinite(pt.Loss) && pt.U.AllFinite();
        if (finite)
            points.Add(pt);
        double loss = pt.Loss;
        int step = pt.Step;
        if (points.Count == 0)
            return "the initial loss is not finite";
        if (finite && loss <= DivergenceFactor * Math.Max(points[0].Loss, double.Epsilon))
            return null;
        double bound = StableStepBound(spec);
        string what = double.IsFinite(loss) ? FormattableString.Invariant($"grew more than {DivergenceFactor:G}-fold") : "became non-finite";
        return FormattableString.Invariant(
            $"stopped at step {step}: the loss {what}; the stable step-size bound for this problem is η < {bound:G6} (2/(c_L·λ_max) of the NTK at initialisation)");
    }

    /// <summary>Computes the per-point diagnostics against the initial weights and activation pattern.</summary>
    private sealed class Recorder(TrainingSpec spec)
    {
        private readonly Forward _f0 = Forward.Of(spec.Net0, spec.Data.X);

        public TrajectoryPoint Point(int step, double time, TwoLayerNet net, Forward f) => Point(step, time, net, f.U, f);

        public TrajectoryPoint Point(int step, double time, TwoLayerNet net, Vec u, Forward f)
        {
            double loss = Loss.Value(spec.Loss, u.Span, spec.Data.Y.Span);
            double? lambda = spec.RecordLambdaMin ? Spectral.MinEigenvalue(EmpiricalNtk.OfLayers(net, spec.Data.X, spec.Train)) : null;
            return new TrajectoryPoint(step, time, loss, u, MaxWeightMove(net.W, spec.Net0.W), PatternChange(_f0, f), lambda);
        }
    }

    /// <summary>max_r ‖w_r − w_r(0)‖₂.</summary>
    public static double MaxWeightMove(Mat w, Mat w0)
    {
        double best = 0;
        for (int r = 0; r < w.Rows; r++)
        {
            double s = 0;
            var a = w.Row(r);
            var b = w0.Row(r);
            for (int k = 0; k < a.Length; k++)
                s += (a[k] - b[k]) * (a[k] - b[k]);
            best = Math.Max(best, s);
        }
        return Math.Sqrt(best);
    }

    /// <summary>The fraction of the n·m signs 1{z_ir ≥ 0} that differ between two forward passes (popcount of XOR).</summary>
    public static double PatternChange(Forward f0, Forward f)
    {
        long total = (long)f.N * f.M;
        return total == 0 ? 0 : (double)SignBits.Differences(f0.Pattern, f.Pattern) / total;
    }
}
