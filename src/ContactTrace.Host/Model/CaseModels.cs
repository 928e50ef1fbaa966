using ContactTrace.Cases;
using ContactTrace.Host.Auth;
using ContactTrace.Queries;
using ContactTrace.Reports;
using ContactTrace.Tracing;

namespace ContactTrace.Host.Model;

/// <summary>What the case handlers need, bundled for <c>[AsParameters]</c>.</summary>
public sealed class CaseServices(IGrainFactory grains, ITracingQueries queries, IManagementStore managements, AuditTrail audit, [FromKeyedServices(Clock.Key)] TimeProvider time, ResponseTimes times)
{
    public AuditTrail Audit { get; } = audit;

    public IGrainFactory Grains { get; } = grains;

    /// <summary>The read side: a case's standing, cluster and contacts.</summary>
    public ITracingQueries Queries { get; } = queries;

    public IManagementStore Managements { get; } = managements;

    public TimeProvider Time { get; } = time;

    public ResponseTimes Times { get; } = times;
}

/// <summary>The answer of <c>POST /api/cases</c>: the case is stored and its trace started.</summary>
public sealed record class CaseAccepted(string CaseId, TraceView Trace);

/// <summary>The answer of <c>GET /api/cases/{caseId}</c>; <c>withdrawal</c> is set once the case was withdrawn as a false positive.</summary>
public sealed record class CaseView(
    string CaseId,
    string PersonId,
    string Classification,
    string District,
    string DiscoveryChannel,
    DateTimeOffset ReportedAt,
    DateTimeOffset SampledAt,
    DateTimeOffset? OnsetAt,
    DateTimeOffset? ConvertedAt,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    ImmutableArray<string> Sources,
    string ClusterId,
    TraceView Trace,
    WithdrawalView? Withdrawal)
{
    public static CaseView From(CaseRecord record, string? clusterId) => new(
        record.Report.CaseId,
        record.Report.PersonId,
        record.Classification,
        record.District,
        record.DiscoveryChannel,
        record.ReportedAt,
        record.Report.SampledAt,
        record.Report.OnsetAt,
        record.ConvertedAt,
        record.WindowStart,
        record.WindowEnd,
        record.Sources,
        clusterId ?? record.ClusterId,
        TraceView.Of(record.Trace),
        record.Withdrawal is { } w ? new WithdrawalView(w.At, w.Reason) : null);
}

/// <summary>When and why a case was withdrawn.</summary>
public sealed record class WithdrawalView(DateTimeOffset At, string Reason);

/// <summary>
/// A trace's status and counts: <c>status</c> is <c>pending</c>, <c>queued</c>, <c>running</c>, <c>tier1Completed</c> or
/// <c>completed</c>; <c>homeIsolation</c> counts household members sharing a secondary contact's isolation;
/// <c>becameCases</c> the contacts (counted in their category) who have since become cases; <c>attempts</c>,
/// <c>lastError</c> and <c>retryAt</c> say why a failed trace is waiting to run again.
/// </summary>
public sealed record class TraceView(
    string Status, int CloseContacts, int SecondaryContacts, int VenueExposed, int HomeIsolation, DateTimeOffset? CompletedAt,
    int BecameCases, DateTimeOffset? Tier1CompletedAt, int Attempts, string? LastError, DateTimeOffset? RetryAt)
{
    public static TraceView Of(TraceSummary trace) =>
        new(trace.Status, trace.CloseContacts, trace.SecondaryContacts, trace.VenueExposed, trace.HomeIsolation, trace.CompletedAt,
            trace.BecameCases, trace.TierOneCompletedAt, trace.Attempts, trace.LastError, trace.RetryAt);
}

/// <summary>The body of <c>POST /api/cases/{caseId}/withdrawal</c>: why the case is a false positive.</summary>
public sealed record class WithdrawalInput(string? Reason);

/// <summary>The body of <c>PUT /api/cases/{caseId}/classification</c>.</summary>
public sealed record class ClassificationInput(string? Classification, string? At);

/// <summary>
/// The body of <c>POST /api/cases/{caseId}/contacts</c>. <see cref="District"/> is read only for a person nobody
/// registered yet: with it the person is registered (like <c>POST /api/cases</c> does for its person), without it
/// the contact is refused naming <c>personId</c>.
/// </summary>
public sealed record class ReportedContactInput(string? PersonId, string? At, string? Until, string? Setting, string? Note, string? District = null);

