namespace ContactTrace.Host.Model;

/// <summary>A person's health code as <c>GET /api/health-codes/{personId}</c> answers it: no name, no phone.</summary>
public sealed record class HealthCodeView(string PersonId, string Code, IReadOnlyList<HealthReason> Reasons, DateTimeOffset? Since)
{
    public static HealthCodeView Of(HealthCode code) => new(code.PersonId, code.Code, code.Reasons, code.Since);
}

/// <summary>An item of the health-code feed: the code a person has from <see cref="RecordedAt"/> on.</summary>
public sealed record class HealthCodeChangeView(long Cursor, string PersonId, string Code, IReadOnlyList<HealthReason> Reasons, DateTimeOffset? Since, DateTimeOffset RecordedAt)
{
    public static HealthCodeChangeView Of(HealthCodeChange change) =>
        new(change.Cursor, change.Code.PersonId, change.Code.Code, change.Code.Reasons, change.Code.Since, change.RecordedAt);
}

/// <summary>One stop of a case's public trajectory (活动轨迹): where and when, nothing about who.</summary>
public sealed record class TrajectoryItemView(string VenueId, string VenueName, string District, string DistrictLabel, DateTimeOffset From, DateTimeOffset Until);

/// <summary>A case's public trajectory.</summary>
public sealed record class TrajectoryView(string CaseId, DateTimeOffset WindowStart, DateTimeOffset WindowEnd, IReadOnlyList<TrajectoryItemView> Items);

/// <summary>The body of <c>PUT /api/zones/{zoneId}</c>.</summary>
public sealed record class ZoneInput(string? CompoundId, string? District);

/// <summary>A risk zone as the API shows it.</summary>
public sealed record class ZoneView(
    string ZoneId,
    string Kind,
    string CompoundId,
    string District,
    DateTimeOffset? Since,
    DateTimeOffset? Until,
    DateTimeOffset LiftAfter,
    IReadOnlyList<string> CaseIds,
    string Status,
    DateTimeOffset ProposedAt,
    DateTimeOffset? LastCaseAt)
{
    public static ZoneView Of(Zone zone) => new(zone.ZoneId, Zone.HighRisk, zone.CompoundId, zone.District, zone.Since, zone.Until, zone.LiftAfter,
        zone.CaseIds, zone.Status, zone.ProposedAt, zone.LastCaseAt);
}

/// <summary>The body of <c>POST /api/self-reports</c>; <see cref="CaseId"/> names the trajectory the citizen crossed, when they know it.</summary>
public sealed record class SelfReportInput(string? ReportId, string? Phone, string? PersonId, string? VenueId, string? At, string? Note, string? CaseId);

/// <summary>What a citizen hears back: the report is in, and its status.</summary>
public sealed record class SelfReportAccepted(string ReportId, string Status);

/// <summary>A self-report as the tracers see it.</summary>
public sealed record class SelfReportView(
    string ReportId,
    string? Phone,
    string? PersonId,
    string VenueId,
    DateTimeOffset At,
    string? Note,
    string? CaseId,
    DateTimeOffset ReceivedAt,
    string Status,
    DateTimeOffset? ResolvedAt,
    string? ResolvedBy,
    string? ResolvedCaseId,
    string? ResolvedPersonId,
    string? Reason)
{
    public static SelfReportView Of(SelfReport r) => new(r.ReportId, r.Phone, r.PersonId, r.VenueId, r.At, r.Note, r.CaseId, r.ReceivedAt, r.Status,
        r.ResolvedAt, r.ResolvedBy, r.ResolvedCaseId, r.ResolvedPersonId, r.Reason);
}

/// <summary>
/// The body of <c>POST /api/self-reports/{reportId}/confirm</c>: the case and person it is confirmed for (each
/// defaults to the report's own), the setting of the contact (default <c>other</c>) and when it ended.
/// </summary>
public sealed record class SelfReportConfirmation(string? CaseId, string? PersonId, string? Setting, string? Until);

/// <summary>The body of <c>POST /api/self-reports/{reportId}/dismiss</c>.</summary>
public sealed record class SelfReportDismissal(string? Reason);

/// <summary>A venue's disinfection and closure task as the API shows it.</summary>
public sealed record class VenueActionView(
    string VenueId,
    string CaseId,
    string Kind,
    string Status,
    DateTimeOffset RaisedAt,
    DateTimeOffset VisitedFrom,
    DateTimeOffset VisitedUntil,
    DateTimeOffset? ClosedAt,
    string? ClosedBy,
    DateTimeOffset? ReopenedAt,
    string? ReopenedBy)
{
    public static VenueActionView Of(VenueAction a) => new(a.VenueId, a.CaseId, VenueAction.DisinfectionClosure, a.Status, a.RaisedAt, a.VisitedFrom,
        a.VisitedUntil, a.ClosedAt, a.ClosedBy, a.ReopenedAt, a.ReopenedBy);
}

/// <summary>The optional body of closing or reopening a venue: when (default now) and by whom (a team's name; the key is recorded too).</summary>
public sealed record class VenueActionInput(string? At, string? By);
