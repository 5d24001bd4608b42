using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Kernels;

/// <summary>E[φ(u)φ(v)] and E[φ'(u)φ'(v)] for one pair (u, v) ~ N(0, Λ).</summary>
public readonly record struct PairExpectation(double Values, double Derivatives);

/// <summary>
/// One-dimensional Gaussian moments of an activation, g ~ N(0, σ²) (σ = 1 unless stated): E[φ(g)], E[φ'(g)],
/// E[g φ'(g)], E[(g³/2 − g) φ'(g)], E[φ(g)²], E[φ'(g)²], E[φ(g)⁴], and the Stein partners that use φ alone:
/// E[g φ(g)] (= σ²E[φ'(g)]) and E[(g² − σ²) φ(g)] (= σ²E[g φ'(g)]). (With σ ≠ 1 the polynomial weights are in g,
/// not g/σ.)
/// </summary>
public sealed record ActivationMoments(
    double Mean,
    double MeanDerivative,
    double MeanGDerivative,
    double MeanCubicDerivative,
    double MeanSquare,
    double MeanDerivativeSquare,
    double MeanFourth,
    double MeanGValue,
    double MeanHermiteValue
);

/// <summary>How smooth activations are integrated against the Gaussian.</summary>
public enum SmoothRule
{
    /// <summary>
    /// The trapezoidal rule on g ∈ [−T, T] with step h = h₀/max(1, σ), σ the largest standard deviation: for an
    /// integrand analytic in the strip |Im g| &lt; τ its error decays like e^{−2πτ/h}, and shrinking h with σ keeps
    /// τ/h fixed as the activation's features (poles of tanh at ±iπ/2, the steep part of erf) shrink in g.
    /// </summary>
    Trapezoid,

    /// <summary>
    /// Gauss–Hermite with the fixed node count of <see cref="GaussianQuadrature.Hermite"/>: exact for
    /// polynomials, but for an activation with poles at distance τ its error decays only like e^{−τ√(2n)}, and it
    /// needs n ∝ σ² once σ &gt; 1 (measured: 3e-10 for tanh at σ = 1 with 96 nodes, 3e-9 for erf at σ² = 7).
    /// Kept as the independent second route.
    /// </summary>
    Hermite,
}

/// <summary>
/// The node sets of the quadratures: the smooth-activation rule (<see cref="SmoothRule"/>; trapezoid step h₀ on
/// [−T, T] at unit scale, or Gauss–Hermite with a fixed count), Gauss–Legendre per arc (kinked activations in
/// polar coordinates) and per half-line (kinked activations in one dimension, on [0, ±L] with e^{−L²/2} below
/// every rounding error).
/// </summary>
public sealed record GaussianQuadrature(SmoothRule Smooth, double TrapezoidStep, double TrapezoidLength, GaussRule Hermite, GaussRule Arc, GaussRule HalfLine)
{
    /// <summary>Trapezoid h₀ = 1/4 on [−10, 10] (81 nodes at unit scale), 96 Hermite nodes, 24 Legendre nodes per arc, 80 per half-line on [0, 14].</summary>
    public static GaussianQuadrature Default { get; } = Of(SmoothRule.Trapezoid);

    public static GaussianQuadrature Of(SmoothRule smooth, double trapezoidStep = 0.25, int hermite = 96, int arc = 24, int halfLine = 80) =>
        new(smooth, trapezoidStep, 10.0, GaussRule.Hermite(hermite), GaussRule.Legendre(arc), GaussRule.Legendre(halfLine, 0, 14.0));

    /// <summary>
    /// The one-dimensional rule for smooth integrands against N(0, 1) when the arguments reach standard deviation
    /// <paramref name="sd"/>: Gauss–Hermite, or the trapezoid with step h₀/⌈max(1, sd)⌉.
    /// </summary>
    public GaussRule SmoothRuleFor(double sd)
    {
        if (Smooth == SmoothRule.Hermite)
            return Hermite;
        int refine = (int)Math.Ceiling(Math.Max(1.0, sd));
        double h = TrapezoidStep / refine;
        int half = (int)Math.Ceiling(TrapezoidLength / h);
        int n = 2 * half + 1;
        var x = new double[n];
        var w = new double[n];
        double density = h / Math.Sqrt(2 * Math.PI);
        for (int k = 0; k < n; k++)
        {
            double g = (k - half) * h;
            x[k] = g;
            w[k] = density * Math.Exp(-0.5 * g * g);
        }
        return new GaussRule(Vec.Own(x), Vec.Own(w));
    }
}

