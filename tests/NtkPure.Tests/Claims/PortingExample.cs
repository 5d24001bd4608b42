using NtkPure.Claims;
using NtkPure.Kernels;
using NtkPure.Model;
using NtkPure.Numerics;
using Xunit;

namespace NtkPure.Tests.Claims;

/// <summary>
/// The README's worked example of porting a proof to a check: a lemma that is not in the seeds.
/// Schur product theorem ⇒ for ReLU and any W, H(W) = (XXᵀ) ⊙ (SSᵀ)/m is positive semi-definite, so
/// λ_min(H(W)) ≥ 0 — up to the rounding of an n×n eigenvalue computation, c·n·ε·‖H‖₂.
/// </summary>
public static class SchurProductLemma
{
    public static readonly Claim Claim = new(
        Id: "example/schur-psd",
        Source: "Schur product theorem applied to ntk-notes Definition 3",
        Statement: "λ_min(H(W)) ≥ 0 for every W, with H(W)_ij = x_iᵀx_j · (1/m) Σ_r 1{w_rᵀx_i ≥ 0, w_rᵀx_j ≥ 0}",
        Kind: ClaimKind.Inequality,
        Hypotheses: "none (any inputs, any weights)",
        DefaultTrials: 100,
        Check: seed =>
        {
            var (data, net) = Instances.NtkNotes(seed, maxN: 12, maxD: 4, maxM: 30);
            var h = EmpiricalNtk.FirstLayer(net, data.X);
            var eig = SymmetricEigen.Of(h);
            double slack = 8 * data.N * Tolerance.Epsilon * Math.Abs(eig.Max);
            return Evidence.AtMost(0, eig.Min, slack, $"λ_min = {eig.Min:G6}, n = {data.N}, m = {net.Width}");
        });
}

public class PortingExampleTests
{
    [Fact]
    public void TheExampleLemmaHoldsFromATest()
    {
        var r = ClaimRunner.Run(SchurProductLemma.Claim, new ClaimRunOptions(Seed: 1));
        Assert.Equal(Verdict.Holds, r.Verdict);
        // and it would catch a kernel that is not PSD: −H has λ_min < 0 whenever H ≠ 0
        var broken = SchurProductLemma.Claim with
        {
            Check = seed =>
            {
                var e = SchurProductLemma.Claim.Check(seed);
                return Evidence.AtMost(0, -Math.Abs(e.Rhs) - 1e-3, 0);
            },
        };
        Assert.Equal(Verdict.Refuted, ClaimRunner.Run(broken, new ClaimRunOptions(Seed: 1)).Verdict);
    }

    [Fact]
    public void TheExampleLemmaRunsFromTheCli()
    {
        var plugin = typeof(SchurProductLemma).Assembly.Location;
        var o = new StringWriter();
        var e = new StringWriter();
        int code = NtkPure.Cli.Cli.Run(["check", "--plugin", plugin, "example/schur-psd", "--trials", "30"], o, e);
        Assert.Equal(0, code);
        Assert.Contains("Holds", o.ToString());
        Assert.Contains("example/schur-psd", o.ToString());
        var bad = NtkPure.Cli.Cli.Run(["check", "--plugin", "/no/such/plugin.dll"], o, e);
        Assert.Equal(2, bad);
    }
}
