using NtkPure.Claims;
using NtkPure.Cli.Output;
using NtkPure.Experiments;
using NtkPure.Model;

namespace NtkPure.Cli.Commands;

public static partial class FigureCommand
{
    /// <summary>
    /// hu's erf experiment: a width-256 erf net trained by GD on the first layer, the second layer and both, each
    /// next to its linear model (f^lin1, f^lin2, both); one panel per run with the training and test losses and
    /// the early step t_e, and one of the prediction gaps (1/n)‖u − u^lin‖².
    /// </summary>
    private static Output HuErfFigure(Size size, ulong seed, Action<int, int> progress)
    {
        var cfg = size switch
        {
            Size.Quick => HuErfConfig.Default with { Steps = 64, Seed = seed },
            Size.Default => HuErfConfig.Default with { Seed = seed },
            _ => HuErfConfig.Long with { Seed = seed },
        };
        var r = HuErf.Run(cfg, progress: progress);
        Layers[] runs = [Layers.First, Layers.Second, Layers.Both];
        string[] model = ["f^lin1", "f^lin2", "f^lin1 + f^lin2"];
        string[] trained = ["first layer W", "second layer v", "both layers"];
        var panels = new List<Panel>();
        var evidence = new List<NtkPure.Claims.Evidence>();
        for (int k = 0; k < runs.Length; k++)
        {
            var rows = r.Rows.Where(x => x.Layers == runs[k] && x.Step > 0).ToArray();
            var test = rows.Where(x => double.IsFinite(x.NetTestLoss)).ToArray();
            var s = r.Summaries[k];
            evidence.Add(HuClaims.ErfEvidence(s));
            double lo = rows.Min(x => Math.Min(x.NetLoss, x.LinLoss)), hi = test.Max(x => Math.Max(x.NetTestLoss, x.LinTestLoss));
            double[] step = [.. rows.Select(x => (double)x.Step)], testStep = [.. test.Select(x => (double)x.Step)];
            panels.Add(new Panel(F($"hu-erf-{runs[k].Name()}.png"),
                F($"({(char)('a' + k)}) erf net, {trained[k]} trained, vs {model[k]}: d = {cfg.D}, n = {cfg.N}, m = {cfg.Width}, η = {r.Eta:G3}"),
                "GD step t", "loss (1/2n)‖f − y‖²", true, false,
                [
                    new("network, train", step, [.. rows.Select(x => x.NetLoss)]),
                    new(F($"{model[k]}, train"), step, [.. rows.Select(x => x.LinLoss)]),
                    new(F($"network, test ({cfg.NTest} points)"), testStep, [.. test.Select(x => x.NetTestLoss)]),
                    new(F($"{model[k]}, test"), testStep, [.. test.Select(x => x.LinTestLoss)]),
                    new(F($"t_e = {s.EarlyStep} (linear model at 90% of its decrease)"), [Math.Max(s.EarlyStep, 1), Math.Max(s.EarlyStep, 1)], [lo, hi]),
                ]));
        }
        panels.Add(new Panel("hu-erf-gap.png", F($"(d) Network vs its linear model on the training set: d = {cfg.D}, n = {cfg.N}, m = {cfg.Width}"),
            "GD step t", "(1/n)‖u(t) − u^lin(t)‖²", true, true,
            [.. runs.Select((l, k) =>
            {
                var rows = r.Rows.Where(x => x.Layers == l && x.Step > 0).ToArray();
                return new Plots.Series(F($"{trained[k]} vs {model[k]}"), [.. rows.Select(x => (double)x.Step)], [.. rows.Select(x => x.Gap)]);
            })]));
        bool holds = evidence.All(e => e.Margin >= 0);
        var summary = new JsonObject().Add("d", cfg.D).Add("n", cfg.N).Add("test_points", cfg.NTest).Add("width", cfg.Width).Add("steps", cfg.Steps).Add("eta", r.Eta)
            .Add("runs", r.Summaries.Select(s => new JsonObject().Add("layers", s.Layers.Name()).Add("early_step", s.EarlyStep).Add("linear_decrease", s.Decrease)
                .Add("early_train_discrepancy", s.EarlyDiscrepancy).Add("early_test_discrepancy", s.EarlyTestDiscrepancy).Add("final_train_discrepancy", s.FinalDiscrepancy)
                .Add("network_below_linear", s.NetBelowLinear).Add("early_prediction_gap", s.EarlyGap).Add("final_prediction_gap", s.FinalGap)
                .Add("parting_required", s.Layers.TrainsFirst())).ToList())
            .Add("margins", evidence.Select(e => e.Margin).ToArray())
            .Add("property", F($"per run, with ΔL the linear model's training-loss decrease and t_e its 90% step: |L_net − L_lin| ≤ {HuClaims.AgreementTolerance}·ΔL on the training and test sets up to t_e; and for the runs that train the first layer the network ends below the linear model with a final discrepancy ≥ {HuClaims.PartingFactor}× the early one"))
            .Add("holds", holds);
        var table = new List<double[]>();
        foreach (var x in r.Rows)
        {
            double layer = Array.IndexOf(runs, x.Layers) + 1;
            table.Add([layer, x.Step, 0, x.NetLoss, x.LinLoss, x.Gap]);
            if (double.IsFinite(x.NetTestLoss))
                table.Add([layer, x.Step, 1, x.NetTestLoss, x.LinTestLoss, x.TestGap]);
        }
        return new Output(["layers_1first_2second_3both", "step", "set_0train_1test", "network_loss", "linear_loss", "gap"], table, panels, summary);
    }
}
