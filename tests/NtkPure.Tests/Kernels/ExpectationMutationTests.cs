using NtkPure.Kernels;
using NtkPure.Model;
using NtkPure.Numerics;
using Xunit;

namespace NtkPure.Tests.Kernels;

/// <summary>
/// Gaussian moments against closed forms and Stein's identities, Monte Carlo sums against the same draws summed
/// by hand, the confidence half-widths against their formulas, hu's Jacobian products against the Jacobian
/// built entry by entry, and the argument checks of these files.
/// </summary>
public class ExpectationMutationTests
{
    private static void Close(double expected, double actual, double tol, string what = "") =>
        Assert.True(Math.Abs(expected - actual) <= tol * (1 + Math.Abs(expected)), $"{what}: expected {expected:R}, got {actual:R}");

    private static readonly double InvSqrt2Pi = 1 / Math.Sqrt(2 * Math.PI);

    [Theory]
    [InlineData(1.0)]
    [InlineData(1.7)]
    public void ReluMomentsEqualTheHalfNormalClosedForms(double sd)
    {
        // g ~ N(0, σ²): E relu = σ/√(2π), E 1{g≥0} = ½, E g1{g≥0} = σ/√(2π), E relu² = σ²/2, E relu⁴ = 3σ⁴/2,
        // E g·relu = σ²/2, E (g² − σ²)relu = 2σ³/√(2π) − σ³/√(2π), E (g³/2 − g)1{g≥0} = σ³/√(2π) − σ/√(2π)
        var m = GaussianExpectations.Moments(Activation.Relu, sd);
        double s2 = sd * sd, s3 = s2 * sd;
        Close(sd * InvSqrt2Pi, m.Mean, 1e-13, "E φ");
        Close(0.5, m.MeanDerivative, 1e-13, "E φ'");
        Close(sd * InvSqrt2Pi, m.MeanGDerivative, 1e-13, "E gφ'");
        Close(s3 * InvSqrt2Pi - sd * InvSqrt2Pi, m.MeanCubicDerivative, 1e-13, "E (g³/2 − g)φ'");
        Close(s2 / 2, m.MeanSquare, 1e-13, "E φ²");
        Close(0.5, m.MeanDerivativeSquare, 1e-13, "E φ'²");
        Close(1.5 * s2 * s2, m.MeanFourth, 1e-13, "E φ⁴");
        Close(s2 / 2, m.MeanGValue, 1e-13, "E gφ");
        Close(s3 * InvSqrt2Pi, m.MeanHermiteValue, 1e-13, "E (g² − σ²)φ");
    }

    [Theory]
    [InlineData("erf", 0.8)]
    [InlineData("softplus", 1.3)]
    [InlineData("tanh", 2.5)]
    [InlineData("identity", 1.9)]
    public void SmoothMomentsSatisfySteinsIdentities(string name, double sd)
    {
        // Stein: E[g h(g)] = σ²E[h'(g)], so E gφ = σ²E φ' and E (g² − σ²)φ = σ²E gφ'
        Assert.True(Activation.TryParse(name, out var act));
        var m = GaussianExpectations.Moments(act, sd);
        double s2 = sd * sd;
        Close(s2 * m.MeanDerivative, m.MeanGValue, 1e-12, "E gφ = σ²E φ'");
        Close(s2 * m.MeanGDerivative, m.MeanHermiteValue, 1e-12, "E (g² − σ²)φ = σ²E gφ'");
        if (act.Kind == ActivationKind.Erf)
        {
            // φ' = (2/√π)e^{−z²}: E φ'² = (4/π)/√(1 + 4σ²), E φ' = 2/√(π(1 + 2σ²))
            Close(4 / Math.PI / Math.Sqrt(1 + 4 * s2), m.MeanDerivativeSquare, 1e-12, "E φ'²");
            Close(2 / Math.Sqrt(Math.PI * (1 + 2 * s2)), m.MeanDerivative, 1e-12, "E φ'");
        }
        if (act.Kind == ActivationKind.Identity)
        {
            Close(3 * s2 * s2, m.MeanFourth, 1e-12, "E g⁴");
            Close(s2, m.MeanSquare, 1e-12, "E g²");
            Close(1, m.MeanDerivativeSquare, 1e-12, "E 1");
        }
    }