/// <summary>
/// Gaussian expectations of activations under N(0, Λ), Λ = [[a, c], [c, b]] (a = Var u, b = Var v, c = Cov),
/// two ways: closed forms (ReLU, leaky ReLU, erf, identity) and quadrature for any activation.
/// Quadrature: smooth activations use a tensor rule (<see cref="SmoothRule"/>) on u = √a·g₁, v = √b·(ρg₁ + √(1−ρ²)g₂).
/// Kinked activations (ReLU, leaky ReLU) would converge only algebraically that way; they are positively
/// homogeneous (φ of degree 1, φ' of degree 0), so in polar coordinates g = r(cos t, sin t) the radius
/// integrates exactly (E r² = 2) and u = √a·r·cos t, v = √b·r·cos(t − θ) leave a periodic integral in t that is
/// smooth between the four kinks cos t = 0, cos(t − θ) = 0; it is split there and done by Gauss–Legendre.
/// The convention φ'(0) = 1 of <see cref="Activation"/> matters only when a variance is 0.
/// </summary>
public static class GaussianExpectations
{
    /// <summary>Whether <see cref="ClosedForm"/> knows this activation.</summary>
    public static bool HasClosedForm(Activation act) =>
        act.Kind is ActivationKind.Relu or ActivationKind.LeakyRelu or ActivationKind.Erf or ActivationKind.Identity;

    /// <summary>
    /// Closed forms. ReLU (s = √(ab), θ the angle of Λ): E[φφ] = s(sin θ + (π−θ)cos θ)/(2π), E[φ'φ'] = (π−θ)/(2π)
    /// (Cho–Saul). Leaky ReLU with slope α, φ = relu(z) − α·relu(−z): E[φφ] = s[(1+α²)J₁(θ) − 2αJ₁(π−θ)]/(2π),
    /// E[φ'φ'] = [(1+α²)(π−θ) + 2αθ]/(2π). erf (Williams 1997): E[φφ] = (2/π)·arcsin(2c/√((1+2a)(1+2b))),
    /// E[φ'φ'] = (4/π)/√((1+2a)(1+2b) − 4c²). Identity: c and 1.
    /// </summary>
    public static PairExpectation ClosedForm(Activation act, double a, double b, double c)
    {
        CheckCovariance(a, b, c);
        switch (act.Kind)
        {
            case ActivationKind.Identity:
                return new(c, 1.0);
            case ActivationKind.Erf:
            {
                double p = (1 + 2 * a) * (1 + 2 * b);
                double arg = Math.Clamp(2 * c / Math.Sqrt(p), -1.0, 1.0); // |arg| < 1 strictly for a covariance; clamp only rounding
                return new(2 / Math.PI * Math.Asin(arg), 4 / Math.PI / Math.Sqrt(p - 4 * c * c));
            }
            case ActivationKind.Relu or ActivationKind.LeakyRelu:
            {
                double alpha = act.Kind == ActivationKind.Relu ? 0.0 : act.Slope;
                if (a == 0 || b == 0)
                {
                    // one of u, v is identically 0: φ(0) = 0, φ'(0) = 1 (the library's convention)
                    double meanDerivative = a == 0 && b == 0 ? 1.0 : 0.5 * (1 + alpha);
                    return new(0.0, meanDerivative);
                }
                return ClosedFormAtAngle(act, a, b, Angles.OfCovariance(a, b, c));
            }
            default:
                throw new NotSupportedException($"no closed form for {act.Name}; use the quadrature");
        }
    }

    /// <summary>The (leaky) ReLU closed form for variances a, b &gt; 0 at the angle θ of Λ.</summary>
    private static PairExpectation ClosedFormAtAngle(Activation act, double a, double b, double theta)
    {
        double alpha = act.Kind == ActivationKind.Relu ? 0.0 : act.Slope;
        double s = Math.Sqrt(a * b);
        double values = s * ((1 + alpha * alpha) * J1(theta) - 2 * alpha * J1(Math.PI - theta)) / (2 * Math.PI);
        double derivatives = ((1 + alpha * alpha) * (Math.PI - theta) + 2 * alpha * theta) / (2 * Math.PI);
        return new(values, derivatives);
    }

