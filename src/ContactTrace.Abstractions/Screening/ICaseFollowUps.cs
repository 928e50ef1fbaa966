namespace ContactTrace.Screening;

/// <summary>
/// Cases whose report or completed trace has consequences outside the trace — the zone their compound gets, the
/// tasks at the venues they visited — queued durably as the case is stored (PostgreSQL: a trigger on the cases
/// table; the embedded twin: the case store's changes) and taken off once those are done.
/// </summary>
public interface ICaseFollowUps
{
    /// <summary>Up to <paramref name="limit"/> queued cases, oldest first, each with what its follow-up needs to know.</summary>
    Task<IReadOnlyList<CaseFollowUp>> PeekAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>The scans of each case's person inside the case's window, in one read for the whole batch.</summary>
    Task<IReadOnlyList<(string CaseId, Scan Scan)>> ReadVisitsAsync(IReadOnlyList<CaseFollowUp> cases, CancellationToken cancellationToken = default);

    /// <summary>Takes these off the queue, unless a case was queued again since it was read.</summary>
    Task CompleteAsync(IReadOnlyList<CaseFollowUp> done, CancellationToken cancellationToken = default);
}

/// <summary>
/// A queued case as stored: its person, district, report and window, and the person's compound. <see cref="Version"/>
/// grows each time it is queued again; <see cref="Reported"/> says the case was queued as reported (not only as
/// traced again), which is when it proposes a zone. <see cref="Stored"/> is false for a queued id whose case row is gone.
/// </summary>
public sealed record class CaseFollowUp(
    string CaseId,
    long Version,
    bool Reported,
    bool Stored,
    string PersonId,
    string District,
    DateTimeOffset ReportedAt,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    string? CompoundId,
    bool Withdrawn);
