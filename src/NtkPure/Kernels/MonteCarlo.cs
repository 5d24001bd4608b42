using MathNet.Numerics.Distributions;
using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Kernels;

public enum WeightLaw
{
    /// <summary>w ~ N(0, ν²I_d).</summary>
    Gaussian,

    /// <summary>w = ν·b, b ~ Unif(S^{d−1}) (wu's π₀ for ν = 1).</summary>
    Sphere,
}

/// <summary>The law of one random feature's weight vector w: <see cref="WeightLaw"/> with scale ν.</summary>
public readonly record struct WeightDistribution(WeightLaw Law, double Scale = 1.0)
{
    public static WeightDistribution Gaussian(double nu = 1.0) => new(WeightLaw.Gaussian, nu);

    public static WeightDistribution Sphere => new(WeightLaw.Sphere, 1.0);
}

/// <summary>
/// A two-layer kernel as an expectation over one random weight w:
/// K_ij = E_w[ V·φ(wᵀx_i)φ(wᵀx_j) + (D + G·x_iᵀx_j)·φ'(wᵀx_i)φ'(wᵀx_j) ].
/// The per-draw term is what one hidden neuron contributes, so the average over m draws is the empirical
/// kernel of a width-m net and the closed forms of <see cref="InfiniteWidth"/> are the expectations.
/// </summary>
public readonly record struct KernelTerms(double Values, double Derivatives, double GramDerivatives)
{
    /// <summary>H^∞ (ntk-notes Lemma 1, DZPS): E[x_iᵀx_j φ'φ'] with ReLU.</summary>
    public static KernelTerms Hinf => new(0, 0, 1);

    /// <summary>Arc-cosine degree 0 (Cho–Saul): 2E[φ'φ'] with ReLU.</summary>
    public static KernelTerms ArcCos0 => new(0, 2, 0);

    /// <summary>Arc-cosine degree 1 (Cho–Saul): 2E[φφ] with ReLU.</summary>
    public static KernelTerms ArcCos1 => new(2, 0, 0);

    /// <summary>ntk-slides' two-layer ReLU NTK with √(2/m): 2E[φφ] + 2xᵀx'E[φ'φ'].</summary>
    public static KernelTerms ReluNtk => new(2, 0, 2);

    /// <summary>The plain 1/√m two-layer NTK of any activation: E[φφ] + xᵀx'E[φ'φ'].</summary>
    public static KernelTerms TwoLayerNtk => new(1, 0, 1);

    /// <summary>The second-layer (random-feature) kernel E[φφ]; with <see cref="WeightDistribution.Sphere"/> this is wu's k.</summary>
    public static KernelTerms RandomFeatures => new(1, 0, 0);
}

/// <summary>
/// Sums over m draws of the per-draw matrices A_r = φ(Xw_r)φ(Xw_r)ᵀ and B_r = φ'(Xw_r)φ'(Xw_r)ᵀ and of their
/// entrywise products (A∘A, A∘B, B∘B), enough for the sample mean and variance of any <see cref="KernelTerms"/>.
/// </summary>
public sealed record KernelMoments(int Samples, Mat Gram, Mat SumA, Mat SumB, Mat SumAA, Mat SumAB, Mat SumBB)
{
    /// <summary>The Monte Carlo estimate (1/m)Σ_r t_r of the kernel (n×n).</summary>
    public Mat Mean(KernelTerms terms)
    {
        int n = Gram.Rows;
        var r = new double[n * n];
        for (int k = 0; k < r.Length; k++)
        {
            double beta = terms.Derivatives + terms.GramDerivatives * Gram.Span[k];
            r[k] = (terms.Values * SumA.Span[k] + beta * SumB.Span[k]) / Samples;
        }
        return Mat.Own(n, n, r);
    }

    /// <summary>The unbiased sample variance of one draw's term t_r, per entry (n×n); needs m ≥ 2.</summary>
    public Mat SampleVariance(KernelTerms terms)
    {
        if (Samples < 2)
            throw new InvalidOperationException("a sample variance needs at least two draws");
        int n = Gram.Rows;
        var r = new double[n * n];
        double v = terms.Values;
        for (int k = 0; k < r.Length; k++)
        {
            double beta = terms.Derivatives + terms.GramDerivatives * Gram.Span[k];
            double s1 = v * SumA.Span[k] + beta * SumB.Span[k];
            double s2 = v * v * SumAA.Span[k] + 2 * v * beta * SumAB.Span[k] + beta * beta * SumBB.Span[k];
            r[k] = Math.Max(0.0, (s2 - s1 * s1 / Samples) / (Samples - 1)); // a variance; rounding can dip below 0
        }
        return Mat.Own(n, n, r);
    }
}