    /// <summary>J₁(θ) = sin θ + (π − θ) cos θ (Cho–Saul).</summary>
    private static double J1(double theta) => Math.Sin(theta) + (Math.PI - theta) * Math.Cos(theta);

    private static void CheckCovariance(double a, double b, double c)
    {
        if (!(a >= 0 && b >= 0) || !double.IsFinite(a) || !double.IsFinite(b) || !double.IsFinite(c))
            throw new ArgumentException($"variances must be finite and non-negative, got {a:G6} and {b:G6}");
        if (c * c > a * b * (1 + 64 * Tolerance.Epsilon) + double.Epsilon)
            throw new ArgumentException($"[[{a:G6}, {c:G6}], [{c:G6}, {b:G6}]] is not a covariance matrix");
    }

    /// <summary>E[φ(u)φ(v)] and E[φ'(u)φ'(v)] by quadrature (see the class remarks), for any activation.</summary>
    public static PairExpectation Quadrature(Activation act, double a, double b, double c, GaussianQuadrature? quadrature = null)
    {
        var q = quadrature ?? GaussianQuadrature.Default;
        var scratch = new Scratch(q);
        return Quadrature(act, a, b, c, q, scratch);
    }

    /// <summary>Reusable buffers and smooth rules for many pairs under one quadrature (local to one computation; never shared).</summary>
    internal sealed class Scratch(GaussianQuadrature q)
    {
        private readonly Dictionary<int, GaussRule> _rules = new();
        public double[] U = new double[4 * q.Arc.Count];
        public double[] PhiU = new double[4 * q.Arc.Count];
        public double[] DPhiU = new double[4 * q.Arc.Count];
        public double[] V = new double[4 * q.Arc.Count];
        public double[] PhiV = new double[4 * q.Arc.Count];
        public double[] DPhiV = new double[4 * q.Arc.Count];
        public readonly double[] Weights = new double[4 * q.Arc.Count];

        public GaussRule Rule(double sd)
        {
            int key = q.Smooth == SmoothRule.Hermite ? 0 : (int)Math.Ceiling(Math.Max(1.0, sd));
            if (!_rules.TryGetValue(key, out var rule))
                _rules[key] = rule = q.SmoothRuleFor(sd);
            return rule;
        }

        public void Reserve(int n)
        {
            if (U.Length < n)
                (U, PhiU, DPhiU) = (new double[n], new double[n], new double[n]);
            if (V.Length < n * n)
                (V, PhiV, DPhiV) = (new double[n * n], new double[n * n], new double[n * n]);
        }
    }

    internal static PairExpectation Quadrature(Activation act, double a, double b, double c, GaussianQuadrature q, Scratch s)
    {
        CheckCovariance(a, b, c);
        if (a == 0 || b == 0)
        {
            // a constant times a one-dimensional expectation
            double phi0 = act.Value(0), dphi0 = act.Derivative(0);
            if (a == 0 && b == 0)
                return new(phi0 * phi0, dphi0 * dphi0);
            var m = Moments(act, Math.Sqrt(Math.Max(a, b)), q);
            return new(phi0 * m.Mean, dphi0 * m.MeanDerivative);
        }
        return AtAngle(act, a, b, Angles.OfCovariance(a, b, c), q, s);
    }

    /// <summary>
    /// The quadrature for variances a, b &gt; 0 and the angle θ of Λ (cos θ = ρ), so that callers who know the
    /// vectors pass their accurate angle instead of one recovered from a rounded correlation.
    /// </summary>
    internal static PairExpectation AtAngle(Activation act, double a, double b, double theta, GaussianQuadrature q, Scratch s)
    {
        double rho = Math.Cos(theta), sin = Math.Sin(theta);
        return act.HasKink ? Polar(act, a, b, theta, rho, sin, q, s) : Smooth(act, a, b, rho, sin, s);
    }

