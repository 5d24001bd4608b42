using MathNet.Numerics;

namespace NtkPure.Model;

public enum ActivationKind
{
    Relu,
    LeakyRelu,
    Erf,
    Softplus,
    Tanh,
    Identity,
}

/// <summary>
/// An activation φ with its derivative φ'. ReLU's derivative at 0 is 1, i.e. φ'(z) = 1{z ≥ 0} as in ntk-notes
/// eq. (1) and hu's footnote ("we define φ'(0) = 1"); leaky ReLU(a) is z for z ≥ 0 and a·z below, with φ'(0) = 1.
/// The span methods are tight per-kind loops, so hot paths never call a delegate per element.
/// </summary>
public sealed record Activation(ActivationKind Kind, double Slope = 0.0)
{
    public static readonly Activation Relu = new(ActivationKind.Relu);
    public static readonly Activation Erf = new(ActivationKind.Erf);
    public static readonly Activation Softplus = new(ActivationKind.Softplus);
    public static readonly Activation Tanh = new(ActivationKind.Tanh);
    public static readonly Activation Identity = new(ActivationKind.Identity);

    public static Activation LeakyRelu(double a) => new(ActivationKind.LeakyRelu, a);

    public string Name =>
        Kind switch
        {
            ActivationKind.Relu => "relu",
            ActivationKind.LeakyRelu => FormattableString.Invariant($"leaky-relu({Slope})"),
            ActivationKind.Erf => "erf",
            ActivationKind.Softplus => "softplus",
            ActivationKind.Tanh => "tanh",
            _ => "identity",
        };

    /// <summary>Parses relu, erf, softplus, tanh, identity, leaky-relu (slope 0.01) or leaky-relu:A.</summary>
    public static bool TryParse(string text, out Activation activation)
    {
        activation = Relu;
        var t = text.Trim().ToLowerInvariant();
        switch (t)
        {
            case "relu":
                activation = Relu;
                return true;
            case "erf":
                activation = Erf;
                return true;
            case "softplus":
                activation = Softplus;
                return true;
            case "tanh":
                activation = Tanh;
                return true;
            case "identity" or "linear":
                activation = Identity;
                return true;
            case "leaky-relu":
                activation = LeakyRelu(0.01);
                return true;
        }
        if (t.StartsWith("leaky-relu:", StringComparison.Ordinal)
            && double.TryParse(t.AsSpan(11), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var a)
            && double.IsFinite(a))
        {
            activation = LeakyRelu(a);
            return true;
        }
        return false;
    }

    public double Value(double z) =>
        Kind switch
        {
            ActivationKind.Relu => z >= 0 ? z : 0.0,
            ActivationKind.LeakyRelu => z >= 0 ? z : Slope * z,
            ActivationKind.Erf => SpecialFunctions.Erf(z),
            ActivationKind.Softplus => SoftplusValue(z),
            ActivationKind.Tanh => Math.Tanh(z),
            _ => z,
        };

    public double Derivative(double z) =>
        Kind switch
        {
            ActivationKind.Relu => z >= 0 ? 1.0 : 0.0,
            ActivationKind.LeakyRelu => z >= 0 ? 1.0 : Slope,
            ActivationKind.Erf => 2.0 / Math.Sqrt(Math.PI) * Math.Exp(-z * z),
            ActivationKind.Softplus => z >= 0 ? 1.0 / (1.0 + Math.Exp(-z)) : Math.Exp(z) / (1.0 + Math.Exp(z)),
            ActivationKind.Tanh => 1.0 - Math.Tanh(z) * Math.Tanh(z),
            _ => 1.0,
        };

    /// <summary>Whether φ is piecewise linear with a kink at 0 (finite differences must not straddle it).</summary>
    public bool HasKink => Kind is ActivationKind.Relu || (Kind is ActivationKind.LeakyRelu && Slope != 1.0);

    private static double SoftplusValue(double z) => z > 0 ? z + Math.Log(1.0 + Math.Exp(-z)) : Math.Log(1.0 + Math.Exp(z));

    /// <summary>φ(z) for every entry of z.</summary>
    public void Values(ReadOnlySpan<double> z, Span<double> value)
    {
        switch (Kind)
        {
            case ActivationKind.Relu:
                for (int i = 0; i < z.Length; i++)
                    value[i] = z[i] >= 0 ? z[i] : 0.0;
                break;
            case ActivationKind.LeakyRelu:
                for (int i = 0; i < z.Length; i++)
                    value[i] = z[i] >= 0 ? z[i] : Slope * z[i];
                break;
            case ActivationKind.Identity:
                z.CopyTo(value);
                break;
            default:
                for (int i = 0; i < z.Length; i++)
                    value[i] = Value(z[i]);
                break;
        }
    }

    /// <summary>φ'(z) for every entry of z.</summary>
    public void Derivatives(ReadOnlySpan<double> z, Span<double> derivative)
    {
        switch (Kind)
        {
            case ActivationKind.Relu:
                for (int i = 0; i < z.Length; i++)
                    derivative[i] = z[i] >= 0 ? 1.0 : 0.0;
                break;
            case ActivationKind.LeakyRelu:
                for (int i = 0; i < z.Length; i++)
                    derivative[i] = z[i] >= 0 ? 1.0 : Slope;
                break;
            case ActivationKind.Identity:
                derivative[..z.Length].Fill(1.0);
                break;
            default:
                for (int i = 0; i < z.Length; i++)
                    derivative[i] = Derivative(z[i]);
                break;
        }
    }

    /// <summary>φ(z) and φ'(z) for every entry of z.</summary>
    public void Apply(ReadOnlySpan<double> z, Span<double> value, Span<double> derivative)
    {
        switch (Kind)
        {
            case ActivationKind.Relu:
                for (int i = 0; i < z.Length; i++)
                {
                    double v = z[i];
                    bool on = v >= 0;
                    value[i] = on ? v : 0.0;
                    derivative[i] = on ? 1.0 : 0.0;
                }
                break;
            case ActivationKind.LeakyRelu:
                for (int i = 0; i < z.Length; i++)
                {
                    double v = z[i];
                    bool on = v >= 0;
                    value[i] = on ? v : Slope * v;
                    derivative[i] = on ? 1.0 : Slope;
                }
                break;
            case ActivationKind.Identity:
                z.CopyTo(value);
                derivative[..z.Length].Fill(1.0);
                break;
            default:
                for (int i = 0; i < z.Length; i++)
                {
                    value[i] = Value(z[i]);
                    derivative[i] = Derivative(z[i]);
                }
                break;
        }
    }
}
