namespace ContactTrace.Cases;

/// <summary>
/// A case as reported (the body of <c>POST /api/cases</c>, normalised). Reporting the same one again is a no-op;
/// a different report under the same case id is a conflict. Fields are kept as sent, so that a report sent
/// again without <see cref="ReportedAt"/> still equals the first.
/// </summary>
[GenerateSerializer, Immutable, Alias("ContactTrace.CaseReport")]
public sealed record class CaseReport(
    string CaseId,
    string PersonId,
    string Classification,
    DateTimeOffset SampledAt,
    DateTimeOffset? OnsetAt,
    DateTimeOffset? ReportedAt,
    string? District,
    string? DiscoveryChannel,
    DateTimeOffset? IsolatedAt);
