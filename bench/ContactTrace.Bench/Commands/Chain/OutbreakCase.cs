namespace ContactTrace.Bench.Commands.Chain;

/// <summary>
/// One case of the generated outbreak, as the host's <c>cases</c> row holds it after its trace completed: the
/// person, when it was sampled and reported, where it was found, and the earlier case whose contact it was.
/// </summary>
internal sealed record class OutbreakCase(
    string CaseId,
    string PersonId,
    string HouseholdId,
    string Classification,
    DateTimeOffset? ConvertedAt,
    string District,
    string Channel,
    DateTimeOffset SampledAt,
    DateTimeOffset ReportedAt,
    string? Source,
    OutbreakExposure? SourceExposure)
{
    public DateTimeOffset WindowStart => SampledAt.AddDays(-2);

    public DateTimeOffset WindowEnd => ReportedAt;

    /// <summary>When its trace completed: the contacts' identified_at.</summary>
    public DateTimeOffset TracedAt => ReportedAt.AddSeconds(1);
}