/// <summary>
/// Monte Carlo estimators of the two-layer closed forms (H^dis of ntk-notes Lemma 1 and its relatives), with
/// running estimates at m = 1, 2, 4, …, confidence half-widths (Hoeffding for bounded terms, CLT otherwise)
/// at a stated level α with a Bonferroni split over entries, and the error's log-log slope in m (≈ −½).
/// </summary>
public static class MonteCarlo
{
    private const int Chunk = 4096;

    /// <summary>
    /// Moments after m = 1, 2, 4, …, 2^k ≤ mMax draws and after mMax itself. The draws w_1, w_2, … are one
    /// sequence from the stream "mc/w" of <paramref name="seed"/>, so each snapshot extends the previous one.
    /// </summary>
    public static IReadOnlyList<KernelMoments> Running(Mat x, Activation act, WeightDistribution dist, int mMax, ulong seed)
    {
        if (mMax < 1)
            throw new ArgumentOutOfRangeException(nameof(mMax), "need at least one draw");
        int n = x.Rows, d = x.Cols;
        var gram = x.Gram();
        var sums = new double[5][];
        for (int s = 0; s < 5; s++)
            sums[s] = new double[n * n];
        var rng = new Rng(Rng.Derive(seed, "mc/w"));
        var snapshots = new List<KernelMoments>();
        int done = 0, next = 1;
        var w = new double[Chunk * d];
        var z = new double[n * Chunk];
        var phi = new double[n * Chunk];
        var dphi = new double[n * Chunk];
        var prod = new double[n * Chunk];
        var gramTmp = new double[n * n];
        while (done < mMax)
        {
            int target = Math.Min(next, mMax);
            int batch = Math.Min(Chunk, target - done);
            for (int r = 0; r < batch; r++)
            {
                var row = w.AsSpan(r * d, d);
                if (dist.Law == WeightLaw.Gaussian)
                    rng.FillGaussian(row, dist.Scale);
                else
                {
                    rng.FillSphere(row);
                    for (int k = 0; k < d; k++)
                        row[k] *= dist.Scale;
                }
            }
            Gemm.Multiply(MatView.RowMajor(x.Span, n, d), MatView.Transposed(w.AsSpan(0, batch * d), batch, d), z, accumulate: false);
            act.Apply(z.AsSpan(0, n * batch), phi, dphi);
            Accumulate(phi, phi, n, batch, sums[0], gramTmp, prod, false);
            Accumulate(dphi, dphi, n, batch, sums[1], gramTmp, prod, false);
            Accumulate(phi, phi, n, batch, sums[2], gramTmp, prod, true);
            Accumulate(phi, dphi, n, batch, sums[3], gramTmp, prod, true);
            Accumulate(dphi, dphi, n, batch, sums[4], gramTmp, prod, true);
            done += batch;
            if (done == target)
            {
                snapshots.Add(new KernelMoments(done, gram,
                    Mat.FromRowMajor(n, n, sums[0]), Mat.FromRowMajor(n, n, sums[1]), Mat.FromRowMajor(n, n, sums[2]),
                    Mat.FromRowMajor(n, n, sums[3]), Mat.FromRowMajor(n, n, sums[4])));
                if (target == next)
                    next = next > int.MaxValue / 2 ? int.MaxValue : 2 * next;
            }
        }
        return snapshots;
    }

    /// <summary>The moments of m draws.</summary>
    public static KernelMoments Sample(Mat x, Activation act, WeightDistribution dist, int m, ulong seed) => Running(x, act, dist, m, seed)[^1];

