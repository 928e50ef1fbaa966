namespace ContactTrace.Bench.Commands.Chain;

/// <summary>A person a case's trace reached, with its category, tier and the one exposure behind it.</summary>
internal sealed record class OutbreakContact(string CaseId, string PersonId, string HouseholdId, string District, int Tier, string Category, OutbreakExposure Exposure);
