namespace NtkPure.Numerics;

/// <summary>
/// A computation met a NaN or an infinity it cannot work with (an eigendecomposition of a matrix with an overflowed
/// entry, say). The message names the quantity and the position.
/// </summary>
public sealed class NonFiniteException(string message) : ArithmeticException(message);