    /// <summary>sum += P·Qᵀ over the batch (P, Q: n×batch row-major), or (P∘Q)(P∘Q)ᵀ when <paramref name="squared"/>.</summary>
    private static void Accumulate(double[] p, double[] q, int n, int batch, double[] sum, double[] tmp, double[] prod, bool squared)
    {
        int len = n * batch;
        ReadOnlySpan<double> a = p.AsSpan(0, len), b = q.AsSpan(0, len);
        if (squared)
        {
            for (int k = 0; k < len; k++)
                prod[k] = p[k] * q[k];
            a = b = prod.AsSpan(0, len);
        }
        Gemm.Multiply(MatView.RowMajor(a, n, batch), MatView.Transposed(b, n, batch), tmp, accumulate: false);
        for (int k = 0; k < n * n; k++)
            sum[k] += tmp[k];
    }

    /// <summary>
    /// Hoeffding: for m i.i.d. terms with range ≤ <paramref name="range"/>, |mean − E| ≤ range·√(ln(2K/α)/(2m))
    /// holds for all K quantities at once with probability ≥ 1 − α (union bound).
    /// </summary>
    public static double HoeffdingHalfWidth(double range, int m, double alpha, int count) =>
        range * Math.Sqrt(Math.Log(2.0 * count / alpha) / (2.0 * m));

    /// <summary>
    /// CLT: z_{1−α/(2K)}·√(variance/m), the two-sided normal-approximation half-width with a Bonferroni split
    /// over K quantities (asymptotic in m; the variance is the per-draw sample variance).
    /// </summary>
    public static double CltHalfWidth(double variance, int m, double alpha, int count) =>
        Normal.InvCDF(0, 1, 1 - alpha / (2.0 * count)) * Math.Sqrt(variance / m);

    /// <summary>
    /// The confidence half-width for entry (i, j) of a Monte Carlo estimate from m draws at level α with a
    /// Bonferroni split over <paramref name="count"/> quantities, from the law of one draw alone (never from the
    /// sample, whose variance is 0 when the term's support is rarely hit, e.g. nearly antipodal inputs):
    /// Hoeffding when the term t = V·φ(u)φ(v) + β·φ'(u)φ'(v) is bounded — always for w on a sphere (|wᵀx| ≤ ν‖x‖),
    /// and for Gaussian w when V = 0 or φ is bounded; otherwise the CLT with Var t ≤ E t² ≤
    /// (|V|·(Eφ(u)⁴·Eφ(v)⁴)^{1/4} + |β|·max|φ'|²)², the fourth moments by quadrature.
    /// </summary>
    public static (double HalfWidth, string Bound) HalfWidth(Activation act, WeightDistribution dist, KernelTerms terms,
        double normI, double normJ, double gramIJ, int m, double alpha, int count)
    {
        double beta = terms.Derivatives + terms.GramDerivatives * gramIJ;
        double ri = dist.Scale * normI, rj = dist.Scale * normJ;
        bool sphere = dist.Law == WeightLaw.Sphere;
        var vi = sphere ? RangeOn(act, ri, false) : GlobalRange(act, false);
        var vj = sphere ? RangeOn(act, rj, false) : GlobalRange(act, false);
        var di = sphere ? RangeOn(act, ri, true) : GlobalRange(act, true);
        var dj = sphere ? RangeOn(act, rj, true) : GlobalRange(act, true);
        double derivativeRange = beta == 0 ? 0 : Math.Abs(beta) * ProductRange(di!.Value, dj!.Value);
        if (terms.Values == 0 || (vi is { } a && vj is { } b))
        {
            double range = derivativeRange + (terms.Values == 0 ? 0 : Math.Abs(terms.Values) * ProductRange(vi!.Value, vj!.Value));
            return (HoeffdingHalfWidth(range, m, alpha, count), "Hoeffding");
        }
        double fourthI = GaussianExpectations.Moments(act, ri).MeanFourth;
        double fourthJ = GaussianExpectations.Moments(act, rj).MeanFourth;
        double dmax = Math.Max(Math.Abs(di!.Value.Lo), Math.Abs(di.Value.Hi)) * Math.Max(Math.Abs(dj!.Value.Lo), Math.Abs(dj.Value.Hi));
        double rms = Math.Abs(terms.Values) * Math.Pow(fourthI * fourthJ, 0.25) + Math.Abs(beta) * dmax;
        return (CltHalfWidth(rms * rms, m, alpha, count), "CLT");
    }

    /// <summary>max − min of a·b over a ∈ I, b ∈ J (the extremes sit at the corners).</summary>
    private static double ProductRange((double Lo, double Hi) i, (double Lo, double Hi) j)
    {
        double p1 = i.Lo * j.Lo, p2 = i.Lo * j.Hi, p3 = i.Hi * j.Lo, p4 = i.Hi * j.Hi;
        return Math.Max(Math.Max(p1, p2), Math.Max(p3, p4)) - Math.Min(Math.Min(p1, p2), Math.Min(p3, p4));
    }