    private static PairExpectation Smooth(Activation act, double a, double b, double rho, double sin, Scratch s)
    {
        var rule = s.Rule(Math.Sqrt(Math.Max(a, b)));
        var x = rule.Nodes.Span;
        var w = rule.Weights.Span;
        int n = x.Length;
        s.Reserve(n);
        double sa = Math.Sqrt(a), sb = Math.Sqrt(b);
        var u = s.U.AsSpan(0, n);
        var v = s.V.AsSpan(0, n * n);
        for (int k = 0; k < n; k++)
        {
            u[k] = sa * x[k];
            double mean = sb * rho * x[k], spread = sb * sin;
            var vk = v.Slice(k * n, n);
            for (int l = 0; l < n; l++)
                vk[l] = mean + spread * x[l];
        }
        act.Apply(u, s.PhiU, s.DPhiU);
        act.Apply(v, s.PhiV, s.DPhiV);
        double values = 0, derivatives = 0;
        for (int k = 0; k < n; k++)
        {
            double innerValue = Blas.Dot(w, s.PhiV.AsSpan(k * n, n));
            double innerDerivative = Blas.Dot(w, s.DPhiV.AsSpan(k * n, n));
            values += w[k] * s.PhiU[k] * innerValue;
            derivatives += w[k] * s.DPhiU[k] * innerDerivative;
        }
        return new(values, derivatives);
    }

    private static PairExpectation Polar(Activation act, double a, double b, double theta, double rho, double sin, GaussianQuadrature q, Scratch s)
    {
        // kinks of φ(cos t) at t = π/2, 3π/2 and of φ(cos(t − θ)) at θ + π/2, θ + 3π/2 (mod 2π)
        Span<double> breaks = stackalloc double[4];
        breaks[0] = 0.5 * Math.PI;
        breaks[1] = 1.5 * Math.PI;
        breaks[2] = (theta + 0.5 * Math.PI) % (2 * Math.PI);
        breaks[3] = (theta + 1.5 * Math.PI) % (2 * Math.PI);
        breaks.Sort();
        var x = q.Arc.Nodes.Span;
        var w = q.Arc.Weights.Span;
        int na = x.Length, count = 0;
        for (int arc = 0; arc < 4; arc++)
        {
            double lo = breaks[arc], hi = arc < 3 ? breaks[arc + 1] : breaks[0] + 2 * Math.PI;
            if (!(hi > lo))
                continue;
            double mid = 0.5 * (lo + hi), half = 0.5 * (hi - lo);
            for (int k = 0; k < na; k++)
            {
                double t = mid + half * x[k];
                double ct = Math.Cos(t), st = Math.Sin(t);
                s.U[count] = ct;
                s.V[count] = rho * ct + sin * st; // cos(t − θ)
                s.Weights[count] = half * w[k];
                count++;
            }
        }
        act.Apply(s.U.AsSpan(0, count), s.PhiU, s.DPhiU);
        act.Apply(s.V.AsSpan(0, count), s.PhiV, s.DPhiV);
        double values = 0, derivatives = 0;
        for (int k = 0; k < count; k++)
        {
            values += s.Weights[k] * s.PhiU[k] * s.PhiV[k];
            derivatives += s.Weights[k] * s.DPhiU[k] * s.DPhiV[k];
        }
        // E[φφ] = √(ab)·E[r²]·(1/2π)∫φ(cos t)φ(cos(t−θ))dt with E[r²] = 2; E[φ'φ'] = (1/2π)∫φ'φ' dt
        return new(Math.Sqrt(a * b) * values / Math.PI, derivatives / (2 * Math.PI));
    }

    /// <summary>
    /// One-dimensional moments for g ~ N(0, σ²) by the smooth rule (smooth activations) or by Gauss–Legendre on
    /// each half-line [−L, 0], [0, L] in units of σ (kinked activations, whose only kink is at 0).
    /// </summary>
    public static ActivationMoments Moments(Activation act, double sd = 1.0, GaussianQuadrature? quadrature = null)
    {
        if (!(sd >= 0) || !double.IsFinite(sd))
            throw new ArgumentException($"standard deviation must be finite and non-negative, got {sd:G6}");
        var q = quadrature ?? GaussianQuadrature.Default;
        int count;
        double[] g, w;
        if (act.HasKink)
        {
            var hx = q.HalfLine.Nodes.Span;
            var hw = q.HalfLine.Weights.Span;
            int h = hx.Length;
            count = 2 * h;
            g = new double[count];
            w = new double[count];
            double density = 1 / Math.Sqrt(2 * Math.PI);
            for (int k = 0; k < h; k++)
            {
                double z = hx[k], weight = hw[k] * density * Math.Exp(-0.5 * z * z);
                g[k] = z;
                w[k] = weight;
                g[h + k] = -z;
                w[h + k] = weight;
            }
        }
        else
        {
            var rule = q.SmoothRuleFor(sd);
            count = rule.Count;
            g = rule.Nodes.ToArray();
            w = rule.Weights.ToArray();
        }
        var z2 = new double[count];
        for (int k = 0; k < count; k++)
            z2[k] = sd * g[k];
        var phi = new double[count];
        var dphi = new double[count];
        act.Apply(z2, phi, dphi);
        double mean = 0, meanD = 0, meanGD = 0, meanCubic = 0, square = 0, squareD = 0, fourth = 0, gValue = 0, hermiteValue = 0;
        for (int k = 0; k < count; k++)
        {
            double z = z2[k], wk = w[k];
            mean += wk * phi[k];
            meanD += wk * dphi[k];
            meanGD += wk * z * dphi[k];
            meanCubic += wk * (0.5 * z * z * z - z) * dphi[k];
            square += wk * phi[k] * phi[k];
            squareD += wk * dphi[k] * dphi[k];
            fourth += wk * phi[k] * phi[k] * phi[k] * phi[k];
            gValue += wk * z * phi[k];
            hermiteValue += wk * (z * z - sd * sd) * phi[k];
        }
        return new ActivationMoments(mean, meanD, meanGD, meanCubic, square, squareD, fourth, gValue, hermiteValue);
    }