/// <summary>
/// One item of a case's contacts: one per person, its most severe category, evidence (<c>evidenceCount</c> items in
/// all, the earliest and the latest of them listed) and assignment; <c>becameCaseId</c> when the contact has since
/// become a case — they stay in the list, counted in their category; for a close contact, <c>contactsSought</c>.
/// </summary>
public sealed record class ContactView(
    string PersonId, int Tier, string Category, DateTimeOffset FirstExposure, DateTimeOffset LastExposure,
    ImmutableArray<ExposureView> Exposures, AssignmentView? Assignment, int EvidenceCount, string? BecameCaseId, ContactWindowView? ContactsSought)
{
    public static ContactView From(ContactItem item) => new(
        item.Finding.PersonId, item.Finding.Tier, item.Finding.Category, item.Finding.FirstExposure, item.Finding.LastExposure,
        [.. item.Finding.Exposures.Select(ExposureView.Of)],
        item.Assignment is { } a ? AssignmentView.Of(a) : null,
        item.Finding.TotalEvidence,
        item.BecameCaseId,
        item.Sought is { } w ? new ContactWindowView(w.From, w.Until, w.Reason) : null);
}

/// <summary>
/// For a close contact, the window over which their own contacts were sought: from their first exposure until they were
/// isolated (<c>reason</c> <c>check-in</c>, <c>home-isolation</c>, <c>case</c>), or still open (<c>until</c> null, <c>reason</c> <c>open</c>).
/// </summary>
public sealed record class ContactWindowView(DateTimeOffset From, DateTimeOffset? Until, string Reason);

/// <summary>
/// One piece of evidence. A venue exposure is one visit of the person's: <c>from</c>–<c>until</c> spans its overlap
/// with the <c>sourceCount</c> presence intervals it overlapped, <c>source</c> the first of them (the case's own, or
/// for tier 2 the close contact's, whose person is <c>viaPersonId</c>), <c>visitFrom</c> when the person arrived.
/// </summary>
public sealed record class ExposureView(
    string Kind, string? VenueId, DateTimeOffset From, DateTimeOffset Until, string? ViaPersonId, string? Setting,
    int SourceCount, SourceView? Source, DateTimeOffset? VisitFrom)
{
    public static ExposureView Of(Exposure e) => new(e.Kind, e.VenueId, e.From, e.Until, e.ViaPersonId, e.Setting, e.SourceCount,
        e.Source is { } s ? new SourceView(s.PersonId, s.VenueId, s.From, s.Until) : null, e.VisitFrom);
}

/// <summary>A presence interval the exposure overlapped: whose, where, when.</summary>
public sealed record class SourceView(string PersonId, string VenueId, DateTimeOffset From, DateTimeOffset Until);

/// <summary>
/// The answer of <c>GET /api/cases/{caseId}/chain</c>: the cluster's totals and one page of it — cases (and, when
/// asked, their contacts) as nodes, links as edges — with the cursor of the next page.
/// </summary>
public sealed record class ChainView(string ClusterId, int CaseCount, int ContactCount, ImmutableArray<ChainNodeView> Nodes, ImmutableArray<ChainEdgeView> Edges, string? Next)
{
    public static ChainView Of(ClusterPage page) => new(
        page.ClusterId,
        page.CaseCount,
        page.ContactCount,
        [.. page.Cases.Select(c => new ChainNodeView(c.CaseId, "case", c.PersonId, c.Classification, c.District, c.ReportedAt, null, null)),
         .. ContactNodes(page)],
        [.. page.Edges.Select(e => new ChainEdgeView(e.From, e.To, e.Kind, e.At, e.VenueId, e.ViaPersonId, [.. e.Evidence.Select(ExposureView.Of)])),
         .. page.Contacts.Select(c => new ChainEdgeView(c.CaseId, c.PersonId, c.Category, null, null, null, []))],
        page.NextCaseId);

    // A person reached by several cases of the cluster is one node, with its most severe category, and an edge from each.
    private static IEnumerable<ChainNodeView> ContactNodes(ClusterPage page) =>
        page.Contacts
            .GroupBy(c => c.PersonId, StringComparer.Ordinal)
            .Select(g => g.MaxBy(c => Severity.Of(c.Category))!)
            .Select(c => new ChainNodeView(c.PersonId, "contact", c.PersonId, null, null, null, c.Tier, c.Category));
}

public sealed record class ChainNodeView(
    string Id, string Kind, string PersonId, string? Classification, string? District, DateTimeOffset? ReportedAt, int? Tier, string? Category);

/// <summary>
/// An edge of the chain. Between two cases, <c>at</c>, <c>venueId</c> and <c>viaPersonId</c> are the linking
/// exposure's (the earliest), and <c>evidence</c> is all of it; from a case to a contact, the contact's category.
/// </summary>
public sealed record class ChainEdgeView(string From, string To, string Kind, DateTimeOffset? At, string? VenueId, string? ViaPersonId, ImmutableArray<ExposureView> Evidence);
