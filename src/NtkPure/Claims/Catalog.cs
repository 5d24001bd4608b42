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
        KernelClaims.ReluNtkClosedForm,
        KernelClaims.GInfinity,
        KernelClaims.MultilayerNtk,
        KernelClaims.MultilayerNtkCorrected,
        KernelClaims.FeatureMap,
        KernelClaims.LinearModel1,
        KernelClaims.BothLayers,
        KernelClaims.Lemma21,
        KernelClaims.Lemma21Corrected,
    ];

    public static Claim? Find(string id) => All.FirstOrDefault(c => c.Id == id);
}
