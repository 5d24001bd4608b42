using MathNet.Numerics.Distributions;
using NtkPure.Cli.Output;
using NtkPure.Experiments;

namespace NtkPure.Cli.Commands;

public static partial class FigureCommand
{
    /// <summary>
    /// ntk-slides "Convergence of the NTK" (Jacot et al. Figure 1): Θ̂(x₀, x_γ) of a deep ReLU net for two widths and
    /// several initialisations, at initialisation and after training, against Θ^(L). The property: the spread across
    /// initialisations falls like 1/√m between the widths (an F interval), and training moves the kernel less the
    /// wider the net (a Welch interval on the log of each initialisation's drift).
    /// </summary>
    private static Output NtkConvergenceFigure(Size size, ulong seed, Action<int, int> progress)
    {
        // Jacot et al.'s L = 4 layers (n_L = 1) are 3 hidden layers here; their widths 500 and 10000 are beyond the
        // default run time (each GD step costs ~6·n·m² and allocates the m×m weights anew); --long uses 500 and 4000
        var spec = size switch
        {
            Size.Quick => new NtkConvergenceSpec(3, [32, 256], 10, 61, 8, 60, 1.0, seed),
            Size.Default => new NtkConvergenceSpec(3, [128, 1024], 10, 101, 16, 100, 1.0, seed),
            _ => new NtkConvergenceSpec(3, [500, 4000], 10, 101, 16, 100, 1.0, seed),
        };
        // one resumable unit per width (each width's initialisations derive from the seed and m alone)
        var parts = new NtkConvergenceResult[spec.Widths.Count];
        for (int i = 0; i < parts.Length; i++)
        {
            int m = spec.Widths[i];
            parts[i] = Unit(F($"m={m}"), () => NtkConvergence.Run(spec with { Widths = [m] }, Share(progress, i, parts.Length)));
        }
        var r = new NtkConvergenceResult(parts[0].Gammas, parts[0].Limit, [.. parts.Select(p => p.Initial[0])], [.. parts.Select(p => p.Trained[0])],
            [.. parts.Select(p => p.LossBefore[0])], [.. parts.Select(p => p.LossAfter[0])], parts[0].Eta, parts[0].Time);
        int m1 = spec.Widths[0], m2 = spec.Widths[^1], g = spec.Angles, seeds = spec.Seeds;
        double scale = r.Limit.Max();
        const double confidence = 0.95;

        // (1) spread at initialisation: pooled over γ the sample variance across initialisations; the ratio of two
        // such variances is F(ν, ν)-distributed times the true ratio, with ν ≥ R − 1 (γ's are correlated; R − 1 is
        // the conservative count)
        double Spread(double[][] runs)
        {
            double sum = 0;
            for (int k = 0; k < g; k++)
            {
                double mean = 0, sq = 0;
                for (int s = 0; s < seeds; s++)
                    mean += runs[s][k] / seeds;
                for (int s = 0; s < seeds; s++)
                    sq += (runs[s][k] - mean) * (runs[s][k] - mean);
                sum += sq / (seeds - 1);
            }
            return Math.Sqrt(sum / g);
        }
        double s1 = Spread(r.Initial[0]), s2 = Spread(r.Initial[^1]);
        double ratio = s1 / s2, expected = Math.Sqrt((double)m2 / m1);
        double fHi = FisherSnedecor.InvCDF(seeds - 1, seeds - 1, 1 - (1 - confidence) / 2), fLo = FisherSnedecor.InvCDF(seeds - 1, seeds - 1, (1 - confidence) / 2);
        double ratioLo = ratio / Math.Sqrt(fHi), ratioHi = ratio / Math.Sqrt(fLo);
        bool spreadHolds = ratioLo > 1 && ratioLo <= expected && expected <= ratioHi;

        // (2) drift during training: per initialisation the rms over γ of Θ̂_T − Θ̂_0 (relative to max Θ^(L)); a
        // Welch interval on the difference of the mean logs gives the exponent s of drift ∝ m^s
        double[] Drift(int w) => [.. Enumerable.Range(0, seeds).Select(s => Rms(r.Trained[w][s], r.Initial[w][s]) / scale)];
        double[] d1 = Drift(0), d2 = Drift(spec.Widths.Count - 1);
        var (diff, half) = WelchLogDifference(d1, d2, confidence);
        double logRatio = Math.Log((double)m2 / m1);
        double exponent = -diff / logRatio, expLo = -(diff + half) / logRatio, expHi = -(diff - half) / logRatio;
        bool driftHolds = expHi < 0;
        double wideDeviation = Enumerable.Range(0, seeds).Average(s => Rms(r.Trained[^1][s], r.Limit)) / scale;
        double wideSpread = s2 / scale;

        var summary = new JsonObject().Add("hidden_layers", spec.HiddenLayers).Add("widths", spec.Widths).Add("initialisations", seeds)
            .Add("train_points", spec.TrainPoints).Add("steps", spec.Steps).Add("eta", r.Eta).Add("time", r.Time)
            .Add("loss_before_median", spec.Widths.Select((_, w) => DzpsFigure1.Quantile(r.LossBefore[w], 0.5)).ToArray())
            .Add("loss_after_median", spec.Widths.Select((_, w) => DzpsFigure1.Quantile(r.LossAfter[w], 0.5)).ToArray())
            .Add("spread_relative", new[] { s1 / scale, s2 / scale })
            .Add("spread_ratio", ratio).Add("spread_ratio_interval", new[] { ratioLo, ratioHi }).Add("sqrt_width_ratio", expected)
            .Add("drift_relative_geometric_mean", new[] { GeoMean(d1), GeoMean(d2) })
            .Add("drift_exponent", exponent).Add("drift_exponent_interval", new[] { expLo, expHi })
            .Add("wide_trained_rms_deviation_from_limit_relative", wideDeviation)
            .Add("confidence", confidence)
            .Add("property", F($"the spread of Θ̂(x₀, ·) across initialisations falls from m = {m1} to m = {m2} by a factor whose {confidence} interval (F test, ν = R − 1) lies above 1 and contains √(m₂/m₁) = {expected:G4}; and the kernel's drift during training falls with m (the {confidence} interval of its exponent lies below 0)"))
            .Add("holds", spreadHolds && driftHolds);

        var rows = new List<double[]>();
        for (int k = 0; k < g; k++)
            rows.Add([0, -1, 0, r.Gammas[k], r.Limit[k]]);
        for (int w = 0; w < spec.Widths.Count; w++)
            for (int s = 0; s < seeds; s++)
                for (int k = 0; k < g; k++)
                {
                    rows.Add([spec.Widths[w], s, 0, r.Gammas[k], r.Initial[w][s][k]]);
                    rows.Add([spec.Widths[w], s, r.Time, r.Gammas[k], r.Trained[w][s][k]]);
                }

        List<Plots.Series> Curves(double[][][] runs)
        {
            var list = new List<Plots.Series>();
            for (int w = 0; w < spec.Widths.Count; w++)
                for (int s = 0; s < seeds; s++)
                    list.Add(new Plots.Series(s == 0 ? F($"m = {spec.Widths[w]} ({seeds} initialisations)") : "", r.Gammas, runs[w][s], Color: w, LineWidth: 1));
            list.Add(new Plots.Series(F($"limit Θ^({spec.HiddenLayers})"), r.Gammas, r.Limit, Color: -2, LineWidth: 3));
            return list;
        }
        string sizes = F($"{spec.HiddenLayers} hidden ReLU layers (Jacot's L = {spec.HiddenLayers + 1}), x₀ = (1, 0), x = (cos γ, sin γ)");
        string training = F($"after GD for t = η·{spec.Steps} = {r.Time:G3} (η = 1/λ_max of Θ^(L) on the data), {spec.TrainPoints} points x ~ N(0, I₂), f* = x₁x₂, {spec.HiddenLayers} hidden layers");
        return new Output(["width", "initialisation", "time", "gamma", "theta"], rows,
            [
                new Panel("ntk-convergence-init.png", "Empirical NTK Θ̂(x₀, x) at initialisation vs the limit; " + sizes, "γ (radians)", "Θ(x₀, x)", false, false, Curves(r.Initial)),
                new Panel("ntk-convergence-trained.png", "Θ̂(x₀, x) " + training, "γ (radians)", "Θ(x₀, x)", false, false, Curves(r.Trained)),
                new Panel("ntk-convergence-drift.png", "Distance of Θ̂ from the limit, before and after training; " + sizes, "γ (radians)", "rms over seeds of Θ̂(x₀, x) − Θ^(L)(x₀, x)", false, true,
                [
                    .. spec.Widths.SelectMany((m, w) => new[]
                    {
                        new Plots.Series(F($"m = {m}, at initialisation"), r.Gammas, RmsOverSeeds(r.Initial[w], r.Limit), Color: w, LineWidth: 1),
                        new Plots.Series(F($"m = {m}, after training (t = {r.Time:G3})"), r.Gammas, RmsOverSeeds(r.Trained[w], r.Limit), Color: w, LineWidth: 3),
                    }),
                ]),
            ], summary);
    }

