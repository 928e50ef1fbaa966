namespace ContactTrace.Registry;

/// <summary>What the registry knows of a person. Name and phone are personal data: never log them.</summary>
[GenerateSerializer, Immutable, Alias("ContactTrace.PersonProfile")]
public sealed record class PersonProfile(string District, string? HouseholdId, string? Name, string? Phone);