    [Fact]
    public void MomentsAndPairsRejectBadVariances()
    {
        Assert.Throws<ArgumentException>(() => GaussianExpectations.Moments(Activation.Tanh, -1));
        Assert.Throws<ArgumentException>(() => GaussianExpectations.Moments(Activation.Tanh, double.PositiveInfinity));
        Close(Math.Tanh(0), GaussianExpectations.Moments(Activation.Tanh, 0).Mean, 0, "σ = 0 is a point mass");
        Close(Activation.Relu.Derivative(0), GaussianExpectations.Moments(Activation.Relu, 0).MeanDerivative, 1e-15, "σ = 0 is allowed (a point mass at the kink)");
        // the one-line reasons name the fault (a later NaN could otherwise throw something less helpful)
        Assert.Contains("variances must be finite and non-negative", Assert.Throws<ArgumentException>(() => GaussianExpectations.Quadrature(Activation.Tanh, -1, 1, 0)).Message);
        Assert.Contains("is not a covariance matrix", Assert.Throws<ArgumentException>(() => GaussianExpectations.Quadrature(Activation.Tanh, 1, 1, 2)).Message);
        Assert.Contains("variances must be finite", Assert.Throws<ArgumentException>(() => GaussianExpectations.Quadrature(Activation.Tanh, 1, double.NaN, 0)).Message);
    }

    [Fact]
    public void APairWithOneZeroVarianceIsTheLimitOfSmallVariances()
    {
        // a = 0: u ≡ 0, so E φ(u)φ(v) = φ(0)E φ(v); softplus has φ(0) = ln 2 ≠ 0 and φ'(0) = ½
        var zero = GaussianExpectations.Quadrature(Activation.Softplus, 0, 2, 0);
        var tiny = GaussianExpectations.Quadrature(Activation.Softplus, 1e-14, 2, 0);
        Close(tiny.Values, zero.Values, 1e-6, "E φφ");
        Close(tiny.Derivatives, zero.Derivatives, 1e-6, "E φ'φ'");
        Close(Math.Log(2) * Math.Log(2), GaussianExpectations.Quadrature(Activation.Softplus, 0, 0, 0).Values, 1e-15, "both zero");
    }

    // ---- Monte Carlo: the sums of the same draws, summed by hand ----