    /// <summary>The range of φ (or φ') over all of R, or null when unbounded.</summary>
    private static (double Lo, double Hi)? GlobalRange(Activation act, bool derivative) =>
        (act.Kind, derivative) switch
        {
            (ActivationKind.Relu, true) => (0.0, 1.0),
            (ActivationKind.LeakyRelu, true) => (Math.Min(1.0, act.Slope), Math.Max(1.0, act.Slope)),
            (ActivationKind.Erf, false) => (-1.0, 1.0),
            (ActivationKind.Erf, true) => (0.0, 2 / Math.Sqrt(Math.PI)),
            (ActivationKind.Tanh, false) => (-1.0, 1.0),
            (ActivationKind.Tanh, true) => (0.0, 1.0),
            (ActivationKind.Softplus, true) => (0.0, 1.0),
            (ActivationKind.Identity, true) => (1.0, 1.0),
            _ => null,
        };

    /// <summary>
    /// The range of φ (or φ') over [−r, r]: every activation here is monotone on each half-line, so the extremes
    /// are among the values at −r, 0 and r.
    /// </summary>
    private static (double Lo, double Hi) RangeOn(Activation act, double r, bool derivative)
    {
        Span<double> z = [-r, 0.0, r];
        Span<double> value = stackalloc double[3];
        Span<double> slope = stackalloc double[3];
        act.Apply(z, value, slope);
        var v = derivative ? slope : value;
        return (Math.Min(v[0], Math.Min(v[1], v[2])), Math.Max(v[0], Math.Max(v[1], v[2])));
    }

    /// <summary>
    /// The worst entry of a Monte Carlo estimate against an exact kernel: for each entry i ≤ j its half-width
    /// (<see cref="HalfWidth"/>) minus the deviation. Negative means the exact value lies outside its interval.
    /// </summary>
    public static (double Margin, int Row, int Col, double HalfWidth, string Bound) WorstEntry(KernelMoments moments, KernelTerms terms, Activation act,
        WeightDistribution dist, Mat exact, double alpha, int count)
    {
        var mean = moments.Mean(terms);
        var gram = moments.Gram;
        int n = exact.Rows;
        var worst = (Margin: double.PositiveInfinity, Row: -1, Col: -1, HalfWidth: 0.0, Bound: "");
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                var (half, bound) = HalfWidth(act, dist, terms, Math.Sqrt(gram[i, i]), Math.Sqrt(gram[j, j]), gram[i, j], moments.Samples, alpha, count);
                // plus the rounding in the exact value and in the sums (tiny against any statistical width)
                half += Tolerance.ForOperations(moments.Samples, Math.Abs(exact[i, j]) + Math.Abs(mean[i, j])).Absolute;
                double margin = half - Math.Abs(mean[i, j] - exact[i, j]);
                if (double.IsNaN(margin))
                    margin = double.NegativeInfinity;
                if (margin < worst.Margin)
                    worst = (margin, i, j, half, bound);
            }
        return worst;
    }

    /// <summary>
    /// The root-mean-square Frobenius error ‖K̂_m − K‖_F over R independent runs at m = 1, 2, 4, …, mMax — the
    /// data of the Monte Carlo rate; a log-log fit (<see cref="Statistics.FitLogLog"/>) gives slope ≈ −½.
    /// </summary>
    public static (double[] M, double[] RmsError) ErrorCurve(Mat x, Activation act, WeightDistribution dist, KernelTerms terms, Mat exact, int mMax, int replicates, ulong seed)
    {
        double[]? m = null, sq = null;
        for (int r = 0; r < replicates; r++)
        {
            var running = Running(x, act, dist, mMax, Rng.Derive(seed, "replicate/" + r.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            m ??= running.Select(s => (double)s.Samples).ToArray();
            sq ??= new double[running.Count];
            for (int k = 0; k < running.Count; k++)
            {
                double e = (running[k].Mean(terms) - exact).FrobeniusNorm();
                sq[k] += e * e;
            }
        }
        return (m!, sq!.Select(s => Math.Sqrt(s / replicates)).ToArray());
    }
}
