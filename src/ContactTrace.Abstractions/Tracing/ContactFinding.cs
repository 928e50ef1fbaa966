namespace ContactTrace.Tracing;

/// <summary>
/// One person a trace reached: one item per person, its most severe category, the evidence for that category
/// (at most <see cref="ContactSetBuilder.MaxEvidence"/> items) and the first and last exposure over all of it.
/// </summary>
[GenerateSerializer, Immutable, Alias("ContactTrace.ContactFinding")]
public sealed record class ContactFinding(
    string PersonId,
    int Tier,
    string Category,
    DateTimeOffset FirstExposure,
    DateTimeOffset LastExposure,
    ImmutableArray<Exposure> Exposures);
