namespace NtkPure.Numerics;

/// <summary>
/// An n-point Gauss quadrature rule Σ_k w_k f(x_k) ≈ ∫ f dμ, exact for polynomials of degree ≤ 2n − 1.
/// Nodes ascending. Built by Golub–Welsch: the nodes are the eigenvalues of the Jacobi matrix of μ's
/// three-term recurrence and w_k = μ₀·(first component of the unit eigenvector)². The eigenvalues come from
/// Sturm-sequence bisection (each to full precision, independently, so no deflation error accumulates) and the
/// first components from the eigenvector's closed form (p_0(x_k), …, p_{n−1}(x_k)) in orthonormal polynomials,
/// w_k = 1/Σ_j p_j(x_k)²: this keeps the tiny tail weights of Hermite rules accurate to relative precision,
/// which high moments need.
/// </summary>
public sealed record GaussRule(Vec Nodes, Vec Weights)
{
    public int Count => Nodes.Length;

    /// <summary>Σ_k w_k f(x_k) for values f(x_k) already evaluated on the nodes.</summary>
    public double Sum(ReadOnlySpan<double> values) => Blas.Dot(Weights.Span, values);

    /// <summary>
    /// Gauss–Hermite for the standard normal N(0, 1) (probabilists' weight e^{−x²/2}/√(2π), total mass 1):
    /// Σ w_k f(x_k) ≈ E[f(g)]. Jacobi matrix: zero diagonal, off-diagonal √k (k = 1 … n−1).
    /// </summary>
    public static GaussRule Hermite(int n)
    {
        if (n < 1)
            throw new ArgumentOutOfRangeException(nameof(n), "a Gauss rule needs at least one node");
        var diag = new double[n];
        var off = new double[Math.Max(0, n - 1)];
        for (int k = 0; k < off.Length; k++)
            off[k] = Math.Sqrt(k + 1);
        return FromJacobi(diag, off, 1.0);
    }

    /// <summary>Gauss–Legendre on [−1, 1] (weight 1, mass 2). Off-diagonal k/√(4k² − 1).</summary>
    public static GaussRule Legendre(int n)
    {
        if (n < 1)
            throw new ArgumentOutOfRangeException(nameof(n), "a Gauss rule needs at least one node");
        var diag = new double[n];
        var off = new double[Math.Max(0, n - 1)];
        for (int k = 0; k < off.Length; k++)
        {
            double j = k + 1;
            off[k] = j / Math.Sqrt(4 * j * j - 1);
        }
        return FromJacobi(diag, off, 2.0);
    }

    /// <summary>Gauss–Legendre mapped affinely to [a, b].</summary>
    public static GaussRule Legendre(int n, double a, double b) => Legendre(n).Mapped(a, b);

    /// <summary>This rule (on [−1, 1]) mapped affinely to [a, b]: x ↦ (a+b)/2 + (b−a)/2·x, weights × (b−a)/2.</summary>
    public GaussRule Mapped(double a, double b)
    {
        double mid = 0.5 * (a + b), half = 0.5 * (b - a);
        var x = new double[Count];
        var w = new double[Count];
        for (int k = 0; k < x.Length; k++)
        {
            x[k] = mid + half * Nodes[k];
            w[k] = half * Weights[k];
        }
        return new GaussRule(Vec.Own(x), Vec.Own(w));
    }

