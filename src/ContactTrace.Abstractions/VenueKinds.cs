namespace ContactTrace;

/// <summary>The venue kinds a place code may be registered as, and the class each one falls in.</summary>
public static class VenueKinds
{
    private static readonly Dictionary<string, VenueClass> Classes = new(StringComparer.Ordinal)
    {
        ["restaurant"] = VenueClass.Close,
        ["bath-house"] = VenueClass.Close,
        ["bus"] = VenueClass.Close,
        ["taxi"] = VenueClass.Close,
        ["office"] = VenueClass.Close,
        ["classroom"] = VenueClass.Close,
        ["dormitory"] = VenueClass.Close,
        ["gym"] = VenueClass.Close,
        ["entertainment"] = VenueClass.Close,
        ["supermarket"] = VenueClass.Open,
        ["market"] = VenueClass.Open,
        ["mall"] = VenueClass.Open,
        ["station"] = VenueClass.Open,
        ["logistics-park"] = VenueClass.Open,
        ["hospital"] = VenueClass.Open,
        ["other"] = VenueClass.Open,
    };

    public static IReadOnlyCollection<string> All => Classes.Keys;

    public static bool IsKnown(string? kind) => kind is not null && Classes.ContainsKey(kind);

    public static VenueClass ClassOf(string kind) =>
        Classes.TryGetValue(kind, out var venueClass) ? venueClass : VenueClass.Open;
}
