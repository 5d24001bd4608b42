namespace NtkPure.Claims;

/// <summary>Every executable claim, by CLAIMS.md id.</summary>
public static class Catalog
{
    public static IReadOnlyList<Claim> All { get; } =
    [
        .. FoundationClaims.All,
        NtkNotesClaims.EventAClaim,
        NtkNotesClaims.EventACorrected,
        NtkNotesClaims.Eq6Anticoncentration,
        NtkNotesClaims.Eq8StepSize,
        .. WuClaims.All,
    ];

    public static Claim? Find(string id) => All.FirstOrDefault(c => c.Id == id);
}