    /// <summary>
    /// Both expectations for every pair of rows of X (n×d) with Λ = [[‖x_i‖², x_iᵀx_j], [x_iᵀx_j, ‖x_j‖²]] —
    /// the first layer of every recursion — by closed form when one exists and <paramref name="useQuadrature"/>
    /// is false, else by quadrature.
    /// </summary>
    public static (Mat Values, Mat Derivatives) OfInputs(Activation act, Mat x, bool useQuadrature = false, GaussianQuadrature? quadrature = null)
    {
        if (!useQuadrature && HasClosedForm(act) && !act.HasKink)
            return OfCovariance(act, x.Gram(), useQuadrature, quadrature);
        // kinked closed forms and every quadrature take the angle of the vectors themselves
        var q = quadrature ?? GaussianQuadrature.Default;
        var scratch = new Scratch(q);
        bool closed = !useQuadrature && HasClosedForm(act);
        int n = x.Rows;
        var angles = PairKernels.Matrix(x, new AngleKernel());
        var gram = x.Gram();
        var values = new double[n * n];
        var derivatives = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                double a = gram[i, i], b = gram[j, j];
                PairExpectation e;
                if (a == 0 || b == 0)
                    e = closed ? ClosedForm(act, a, b, 0) : Quadrature(act, a, b, 0, q, scratch);
                else if (closed)
                    e = ClosedFormAtAngle(act, a, b, angles[i, j]);
                else
                    e = AtAngle(act, a, b, angles[i, j], q, scratch);
                values[i * n + j] = values[j * n + i] = e.Values;
                derivatives[i * n + j] = derivatives[j * n + i] = e.Derivatives;
            }
        return (Mat.Own(n, n, values), Mat.Own(n, n, derivatives));
    }

    private readonly struct AngleKernel : IPairKernel
    {
        public double Value(in PairGeometry g) => g.Angle;
    }

    /// <summary>
    /// Both expectations for every pair (i, j) with Λ = [[S_ii, S_ij], [S_ij, S_jj]] for a symmetric PSD S (n×n).
    /// For the angle of Λ the first-layer callers should prefer <see cref="PairKernels"/> (which sees the vectors);
    /// here only S is known.
    /// </summary>
    public static (Mat Values, Mat Derivatives) OfCovariance(Activation act, Mat sigma, bool useQuadrature = false, GaussianQuadrature? quadrature = null)
    {
        int n = sigma.Rows;
        if (sigma.Cols != n)
            throw new ArgumentException($"a covariance must be square, got {sigma.Rows}×{sigma.Cols}");
        var q = quadrature ?? GaussianQuadrature.Default;
        bool closed = !useQuadrature && HasClosedForm(act);
        var scratch = closed ? null : new Scratch(q);
        var values = new double[n * n];
        var derivatives = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                double a = sigma[i, i], b = sigma[j, j], c = i == j ? a : sigma[i, j];
                var e = closed ? ClosedForm(act, a, b, c) : Quadrature(act, a, b, c, q, scratch!);
                values[i * n + j] = values[j * n + i] = e.Values;
                derivatives[i * n + j] = derivatives[j * n + i] = e.Derivatives;
            }
        return (Mat.Own(n, n, values), Mat.Own(n, n, derivatives));
    }
}
