namespace NtkPure.Claims;

/// <summary>Every executable claim, by CLAIMS.md id.</summary>
public static class Catalog
{
    public static IReadOnlyList<Claim> All { get; } =
    [
        .. FoundationClaims.All,
        .. NtkNotesClaims.All,
        .. NtkNotesProofClaims.All,
        .. NtkNotesKernelClaims.All,
        .. KernelClaims.All,
        .. WuBooleanClaims.All,
        .. NtkSlidesClaims.All,
        .. Lecture7Claims.All,
        .. HuClaims.All,
        .. WuClaims.All,
    ];

    public static Claim? Find(string id) => All.FirstOrDefault(c => c.Id == id);
}
