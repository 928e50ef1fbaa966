namespace ContactTrace.Host.Model;

/// <summary>The body of <c>PUT /api/persons/{personId}</c>.</summary>
public sealed record class PersonRegistration(string? District, string? HouseholdId, string? Name, string? Phone, string? CompoundId = null);
