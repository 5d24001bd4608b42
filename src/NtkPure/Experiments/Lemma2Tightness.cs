using NtkPure.Kernels;
using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Experiments;

/// <summary>
/// One radius of the Lemma 2 sweep, over D draws of w̃ (m×d, N(0, I)) on fixed data X (n×d, rows on the unit
/// sphere): the mean and largest ‖H(w) − H(w̃)‖_F at the worst case w constructed in the R-ball (the largest of
/// <see cref="Lemma2Tightness.WorstCaseInBall"/> and the two <see cref="Lemma2Tightness.OneSidedInBall"/>), the mean
/// of the two-sided construction alone (<see cref="MeanTwoSided"/>), the mean of the
/// proof's certificate √(Σ_ij ((1/m)|x_iᵀx_j|·#{r : A_ir ∨ A_jr})²) (an upper bound for every w in the ball), the
/// lemma's bound 2nR, and for eq. (6) the number of events A_{i,r} per data point i (each a Bin(mD, p) count with
/// p = Pr[|z| &lt; R] = erf(R/√2)), their overall fraction, the exact p and the stated bound 2R/√(2π).
/// </summary>
public sealed record Lemma2Row(double Radius, double MeanDifference, double MaxDifference, double MeanCertificate, double Bound,
    int[] EventsPerPoint, int TrialsPerPoint, double EventFraction, double EventProbability, double EventBound)
{
    /// <summary>The failure probability the lemma allows at this radius, n²·exp(−mR/10) (≥ 1: the lemma promises nothing).</summary>
    public double Delta { get; init; }

    public double MeanTwoSided { get; init; }
}

/// <summary>
/// ntk-notes Lemma 2 and eq. (6) measured against their bounds over R: how tight is ‖H(w) − H(w̃)‖_F &lt; 2nR at the
/// adversarial w (<see cref="WorstCaseInBall"/>), and Pr[A_{i,r}] ≤ 2R/√(2π)?
/// H(w)_ij = (1/m)x_iᵀx_j Σ_r 1{w_rᵀx_i ≥ 0, w_rᵀx_j ≥ 0} (ntk-notes Definition 3).
/// </summary>
public static class Lemma2Tightness
{
    /// <summary>
    /// Whether some u with ‖u − w̃‖ ≤ R has 1{xᵀu ≥ 0} ≠ 1{xᵀw̃ ≥ 0}, decided by the extreme point of the ball in
    /// the direction that moves xᵀu towards the other side: u = w̃ ∓ R·x/‖x‖ (xᵀu ranges over [xᵀw̃ − R‖x‖, xᵀw̃ + R‖x‖]).
    /// </summary>
    public static bool EventA(ReadOnlySpan<double> wTilde, ReadOnlySpan<double> x, double radius)
    {
        double dot = Blas.Dot(wTilde, x), norm = Math.Sqrt(Blas.Dot(x, x));
        return dot >= 0 ? dot - radius * norm < 0 : dot + radius * norm >= 0;
    }

    /// <summary>
    /// The adversary of Lemma 2: every neuron moves by R in the direction that pushes all of its flippable
    /// activations (event A_{i,r}) towards the other side at once. Returns W with ‖w_r − w̃_r‖ ≤ R for every r.
    /// </summary>
    public static Mat WorstCaseInBall(Mat wTilde, Mat x, double radius)
    {
        int m = wTilde.Rows, d = wTilde.Cols;
        var w = wTilde.ToArray();
        var v = new double[d];
        for (int r = 0; r < m; r++)
        {
            Array.Clear(v);
            var wr = wTilde.Row(r);
            for (int i = 0; i < x.Rows; i++)
                if (EventA(wr, x.Row(i), radius))
                    Blas.Axpy(Blas.Dot(wr, x.Row(i)) >= 0 ? -1.0 : 1.0, x.Row(i), v);
            double norm = Math.Sqrt(Blas.Dot(v, v));
            if (norm > 0)
                Blas.Axpy(radius / norm * (1 - 1e-12), v, w.AsSpan(r * d, d));
        }
        return Mat.Own(m, d, w);
    }

    /// <summary>
    /// A one-sided adversary: each neuron moves by R against the sum of the points x_i whose activation it can
    /// switch off (<paramref name="switchOff"/>: A_{i,r} and w̃_rᵀx_i ≥ 0) or on (A_{i,r} and w̃_rᵀx_i &lt; 0) — so the
    /// co-activation counts 1{w_rᵀx_i ≥ 0, w_rᵀx_j ≥ 0} all move the same way and H(w) − H(w̃) has no cancellations,
    /// unlike <see cref="WorstCaseInBall"/>, which flips both ways at once. Returns W with ‖w_r − w̃_r‖ ≤ R.
    /// </summary>
    public static Mat OneSidedInBall(Mat wTilde, Mat x, double radius, bool switchOff)
    {
        int m = wTilde.Rows, d = wTilde.Cols;
        var w = wTilde.ToArray();
        var v = new double[d];
        for (int r = 0; r < m; r++)
        {
            Array.Clear(v);
            var wr = wTilde.Row(r);
            for (int i = 0; i < x.Rows; i++)
                if ((Blas.Dot(wr, x.Row(i)) >= 0) == switchOff && EventA(wr, x.Row(i), radius))
                    Blas.Axpy(1.0, x.Row(i), v);
            double norm = Math.Sqrt(Blas.Dot(v, v));
            if (norm > 0)
                Blas.Axpy((switchOff ? -1 : 1) * radius / norm * (1 - 1e-12), v, w.AsSpan(r * d, d));
        }
        return Mat.Own(m, d, w);
    }

