namespace ContactTrace.Tracing;

/// <summary>
/// One person a trace reached: one item per person, its most severe category, the evidence for that category
/// (summarised past <see cref="ContactSetBuilder.MaxEvidence"/> items: the earliest, and always the latest, which
/// decides the period) and the first and last exposure and number of evidence items over all of it.
/// </summary>
[GenerateSerializer, Immutable, Alias("ContactTrace.ContactFinding")]
public sealed record class ContactFinding(
    string PersonId,
    int Tier,
    string Category,
    DateTimeOffset FirstExposure,
    DateTimeOffset LastExposure,
    ImmutableArray<Exposure> Exposures,
    int EvidenceCount = 0)
{
    /// <summary>All the evidence there was, kept or summarised.</summary>
    public int TotalEvidence => Math.Max(EvidenceCount, Exposures.Length);
}