    private static List<double[]> Draws(WeightDistribution dist, int m, int d, ulong seed)
    {
        var rng = new Rng(Rng.Derive(seed, "mc/w"));
        var list = new List<double[]>();
        for (int r = 0; r < m; r++)
        {
            var w = new double[d];
            if (dist.Law == WeightLaw.Gaussian)
                rng.FillGaussian(w, dist.Scale);
            else
            {
                rng.FillSphere(w);
                for (int k = 0; k < d; k++)
                    w[k] *= dist.Scale;
            }
            list.Add(w);
        }
        return list;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MonteCarloMeanAndVarianceEqualTheDrawsSummedByHand(bool sphere)
    {
        var x = Mat.FromRows([1.0, 0.5, -0.3], [-0.2, 0.9, 0.4], [0.7, -0.6, 1.1]);
        var act = Activation.Softplus; // φ and φ' both vary and φ(0) ≠ 0
        var dist = sphere ? new WeightDistribution(WeightLaw.Sphere, 2.0) : WeightDistribution.Gaussian(1.5);
        var terms = new KernelTerms(1.5, 0.7, -2.0);
        int m = 7, n = 3;
        var moments = MonteCarlo.Sample(x, act, dist, m, 11);
        Assert.Equal(m, moments.Samples);
        var draws = Draws(dist, m, 3, 11);
        var t = new double[m, n, n];
        for (int r = 0; r < m; r++)
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                {
                    double ui = 0, uj = 0, g = 0;
                    for (int k = 0; k < 3; k++)
                    {
                        ui += x[i, k] * draws[r][k];
                        uj += x[j, k] * draws[r][k];
                        g += x[i, k] * x[j, k];
                    }
                    t[r, i, j] = terms.Values * act.Value(ui) * act.Value(uj) + (terms.Derivatives + terms.GramDerivatives * g) * act.Derivative(ui) * act.Derivative(uj);
                }
        var mean = moments.Mean(terms);
        var variance = moments.SampleVariance(terms);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int r = 0; r < m; r++)
                    s += t[r, i, j];
                double mu = s / m, ss = 0;
                for (int r = 0; r < m; r++)
                    ss += (t[r, i, j] - mu) * (t[r, i, j] - mu);
                Close(mu, mean[i, j], 1e-12, $"mean ({i},{j})");
                Close(ss / (m - 1), variance[i, j], 1e-10, $"variance ({i},{j})");
            }
        Assert.Throws<InvalidOperationException>(() => MonteCarlo.Sample(x, act, dist, 1, 11).SampleVariance(terms));
        Assert.True(MonteCarlo.Sample(x, act, dist, 2, 11).SampleVariance(terms)[0, 1] > 0, "two draws have a sample variance");
    }

    [Fact]
    public void RunningSnapshotsArePowersOfTwoThenTheLast()
    {
        var x = Mat.FromRows([1.0, 0.0], [0.6, 0.8]);
        Assert.Equal([1, 2, 4, 6], MonteCarlo.Running(x, Activation.Relu, WeightDistribution.Gaussian(), 6, 3).Select(s => s.Samples));
        Assert.Single(MonteCarlo.Running(x, Activation.Relu, WeightDistribution.Gaussian(), 1, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => MonteCarlo.Running(x, Activation.Relu, WeightDistribution.Gaussian(), 0, 3));
    }

    [Fact]
    public void HalfWidthsFollowTheirFormulas()
    {
        double alpha = 0.05;
        int m = 100, count = 3;
        // the CLT half-width with K = 1 at α = 0.05 is 1.959964·√(variance/m)
        Close(1.959963984540054 * Math.Sqrt(4.0 / m), MonteCarlo.CltHalfWidth(4.0, m, alpha, 1), 1e-12, "CLT");
        // K = 5 splits α: z_{1 − 0.005} = 2.575829
        Close(2.5758293035489004 * Math.Sqrt(4.0 / m), MonteCarlo.CltHalfWidth(4.0, m, 0.05, 5), 1e-12, "CLT, Bonferroni");
        Close(2.0 * Math.Sqrt(Math.Log(2.0 * count / alpha) / (2.0 * m)), MonteCarlo.HoeffdingHalfWidth(2.0, m, alpha, count), 1e-15, "Hoeffding");
        double ni = 1.5, nj = 0.8, g = 0.9;
        double Hoeffding(double range) => MonteCarlo.HoeffdingHalfWidth(range, m, alpha, count);

        // ReLU on the sphere of radius ν: φ(wᵀx) ∈ [0, ν‖x‖], φ' ∈ [0, 1]
        var relu = MonteCarlo.HalfWidth(Activation.Relu, new WeightDistribution(WeightLaw.Sphere, 2.0), KernelTerms.ReluNtk, ni, nj, g, m, alpha, count);
        Assert.Equal("Hoeffding", relu.Bound);
        Close(Hoeffding(2 * (2 * ni) * (2 * nj) + 2 * g), relu.HalfWidth, 1e-14, "relu sphere");
        // β = D + G·x_iᵀx_j with both parts (and a sign that |β| would hide if G's term were subtracted)
        var both = MonteCarlo.HalfWidth(Activation.Relu, WeightDistribution.Sphere, new KernelTerms(0, 0.5, 1), ni, nj, g, m, alpha, count);
        Close(Hoeffding(0.5 + g), both.HalfWidth, 1e-14, "β = D + G·g");

        // leaky ReLU(a) on the sphere: φ ∈ [−aν‖x‖, ν‖x‖] (asymmetric), φ' ∈ [a, 1]
        double a = 0.2;
        var leaky = MonteCarlo.HalfWidth(Activation.LeakyRelu(a), new WeightDistribution(WeightLaw.Sphere, 1.0), new KernelTerms(1, 0.5, 0), ni, nj, g, m, alpha, count);
        Close(Hoeffding((1 + a) * ni * nj + 0.5 * (1 - a * a)), leaky.HalfWidth, 1e-14, "leaky sphere");
        // …and for Gaussian w only φ' is bounded, over all of R: [min(1, a), max(1, a)]
        var leakyD = MonteCarlo.HalfWidth(Activation.LeakyRelu(a), WeightDistribution.Gaussian(), new KernelTerms(0, 0, 1), ni, nj, g, m, alpha, count);
        Close(Hoeffding(g * (1 - a * a)), leakyD.HalfWidth, 1e-14, "leaky gaussian φ'");
        var steep = MonteCarlo.HalfWidth(Activation.LeakyRelu(3), WeightDistribution.Gaussian(), new KernelTerms(0, 1, 0), ni, nj, g, m, alpha, count);
        Close(Hoeffding(9 - 1), steep.HalfWidth, 1e-14, "slope 3: φ' ∈ [1, 3]");
        // slope 3 on the sphere: φ ∈ [−3r, r], the largest product is the two lower ends: range 9r_ir_j + 3r_ir_j
        var steepSphere = MonteCarlo.HalfWidth(Activation.LeakyRelu(3), WeightDistribution.Sphere, new KernelTerms(1, 0, 0), ni, nj, g, m, alpha, count);
        Close(Hoeffding(12 * ni * nj), steepSphere.HalfWidth, 1e-14, "slope 3 sphere");
        // …and with Gaussian w φ is unbounded: the CLT with max|φ'|² = 9 and E φ(N(0, s²))⁴ = (1 + 81)·3s⁴/2
        var steepClt = MonteCarlo.HalfWidth(Activation.LeakyRelu(3), WeightDistribution.Gaussian(), new KernelTerms(1, 0.5, 0), ni, nj, g, m, alpha, count);
        Assert.Equal("CLT", steepClt.Bound);
        double steepRms = Math.Pow(82 * 1.5 * Math.Pow(ni, 4) * 82 * 1.5 * Math.Pow(nj, 4), 0.25) + 0.5 * 9;
        Close(MonteCarlo.CltHalfWidth(steepRms * steepRms, m, alpha, count), steepClt.HalfWidth, 1e-10, "slope 3 CLT");
        // softplus: φ' ∈ [0, 1] bounds a derivative-only term even with Gaussian w
        var soft = MonteCarlo.HalfWidth(Activation.Softplus, WeightDistribution.Gaussian(), new KernelTerms(0, 1, 0), ni, nj, g, m, alpha, count);
        Assert.Equal("Hoeffding", soft.Bound);
        Close(Hoeffding(1), soft.HalfWidth, 1e-14, "softplus φ'");

        // tanh on the sphere: φ ∈ [−tanh r, tanh r], φ' ∈ [1 − tanh² r, 1]
        double ti = Math.Tanh(ni), tj = Math.Tanh(nj);
        var tanh = MonteCarlo.HalfWidth(Activation.Tanh, WeightDistribution.Sphere, new KernelTerms(1, 1, 0), ni, nj, g, m, alpha, count);
        Close(Hoeffding(2 * ti * tj + (1 - (1 - ti * ti) * (1 - tj * tj))), tanh.HalfWidth, 1e-14, "tanh sphere");
        // tanh with Gaussian w: φ ∈ [−1, 1], φ' ∈ [0, 1] over R
        var tanhG = MonteCarlo.HalfWidth(Activation.Tanh, WeightDistribution.Gaussian(), new KernelTerms(2, 1, 0), ni, nj, g, m, alpha, count);
        Close(Hoeffding(2 * 2 + 1), tanhG.HalfWidth, 1e-14, "tanh gaussian");
        // erf: φ' ∈ [0, 2/√π]
        var erf = MonteCarlo.HalfWidth(Activation.Erf, WeightDistribution.Gaussian(), new KernelTerms(0, 1, 0), ni, nj, g, m, alpha, count);
        Close(Hoeffding(4 / Math.PI), erf.HalfWidth, 1e-14, "erf gaussian φ'");
        // identity: φ' ≡ 1, so a derivative-only term is constant
        var id = MonteCarlo.HalfWidth(Activation.Identity, WeightDistribution.Gaussian(), new KernelTerms(0, 1, 1), ni, nj, g, m, alpha, count);
        Assert.Equal(0.0, id.HalfWidth);

        // ReLU with Gaussian w of scale ν and V ≠ 0: unbounded, so the CLT with
        // √E t² ≤ |V|(E φ(u)⁴ E φ(v)⁴)^{1/4} + |β|·1, E relu(N(0, s²))⁴ = 3s⁴/2
        double nu = 1.3, si = nu * ni, sj = nu * nj, beta = 2 * g;
        var clt = MonteCarlo.HalfWidth(Activation.Relu, WeightDistribution.Gaussian(nu), KernelTerms.ReluNtk, ni, nj, g, m, alpha, count);
        Assert.Equal("CLT", clt.Bound);
        double rms = 2 * Math.Sqrt(1.5) * si * sj + beta;
        Close(MonteCarlo.CltHalfWidth(rms * rms, m, alpha, count), clt.HalfWidth, 1e-10, "relu gaussian CLT");
    }

    [Fact]
    public void TheWorstEntryIsFoundOnTheDiagonalToo()
    {
        var x = Mat.FromRows([1.0, 0.0], [0.6, 0.8], [0.0, 1.0]);
        var moments = MonteCarlo.Sample(x, Activation.Relu, WeightDistribution.Gaussian(), 64, 5);
        var mean = moments.Mean(KernelTerms.Hinf).ToArray();
        mean[1 * 3 + 1] += 5; // a wrong "exact" value on the diagonal, far outside any interval
        var exact = Mat.FromRowMajor(3, 3, mean);
        var worst = MonteCarlo.WorstEntry(moments, KernelTerms.Hinf, Activation.Relu, WeightDistribution.Gaussian(), exact, 0.01, 6);
        Assert.Equal((1, 1), (worst.Row, worst.Col));
        var (half, bound) = MonteCarlo.HalfWidth(Activation.Relu, WeightDistribution.Gaussian(), KernelTerms.Hinf, 1, 1, 1, 64, 0.01, 6);
        Assert.Equal(bound, worst.Bound);
        // the interval is the statistical half-width widened by the rounding in the sums
        double rounding = Tolerance.ForOperations(64, Math.Abs(exact[1, 1]) + Math.Abs(moments.Mean(KernelTerms.Hinf)[1, 1])).Absolute;
        Assert.True(rounding > 0);
        Close(half + rounding, worst.HalfWidth, 1e-15, "half-width");
        Close(worst.HalfWidth - 5, worst.Margin, 1e-12, "margin");
    }

    [Fact]
    public void TheErrorCurveIsTheRootMeanSquareOverReplicates()
    {
        var x = Mat.FromRows([1.0, 0.0], [0.6, 0.8], [-0.8, 0.6]);
        var exact = InfiniteWidth.Hinf(x);
        var (m, rms) = MonteCarlo.ErrorCurve(x, Activation.Relu, WeightDistribution.Gaussian(), KernelTerms.Hinf, exact, 8, 3, 9);
        Assert.Equal([1.0, 2, 4, 8], m);
        for (int k = 0; k < m.Length; k++)
        {
            double sq = 0;
            for (int r = 0; r < 3; r++)
            {
                var run = MonteCarlo.Running(x, Activation.Relu, WeightDistribution.Gaussian(), 8, Rng.Derive(9, "replicate/" + r));
                double e = (run[k].Mean(KernelTerms.Hinf) - exact).FrobeniusNorm();
                sq += e * e;
            }
            Close(Math.Sqrt(sq / 3), rms[k], 1e-14, $"rms at m = {m[k]}");
        }
    }

    // ---- hu's first-layer Jacobians, built entry by entry ----

    private static double[,] Jacobian(Mat w, Vec v, Mat x, Activation act)
    {
        int n = x.Rows, m = w.Rows, d = x.Cols;
        var j = new double[n, m * d];
        for (int i = 0; i < n; i++)
            for (int r = 0; r < m; r++)
            {
                double z = 0;
                for (int k = 0; k < d; k++)
                    z += w[r, k] * x[i, k];
                double dphi = act.Derivative(z / Math.Sqrt(d));
                for (int k = 0; k < d; k++)
                    j[i, r * d + k] = v[r] * dphi * x[i, k] / Math.Sqrt((double)m * d);
            }
        return j;
    }

    private static double[,] Product(double[,] a, double[,] b)
    {
        int n = a.GetLength(0), p = a.GetLength(1);
        var r = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                for (int k = 0; k < p; k++)
                    r[i, j] += a[i, k] * b[j, k];
        return r;
    }

    [Theory]
    [InlineData("tanh")]
    [InlineData("relu")]
    public void HuJacobianProductsEqualTheJacobianBuiltEntryByEntry(string name)
    {
        Assert.True(Activation.TryParse(name, out var act));
        var rng = new Rng(17);
        int n = 4, m = 5, d = 3;
        var x = NtkPure.Claims.Instances.Gaussian(ref rng, n, d);
        var w = NtkPure.Claims.Instances.Gaussian(ref rng, m, d);
        var wt = NtkPure.Claims.Instances.Gaussian(ref rng, m, d);
        var v = Vec.Of([1.0, -2.0, 0.5, -0.3, 1.4]);
        var j = Jacobian(w, v, x, act);
        var jt = Jacobian(wt, v, x, act);
        var diff = new double[n, m * d];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < m * d; k++)
                diff[i, k] = j[i, k] - jt[i, k];
        var cross = Product(j, jt);
        var dd = Product(diff, diff);
        var c = HuJacobians.CrossGram(w, wt, v, x, act);
        var same = HuJacobians.CrossGram(w, w, v, x, act);
        var self = Product(j, j);
        var g = HuJacobians.DifferenceGram(w, wt, v, x, act);
        for (int i = 0; i < n; i++)
            for (int k = 0; k < n; k++)
            {
                Close(cross[i, k], c[i, k], 1e-13, $"J₁(W)J₁(W̃)ᵀ ({i},{k})");
                Close(self[i, k], same[i, k], 1e-13, $"J₁(W)J₁(W)ᵀ ({i},{k})");
                Close(dd[i, k], g[i, k], 1e-13, $"(ΔJ)(ΔJ)ᵀ ({i},{k})");
            }
        Assert.True(HuJacobians.DifferenceNorm(w, wt, v, x, act) > 0);
        Close(Math.Sqrt(Spectral.MaxEigenvalue(Mat.FromRowMajor(n, n, Flatten(dd)))), HuJacobians.DifferenceNorm(w, wt, v, x, act), 1e-10, "‖ΔJ‖₂");
        var dphi = HuJacobians.Derivatives(w, x, act);
        Assert.Equal((n, m), (dphi.Rows, dphi.Cols));
        double z01 = (w[1, 0] * x[0, 0] + w[1, 1] * x[0, 1] + w[1, 2] * x[0, 2]) / Math.Sqrt(d);
        Close(act.Derivative(z01), dphi[0, 1], 1e-14, "φ'(w₁ᵀx₀/√d)");

        Assert.Contains("columns but the inputs have d", Assert.Throws<ArgumentException>(() => HuJacobians.Derivatives(w, NtkPure.Claims.Instances.Gaussian(ref rng, n, d + 1), act)).Message);
        Assert.Contains("but W̃ is 6×3", Assert.Throws<ArgumentException>(() => HuJacobians.CrossGram(w, NtkPure.Claims.Instances.Gaussian(ref rng, m + 1, d), Vec.Of([1, 1, 1, 1, 1]), x, act)).Message);
        Assert.Contains("but W̃ is 5×4", Assert.Throws<ArgumentException>(() => HuJacobians.CrossGram(w, NtkPure.Claims.Instances.Gaussian(ref rng, m, d + 1), v, x, act)).Message);
        Assert.Contains("v has 2 entries", Assert.Throws<ArgumentException>(() => HuJacobians.DifferenceGram(w, wt, Vec.Of([1.0, 2.0]), x, act)).Message);
    }

    private static double[] Flatten(double[,] a)
    {
        int n = a.GetLength(0), p = a.GetLength(1);
        var r = new double[n * p];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < p; k++)
                r[i * p + k] = a[i, k];
        return r;
    }

    // ---- hu's constants and features ----

    [Fact]
    public void HuConstantsRejectABadTraceAndAcceptZero()
    {
        foreach (var t in new[] { -1.0, double.PositiveInfinity, double.NaN })
        {
            Assert.Throws<ArgumentException>(() => HuConstants.Of(Activation.Relu, t));
            Assert.Throws<ArgumentException>(() => HuConstants.ClosedForm(Activation.Relu, t));
        }
        Assert.Equal(0.0, HuConstants.Of(Activation.Relu, 0).Nu);
        Assert.Equal(0.0, HuConstants.ClosedForm(Activation.Relu, 0).Nu);
        Assert.Throws<ArgumentException>(() => HuKernels.TraceSigmaSquaredOverD(Mat.FromRows([1.0, 2.0])));
    }

    [Fact]
    public void SampleTraceOfHandMadeData()
    {
        // rows (2, 0) and (0, 1): Σ̂ = XᵀX/2 = diag(2, ½), Tr Σ̂²/d = (4 + ¼)/2
        Close(4.25 / 2, HuKernels.SampleTraceSigmaSquaredOverD(Mat.FromRows([2.0, 0.0], [0.0, 1.0])), 1e-15, "Tr Σ̂²/d");
    }

    [Fact]
    public void NormFeatureIsTheQuadraticInTheNormDeviation()
    {
        // rows of norm √d·(1 + t) for t = 0.5, −0.25, 0: q = ϑ₀ + ϑ₁t + ϑ₂t²
        int d = 4;
        var x = Mat.FromRows([3.0, 0, 0, 0], [0, 1.5, 0, 0], [0, 0, 0, 2.0]);
        var c = new HuConstants(0.3, 0.4, 0.7, -1.1, 2.3, 1.0);
        var q = HuKernels.NormFeature(x, c);
        double[] ts = [0.5, -0.25, 0.0];
        Assert.Equal(3, q.Length);
        for (int i = 0; i < 3; i++)
            Close(c.Theta0 + c.Theta1 * ts[i] + c.Theta2 * ts[i] * ts[i], q[i], 1e-15, $"q_{i} (d = {d})");
    }
}