    /// <summary>
    /// The proof's bound on ‖H(w) − H(w̃)‖_F valid for every w in the R-ball around w̃:
    /// √(Σ_ij ((1/m)|x_iᵀx_j|·#{r : A_ir ∨ A_jr})²).
    /// </summary>
    public static double Certificate(Mat wTilde, Mat x, double radius)
    {
        int n = x.Rows, m = wTilde.Rows;
        var events = new bool[n, m];
        for (int i = 0; i < n; i++)
            for (int r = 0; r < m; r++)
                events[i, r] = EventA(wTilde.Row(r), x.Row(i), radius);
        double sum = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                int count = 0;
                for (int r = 0; r < m; r++)
                    if (events[i, r] || events[j, r])
                        count++;
                double e = Math.Abs(Blas.Dot(x.Row(i), x.Row(j))) * count / m;
                sum += e * e;
            }
        return Math.Sqrt(sum);
    }

    /// <summary>
    /// The largest ‖H(w) − H(w̃)‖_F over the constructions in the ball (both ways at once, switching off only,
    /// switching on only): the strongest adversary we have, a lower bound on the worst case the lemma bounds.
    /// </summary>
    public static double StrongestDifference(Mat wTilde, Mat x, double radius)
    {
        var h = EmpiricalNtk.Definition3(wTilde, x);
        double D(Mat w) => (EmpiricalNtk.Definition3(w, x) - h).FrobeniusNorm();
        return Math.Max(D(WorstCaseInBall(wTilde, x, radius)), Math.Max(D(OneSidedInBall(wTilde, x, radius, true)), D(OneSidedInBall(wTilde, x, radius, false))));
    }

    /// <summary>
    /// The sweep: X is n points uniform on S^{d−1} (stream "data" of <paramref name="seed"/>), draw k of w̃ from the
    /// stream "draw/k" — the same draws at every radius, so the curves over R are not blurred by resampling.
    /// </summary>
    public static IReadOnlyList<Lemma2Row> Run(int n, int d, int m, IReadOnlyList<double> radii, int draws, ulong seed, Action<int, int>? progress = null)
    {
        var x = Datasets.Inputs(InputDistribution.Sphere, n, d, Rng.Derive(seed, "data"));
        var wTildes = new Mat[draws];
        var hTildes = new Mat[draws];
        for (int k = 0; k < draws; k++)
        {
            wTildes[k] = Initialization.Draw(InitScheme.Dzps, m, d, Rng.Derive(seed, "draw/" + k.ToString(System.Globalization.CultureInfo.InvariantCulture))).W;
            hTildes[k] = EmpiricalNtk.Definition3(wTildes[k], x);
        }
        var rows = new List<Lemma2Row>();
        for (int a = 0; a < radii.Count; a++)
        {
            double radius = radii[a];
            double sumDiff = 0, maxDiff = 0, sumCert = 0, sumTwoSided = 0;
            var perPoint = new int[n];
            for (int k = 0; k < draws; k++)
            {
                double twoSided = Difference(WorstCaseInBall(wTildes[k], x, radius), k);
                double diff = Math.Max(twoSided, Math.Max(Difference(OneSidedInBall(wTildes[k], x, radius, true), k), Difference(OneSidedInBall(wTildes[k], x, radius, false), k)));
                sumTwoSided += twoSided;
                sumDiff += diff;
                maxDiff = Math.Max(maxDiff, diff);
                sumCert += Certificate(wTildes[k], x, radius);
                for (int i = 0; i < n; i++)
                    for (int r = 0; r < m; r++)
                        if (EventA(wTildes[k].Row(r), x.Row(i), radius))
                            perPoint[i]++;
                progress?.Invoke(a * draws + k + 1, radii.Count * draws);
            }
            int total = 0;
            for (int i = 0; i < n; i++)
                total += perPoint[i];
            rows.Add(new Lemma2Row(radius, sumDiff / draws, maxDiff, sumCert / draws, 2 * n * radius, perPoint, m * draws,
                (double)total / ((double)n * m * draws), MathNet.Numerics.SpecialFunctions.Erf(radius / Math.Sqrt(2)), 2 * radius / Math.Sqrt(2 * Math.PI))
            {
                Delta = (double)n * n * Math.Exp(-m * radius / 10),
                MeanTwoSided = sumTwoSided / draws,
            });
        }
        return rows;

        double Difference(Mat w, int k) => (EmpiricalNtk.Definition3(w, x) - hTildes[k]).FrobeniusNorm();
    }
}
