namespace NtkPure.Claims;

/// <summary>Every executable claim, by CLAIMS.md id.</summary>
public static class Catalog
{
    public static IReadOnlyList<Claim> All { get; } =
    [
        FoundationClaims.Weyl,
        FoundationClaims.Eq1Gradient,
        FoundationClaims.Algorithm1,
        FoundationClaims.Fact4,
        FoundationClaims.ConstantKernelSolution,
        FoundationClaims.Eq10LossDerivative,
        FoundationClaims.ClaimC1,
        WuBooleanClaims.StepFromRelu,
        WuBooleanClaims.HalfspaceIntersectionAsWritten,
        WuBooleanClaims.HalfspaceIntersectionCorrected,
        WuBooleanClaims.ParityOrthonormal,
        WuBooleanClaims.ParityAsReluNetwork,
        WuBooleanClaims.CosineClassSize,
        WuBooleanClaims.Theorem7AsWritten,
        WuBooleanClaims.Theorem7Corrected,
        WuBooleanClaims.Theorem8,
        WuBooleanClaims.Theorem8Step015,
        WuBooleanClaims.ParitySgdClaim,
    ];

    public static Claim? Find(string id) => All.FirstOrDefault(c => c.Id == id);
}
