namespace ContactTrace.Registry;

/// <summary>
/// What the registry knows of a person. Name and phone are personal data: never log them. <see cref="CompoundId"/>
/// is the residential compound (小区/楼栋) that risk zones are declared for; appended last, so older stored
/// profiles read as without one. <see cref="HouseholdSince"/> is when the person joined the household as the registry
/// learned it (a move registered late); null means when the change is registered. Appended last for the same reason.
/// </summary>
[GenerateSerializer, Immutable, Alias("ContactTrace.PersonProfile")]
public sealed record class PersonProfile(
    string District, string? HouseholdId, string? Name, string? Phone, string? CompoundId = null, DateTimeOffset? HouseholdSince = null);