    private static double Rms(double[] a, double[] b)
    {
        double s = 0;
        for (int k = 0; k < a.Length; k++)
            s += (a[k] - b[k]) * (a[k] - b[k]);
        return Math.Sqrt(s / a.Length);
    }

    private static double[] RmsOverSeeds(double[][] runs, double[] limit) =>
        [.. Enumerable.Range(0, limit.Length).Select(k => Math.Sqrt(runs.Average(run => (run[k] - limit[k]) * (run[k] - limit[k]))))];

    private static double GeoMean(double[] v) => Math.Exp(v.Average(x => Math.Log(x)));

    /// <summary>mean(log a) − mean(log b) and the half-width of its Welch t interval at the given confidence.</summary>
    private static (double Difference, double HalfWidth) WelchLogDifference(double[] a, double[] b, double confidence)
    {
        static (double Mean, double Var) Moments(double[] v)
        {
            var l = v.Select(x => Math.Log(x)).ToArray();
            double mean = l.Average();
            return (mean, l.Sum(x => (x - mean) * (x - mean)) / (l.Length - 1));
        }
        var (ma, va) = Moments(a);
        var (mb, vb) = Moments(b);
        double sa = va / a.Length, sb = vb / b.Length;
        double nu = (sa + sb) * (sa + sb) / (sa * sa / (a.Length - 1) + sb * sb / (b.Length - 1));
        double t = StudentT.InvCDF(0, 1, nu, 1 - (1 - confidence) / 2);
        return (ma - mb, t * Math.Sqrt(sa + sb));
    }
}
