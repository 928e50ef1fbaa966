namespace ContactTrace.CityGenerator;

/// <summary>People living together; household members are each other's close contacts.</summary>
public sealed record class Household(string HouseholdId, string District, ImmutableArray<string> PersonIds);
