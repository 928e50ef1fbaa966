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

    /// <summary>How long after its report a case's trace completes (the host traces within a second).</summary>
    public static readonly TimeSpan TraceTime = TimeSpan.FromSeconds(1);

    /// <summary>
    /// When its first trace completed: the contacts' identified_at, and the created_at and queued_at of the
    /// assignments it planned.
    /// </summary>
    public DateTimeOffset TracedAt => ReportedAt + TraceTime;
}
