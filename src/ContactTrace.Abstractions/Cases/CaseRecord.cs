namespace ContactTrace.Cases;

/// <summary>A stored case: its report as resolved (district, channel, window) and its place in the transmission graph.</summary>
[GenerateSerializer, Immutable, Alias("ContactTrace.CaseRecord")]
public sealed record class CaseRecord(
    CaseReport Report,
    DateTimeOffset ReportedAt,
    string District,
    string DiscoveryChannel,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    ImmutableArray<string> Sources,
    string ClusterId,
    DateTimeOffset? ConvertedAt,
    TraceSummary Trace)
{
    public string Classification => ConvertedAt is null ? Report.Classification : Classifications.Confirmed;
}
