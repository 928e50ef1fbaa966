namespace ContactTrace.CityGenerator;

/// <summary>A resident: the registry's <c>PUT /api/persons/{personId}</c> body plus the id.</summary>
public sealed record class Person(string PersonId, string District, string HouseholdId);
