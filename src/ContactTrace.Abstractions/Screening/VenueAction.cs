namespace ContactTrace.Screening;

/// <summary>
/// The task a case's visit raises at a venue: terminal disinfection and temporary closure (终末消毒和封闭管理).
/// It starts <c>pending</c>; a tracer records who closed the venue and when (<c>closed</c>), and when it reopened
/// (<c>reopened</c>). The visited span is the case's first to last presence there within its window.
/// </summary>
public sealed record class VenueAction(
    string VenueId,
    string CaseId,
    string Status,
    DateTimeOffset RaisedAt,
    DateTimeOffset VisitedFrom,
    DateTimeOffset VisitedUntil,
    DateTimeOffset? ClosedAt,
    string? ClosedBy,
    DateTimeOffset? ReopenedAt,
    string? ReopenedBy)
{
    public const string DisinfectionClosure = "disinfection-closure";
}

public static class VenueActionStatuses
{
    public const string Pending = "pending";
    public const string Closed = "closed";
    public const string Reopened = "reopened";
}

/// <summary>A venue a case visited within its window: its first presence there to its last.</summary>
public sealed record class VisitedVenue(string VenueId, DateTimeOffset From, DateTimeOffset Until);

/// <summary>A venue action's lifecycle as pure code: <c>pending → closed → reopened</c>, and closed again after a reopening.</summary>
public static class VenueActionRules
{
    public static (LifecycleOutcome Outcome, VenueAction Action) Close(VenueAction action, DateTimeOffset at, string by) => action.Status switch
    {
        VenueActionStatuses.Closed => (LifecycleOutcome.AlreadyDone, action),
        _ => (LifecycleOutcome.Done, action with { Status = VenueActionStatuses.Closed, ClosedAt = at, ClosedBy = by, ReopenedAt = null, ReopenedBy = null }),
    };

    public static (LifecycleOutcome Outcome, VenueAction Action) Reopen(VenueAction action, DateTimeOffset at, string by) => action.Status switch
    {
        VenueActionStatuses.Reopened => (LifecycleOutcome.AlreadyDone, action),
        VenueActionStatuses.Closed when at >= action.ClosedAt => (LifecycleOutcome.Done, action with { Status = VenueActionStatuses.Reopened, ReopenedAt = at, ReopenedBy = by }),
        _ => (LifecycleOutcome.InvalidState, action),
    };

    /// <summary>The action a visit raises, or the one raised before with the visited span widened to include it.</summary>
    public static VenueAction Raise(VenueAction? existing, string caseId, VisitedVenue visit, DateTimeOffset raisedAt) => existing is null
        ? new VenueAction(visit.VenueId, caseId, VenueActionStatuses.Pending, raisedAt, visit.From, visit.Until, null, null, null, null)
        : existing with
        {
            VisitedFrom = visit.From < existing.VisitedFrom ? visit.From : existing.VisitedFrom,
            VisitedUntil = visit.Until > existing.VisitedUntil ? visit.Until : existing.VisitedUntil,
        };
}
