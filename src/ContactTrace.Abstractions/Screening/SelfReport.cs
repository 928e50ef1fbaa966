namespace ContactTrace.Screening;

/// <summary>
/// A citizen's self-report (主动报备): "I was at this venue then", with how to reach them and, when they read it
/// there, the case whose trajectory they crossed. It reaches the tracers as a candidate contact — never an
/// isolation by itself — who confirm it into a reported contact of a case or dismiss it.
/// </summary>
public sealed record class SelfReport(
    string ReportId,
    string? Phone,
    string? PersonId,
    string VenueId,
    DateTimeOffset At,
    string? Note,
    string? CaseId,
    DateTimeOffset ReceivedAt,
    string Status,
    DateTimeOffset? ResolvedAt = null,
    string? ResolvedBy = null,
    string? ResolvedCaseId = null,
    string? ResolvedPersonId = null,
    string? Reason = null)
{
    /// <summary>The same report as sent: a submission sent again is the same one, whenever it arrived and whatever became of it.</summary>
    public bool SameSubmission(SelfReport other) =>
        (ReportId, Phone, PersonId, VenueId, At, Note, CaseId) == (other.ReportId, other.Phone, other.PersonId, other.VenueId, other.At, other.Note, other.CaseId);
}

public static class SelfReportStatuses
{
    public const string Open = "open";
    public const string Confirmed = "confirmed";
    public const string Dismissed = "dismissed";

    public static ImmutableArray<string> All { get; } = [Open, Confirmed, Dismissed];
}

/// <summary>The self-reports, idempotent by report id; the tracers' queue is the open ones, oldest first.</summary>
public interface ISelfReportStore
{
    /// <summary>Stores the report unless its id is taken; returns what is stored under the id now.</summary>
    Task<SelfReport> AddAsync(SelfReport report, CancellationToken cancellationToken = default);

    Task<SelfReport?> GetAsync(string reportId, CancellationToken cancellationToken = default);

    /// <summary>A page of reports (of one status, or all), oldest received first, after <paramref name="after"/>.</summary>
    Task<IReadOnlyList<SelfReport>> ListAsync(string? status, Queries.ListKey? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>Resolves an open report (confirmed or dismissed) as <paramref name="resolved"/> says; returns what is stored now.</summary>
    Task<SelfReport?> ResolveAsync(SelfReport resolved, CancellationToken cancellationToken = default);
}
