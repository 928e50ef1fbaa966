namespace ContactTrace.Tracing;

/// <summary>One case that reached a person: at which tier and category, through whom, with the evidence.</summary>
public sealed record class PersonExposure(string CaseId, string CasePersonId, int Tier, string Category, ImmutableArray<Exposure> Exposures);
