namespace ContactTrace.Bench.Api;

/// <summary>The body of <c>PUT /api/persons/{personId}</c>.</summary>
internal sealed record class PersonBody(string District, string? HouseholdId);
