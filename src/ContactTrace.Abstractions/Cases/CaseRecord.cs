namespace ContactTrace.Cases;

/// <summary>
/// A stored case: its report as resolved (district, channel, window), its place in the transmission graph, and its
/// withdrawal if it turned out a false positive.
/// </summary>
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
    TraceSummary Trace,
    CaseWithdrawal? Withdrawal = null)
{
    public string Classification => ConvertedAt is null ? Report.Classification : Classifications.Confirmed;
}

/// <summary>A case withdrawn as a false positive: when, and the tracer's reason. It stops counting from then on.</summary>
[GenerateSerializer, Immutable, Alias("ContactTrace.CaseWithdrawal")]
public sealed record class CaseWithdrawal(DateTimeOffset At, string Reason);
