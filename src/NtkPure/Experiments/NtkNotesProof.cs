using NtkPure.Dynamics;
using NtkPure.Kernels;
using NtkPure.Model;
using NtkPure.Numerics;

namespace NtkPure.Experiments;

/// <summary>
/// One step k of the ntk-notes proof of Theorem 7, evaluated on an actual GD run: the quantities of eq. (7),
/// Lemma 8, the Claim 9 decomposition ‖y − u(k+1)‖² = ‖y − u(k)‖² + C1 + C2 + C3 + C4 and the bounds of
/// Claims 11–14, with whether each link's hypothesis held.
/// </summary>
public sealed record ProofStep(
    int K,
    double Residual2,
    double NextResidual2,
    double Bound7,
    bool Holds7UpToK,
    double MaxMove,
    double D,
    bool InBall,
    double C1,
    double C2,
    double C3,
    double C4,
    double Claim9Gap,
    double Claim9Tolerance,
    double LambdaMinH
)
{
    /// <summary>The first link of the proof that fails at this step, or null.</summary>
    public string? FirstFailure(double eta, double lambda, int n, double radius, double slack)
    {
        double r2 = Residual2;
        if (!Holds7UpToK)
            return "theorem-7 (7) failed at an earlier step";
        if (MaxMove > D + slack)
            return "lemma-8";
        if (InBall && Claim9Gap > Claim9Tolerance)
            return "claim-9";
        if (C1 > -eta * lambda * r2 + slack * r2)
            return "claim-11";
        if (C2 > 8 * eta * n * radius * r2 + slack * r2)
            return "claim-12";
        if (C3 > 8 * eta * n * radius * r2 + slack * r2)
            return "claim-13";
        if (C4 > eta * eta * n * n * r2 + slack * r2)
            return "claim-14";
        if (NextResidual2 > (1 - eta * lambda / 2) * r2 + slack * r2)
            return "eq-8 (one step of (7))";
        return null;
    }
}

/// <summary>The setting of ntk-notes Theorem 7 and the trace of its proof along one GD run.</summary>
public static class NtkNotesProof
{
    /// <summary>
    /// GD on the first layer (sum loss, ReLU, 1/√m, a_r ∈ {±1}) for <paramref name="steps"/> steps from
    /// <paramref name="net0"/>, evaluating every link of the proof at every step. λ = λ_min(H^cts), R the radius of
    /// the sets S_i, η the step size. Pure: the same inputs give the same trace.
    /// </summary>
    /// <param name="decomposition">Whether to compute H^⊥, v₂ and so C2, C3 and the Claim 9 identity (the
    /// costly part); without it those fields are NaN.</param>
    public static IReadOnlyList<ProofStep> Trace(Dataset data, TwoLayerNet net0, double eta, double radius, double lambda, int steps, bool decomposition = true)
    {
        int n = data.N, m = net0.Width;
        var p = GdProblem.FirstLayer(data, LossKind.Sum, eta);
        var s = GradientDescent.Start(p, net0);
        var y = data.Y;
        double r0 = (y - s.U).NormSquared();
        double d = 4 * Math.Sqrt(n) * Math.Sqrt(r0) / (Math.Sqrt(m) * lambda);
        var stable = EmpiricalNtk.StableSets(net0.W, data.X, radius);
        var trace = new List<ProofStep>(steps);
        bool holds7 = true;
        double sqrtM = Math.Sqrt(m);
        for (int k = 0; k < steps; k++)
        {
            var next = GradientDescent.Step(p, s);
            var u = s.U;
            var u1 = next.U;
            var r = y - u;
            double res2 = r.NormSquared(), next2 = (y - u1).NormSquared();
            holds7 &= res2 <= Math.Pow(1 - eta * lambda / 2, k) * r0 * (1 + 1e-12) + 1e-300;
            double moveK = Training.MaxWeightMove(s.Net.W, net0.W), move1 = Training.MaxWeightMove(next.Net.W, net0.W);
            var h = EmpiricalNtk.FirstLayer(s.Net, data.X, s.Forward);
            double c1 = -2 * eta * r.Dot(h * r);
            double c4 = (u1 - u).NormSquared();
            bool inBall = moveK <= radius && move1 <= radius;
            if (!decomposition)
            {
                trace.Add(new ProofStep(k, res2, next2, Math.Pow(1 - eta * lambda / 2, k) * r0, holds7, move1, d, inBall, c1, double.NaN, double.NaN, c4, double.NaN, double.NaN, double.NaN));
                s = next;
                continue;
            }
            var hPerp = EmpiricalNtk.Perp(net0.W, s.Net.W, data.X, radius);
            // v2_i = (1/√m) Σ_{r ∉ S_i} a_r (φ(w_r(k+1)ᵀx_i) − φ(w_r(k)ᵀx_i))
            var v2 = new double[n];
            var phiK = s.Forward.Values;
            var phi1 = next.Forward.Values;
            for (int i = 0; i < n; i++)
            {
                double acc = 0;
                for (int q = 0; q < m; q++)
                    if (stable[i, q] == 0)
                        acc += net0.A[q] * (phi1[i * m + q] - phiK[i * m + q]);
                v2[i] = acc / sqrtM;
            }
            double c2 = 2 * eta * r.Dot(hPerp * r);
            double c3 = -2 * r.Dot(Vec.Own(v2));
            double rhs9 = res2 + c1 + c2 + c3 + c4;
            double scale9 = res2 + Math.Abs(c1) + Math.Abs(c2) + Math.Abs(c3) + c4 + next2;
            var tol9 = Tolerance.ForOperations((double)m * n + (double)n * n * data.D, scale9);
            trace.Add(new ProofStep(k, res2, next2, Math.Pow(1 - eta * lambda / 2, k) * r0, holds7, move1, d,
                inBall, c1, c2, c3, c4, Math.Abs(next2 - rhs9), tol9.Bound(next2, rhs9),
                double.NaN));
            s = next;
        }
        return trace;
    }

    /// <summary>
    /// The widths the proof needs for an instance (§1.5, "Over-parameterization size"): D &lt; R with
    /// D = 4√n‖y − u(0)‖/(√m λ), R = λ/(64n), i.e. m &gt; (256·n^{3/2}‖y − u(0)‖/λ²)²; and 3n²exp(−mR/10) ≤ δ,
    /// i.e. m ≥ (640n/λ)·log(3n²/δ).
    /// </summary>
    public static (double ForD, double ForProbability) RequiredWidth(int n, double lambda, double residual0, double delta) =>
        (Math.Pow(256 * Math.Pow(n, 1.5) * residual0 / (lambda * lambda), 2), 640.0 * n / lambda * Math.Log(3.0 * n * n / delta));
}