    /// <summary>
    /// The rule of the measure with monic-recurrence coefficients α_k (<paramref name="diag"/>, length n) and
    /// √β_k (<paramref name="off"/>, length n−1, entry k couples k and k+1) and total mass μ₀.
    /// </summary>
    public static GaussRule FromJacobi(ReadOnlySpan<double> diag, ReadOnlySpan<double> off, double mu0)
    {
        int n = diag.Length;
        if (off.Length != Math.Max(0, n - 1))
            throw new ArgumentException($"a {n}×{n} Jacobi matrix has {Math.Max(0, n - 1)} off-diagonal entries, got {off.Length}");
        // Gershgorin: every eigenvalue lies in [lo, hi].
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        for (int i = 0; i < n; i++)
        {
            double r = (i > 0 ? Math.Abs(off[i - 1]) : 0) + (i < n - 1 ? Math.Abs(off[i]) : 0);
            lo = Math.Min(lo, diag[i] - r);
            hi = Math.Max(hi, diag[i] + r);
        }
        var nodes = new double[n];
        // a zero diagonal means a symmetric weight: the nodes come in pairs ±x, so half of them suffice
        bool symmetric = true;
        foreach (var v in diag)
            symmetric &= v == 0;
        for (int k = 0; k < (symmetric ? (n + 1) / 2 : n); k++)
            nodes[k] = KthEigenvalue(diag, off, k, lo, hi);
        if (symmetric)
        {
            for (int k = 0; k < n / 2; k++)
                nodes[n - 1 - k] = -nodes[k];
            if (n % 2 == 1)
                nodes[n / 2] = 0.0;
        }
        var weights = new double[n];
        for (int k = 0; k < n; k++)
            weights[k] = ChristoffelWeight(diag, off, mu0, nodes[k]);
        return new GaussRule(Vec.Own(nodes), Vec.Own(weights));
    }

    /// <summary>How many eigenvalues of the Jacobi matrix are &lt; x: the negative pivots of LDLᵀ of T − xI.</summary>
    private static int CountBelow(ReadOnlySpan<double> diag, ReadOnlySpan<double> off, double x)
    {
        int count = 0;
        double q = 1;
        for (int i = 0; i < diag.Length; i++)
        {
            double e2 = i > 0 ? off[i - 1] * off[i - 1] : 0;
            q = diag[i] - x - (i > 0 ? e2 / q : 0);
            if (q == 0)
                q = -Tolerance.Epsilon * (Math.Abs(diag[i]) + Math.Abs(x) + 1); // an exact zero pivot counts as negative
            if (q < 0)
                count++;
        }
        return count;
    }

    /// <summary>The k-th smallest eigenvalue (0-based) by bisection down to adjacent doubles.</summary>
    private static double KthEigenvalue(ReadOnlySpan<double> diag, ReadOnlySpan<double> off, int k, double lo, double hi)
    {
        // invariant: CountBelow(lo) ≤ k < CountBelow(hi). Bisection can resolve an eigenvalue only to about ε‖T‖
        // in absolute terms; stop at adjacent doubles or at 1e-3·ε‖T‖, whichever comes first (near 0 the doubles
        // are far denser than the accuracy).
        double floor = 1e-3 * Tolerance.Epsilon * Math.Max(Math.Abs(lo), Math.Abs(hi));
        lo -= 1e-300 + Math.Abs(lo) * Tolerance.Epsilon;
        hi += 1e-300 + Math.Abs(hi) * Tolerance.Epsilon;
        for (int it = 0; it < 2200; it++)
        {
            double mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi || hi - lo <= floor)
                break;
            if (CountBelow(diag, off, mid) > k)
                hi = mid;
            else
                lo = mid;
        }
        return 0.5 * (lo + hi);
    }

    /// <summary>μ₀·v₀² for the unit eigenvector v at x, i.e. 1/Σ_j p_j(x)² with p_j orthonormal (p₀ = 1/√μ₀).</summary>
    private static double ChristoffelWeight(ReadOnlySpan<double> diag, ReadOnlySpan<double> off, double mu0, double x)
    {
        double pPrev = 0, p = 1 / Math.Sqrt(mu0);
        double sum = p * p;
        for (int j = 0; j < diag.Length - 1; j++)
        {
            double next = ((x - diag[j]) * p - (j > 0 ? off[j - 1] * pPrev : 0)) / off[j];
            pPrev = p;
            p = next;
            sum += p * p;
        }
        return 1 / sum;
    }
}
