namespace ContactTrace.Hotels;

/// <summary>
/// An assignment's lifecycle as pure rules, the one place they are written: <c>awaiting-capacity → assigned →
/// checked-in → released</c>, or <c>→ converted-to-case</c>, or <c>→ superseded</c>; which assignments take a room
/// and when it frees; when a change stamps <see cref="AssignmentRecord.PlacedAt"/> and
/// <see cref="AssignmentRecord.EndedAt"/>; and that every change at a hotel is an item of its feed. Both stores and
/// the benchmark's loader call these; the stores add only the locking (PostgreSQL: the hotel's row and the
/// assignments' rows) and the numbering of the feed.
/// </summary>
public static class AssignmentLifecycle
{
    /// <summary>The statuses of an assignment still running: the person is, or is about to be, under the measure.</summary>
    public static readonly ImmutableArray<string> RunningStatuses =
        [AssignmentStatuses.Assigned, AssignmentStatuses.AwaitingCapacity, AssignmentStatuses.CheckedIn];

    public static bool IsActive(string status) => status is AssignmentStatuses.Assigned or AssignmentStatuses.AwaitingCapacity or AssignmentStatuses.CheckedIn;

    /// <summary>A new measure waits for a room when it needs one (centralized isolation); any other starts assigned.</summary>
    public static string InitialStatus(string kind) =>
        kind == AssignmentKinds.CentralizedIsolation ? AssignmentStatuses.AwaitingCapacity : AssignmentStatuses.Assigned;

    /// <summary>
    /// A room is taken by an assignment at the hotel that is assigned or checked in, or that converted to a case
    /// after check-in and has not been checked out yet: the room frees on check-out, release, or when it is superseded.
    /// </summary>
    public static bool TakesRoom(AssignmentRecord record) =>
        record.Assignment.HotelId is not null
        && (record.Assignment.Status is AssignmentStatuses.Assigned or AssignmentStatuses.CheckedIn
            || (record.Assignment.Status == AssignmentStatuses.ConvertedToCase && record.CheckedInAt is not null && record.CheckedOutAt is null));

    /// <summary>A new assignment as a trace writes it, created (and queued for a room) at <paramref name="at"/>.</summary>
    public static AssignmentRecord Create(Assignment planned, DateTimeOffset at, DateTimeOffset? queuedAt = null) =>
        new(planned, at, queuedAt ?? at);

    /// <summary>
    /// Places the waiting centralized isolations among <paramref name="candidates"/>, in their order, in the hotel's
    /// free rooms (its capacity less the rooms <paramref name="taken"/>); what is not waiting is passed over.
    /// </summary>
    public static IReadOnlyList<AssignmentTransition> Place(
        string hotelId, int capacity, int taken, IEnumerable<AssignmentRecord> candidates, DateTimeOffset now) =>
        [.. candidates.Select(c => Place(c, hotelId, now)).OfType<AssignmentTransition>().Take(Math.Max(capacity - taken, 0))];

    /// <summary>One waiting centralized isolation gets a room at the hotel; <c>null</c> when it is not waiting for one.</summary>
    public static AssignmentTransition? Place(AssignmentRecord record, string hotelId, DateTimeOffset now) =>
        record.Assignment is { Status: AssignmentStatuses.AwaitingCapacity, Kind: AssignmentKinds.CentralizedIsolation }
            ? Change(record, record with { Assignment = record.Assignment with { HotelId = hotelId, Status = AssignmentStatuses.Assigned } }, now)
            : null;

    /// <summary>
    /// The guest arrives: only an assignment placed at this hotel and not yet checked in, and not before the exposure
    /// the isolation counts from (<see cref="LifecycleOutcome.BeforeStart"/>: a person is not sent to a hotel before
    /// being exposed). A check-in entered after the fact states the arrival, and the isolation — so the window over
    /// which the guest's own contacts are sought — counts from it.
    /// </summary>
    public static LifecycleStep CheckIn(AssignmentRecord? record, string hotelId, DateTimeOffset at, DateTimeOffset now)
    {
        var step = Step(record, hotelId, now,
            r => r.Assignment.Status == AssignmentStatuses.Assigned,
            r => r.Assignment.Status == AssignmentStatuses.CheckedIn,
            r => r with { Assignment = r.Assignment with { Status = AssignmentStatuses.CheckedIn }, CheckedInAt = at });
        return step.Outcome == LifecycleOutcome.Done && at < record!.Assignment.Start ? new(LifecycleOutcome.BeforeStart, null) : step;
    }

    /// <summary>
    /// The guest leaves. Only a guest who checked in can check out (an assigned person who never arrived is refused:
    /// their room and their isolation stay as they are), and not before they arrived (a stated departure before the
    /// check-in is <see cref="LifecycleOutcome.BeforeArrival"/>). A converted person's room frees on check-out, so
    /// check-out applies to them too; their status stays converted.
    /// </summary>
    public static LifecycleStep CheckOut(AssignmentRecord? record, string hotelId, DateTimeOffset at, DateTimeOffset now)
    {
        var step = Step(record, hotelId, now,
            r => r.CheckedOutAt is null
                && (r.Assignment.Status == AssignmentStatuses.CheckedIn || (r.Assignment.Status == AssignmentStatuses.ConvertedToCase && r.CheckedInAt is not null)),
            r => r.Assignment.Status is AssignmentStatuses.Released or AssignmentStatuses.ConvertedToCase,
            r => r with
            {
                Assignment = r.Assignment.Status == AssignmentStatuses.ConvertedToCase ? r.Assignment : r.Assignment with { Status = AssignmentStatuses.Released },
                CheckedOutAt = at,
            });
        return step.Outcome == LifecycleOutcome.Done && at < record!.CheckedInAt ? new(LifecycleOutcome.BeforeArrival, null) : step;
    }

    /// <summary>A running measure whose period ended by <paramref name="at"/> is released; a guest at a hotel is checked out then.</summary>
    public static AssignmentTransition? Release(AssignmentRecord record, DateTimeOffset at, DateTimeOffset now) =>
        IsActive(record.Assignment.Status) && record.Assignment.End <= at
            ? Change(record, record with
            {
                Assignment = record.Assignment with { Status = AssignmentStatuses.Released },
                CheckedOutAt = record.Assignment.HotelId is null ? record.CheckedOutAt : record.CheckedOutAt ?? at,
            }, now)
            : null;

    /// <summary>
    /// A running measure ends because the person's management changed (<see cref="ManagementChange.Ended"/>):
    /// superseded, converted to a case, or released by a withdrawal. A converted guest keeps the room until check-out.
    /// </summary>
    public static AssignmentTransition? End(AssignmentRecord record, string status, DateTimeOffset now) =>
        IsActive(record.Assignment.Status) && record.Assignment.Status != status
            ? Change(record, record with { Assignment = record.Assignment with { Status = status } }, now)
            : null;

    /// <summary>A running measure continues with a new period (<see cref="ManagementChange.Extended"/>): same id, hotel and status.</summary>
    public static AssignmentTransition? Extend(AssignmentRecord record, DateTimeOffset start, DateTimeOffset end, string reason, DateTimeOffset now) =>
        (record.Assignment.Start, record.Assignment.End) != (start, end)
            ? Change(record, record with { Assignment = record.Assignment with { Start = start, End = end } }, now, reason)
            : null;

    // When it got its room and when it stopped running are stamped by the change that did it, once.
    private static AssignmentTransition Change(AssignmentRecord before, AssignmentRecord after, DateTimeOffset now, string? reason = null) =>
        new(before, after with
        {
            PlacedAt = after.PlacedAt ?? (after.Assignment.HotelId is null ? null : now),
            EndedAt = after.EndedAt ?? (IsActive(after.Assignment.Status) ? null : now),
        }, reason);

    private static LifecycleStep Step(
        AssignmentRecord? record, string hotelId, DateTimeOffset now,
        Func<AssignmentRecord, bool> allowed, Func<AssignmentRecord, bool> alreadyDone, Func<AssignmentRecord, AssignmentRecord> apply) =>
        record switch
        {
            null => new(LifecycleOutcome.NotFound, null),
            { Assignment.HotelId: var hotel } when hotel != hotelId => new(LifecycleOutcome.NotAtThisHotel, null),
            var r when allowed(r) => new(LifecycleOutcome.Done, Change(r, apply(r), now)),
            var r when alreadyDone(r) => new(LifecycleOutcome.AlreadyDone, null),
            _ => new(LifecycleOutcome.InvalidState, null),
        };
}

/// <summary>
/// An assignment as stored: the measure, when it was created and queued for a room, the guest's stay at the hotel,
/// and when it got its room (<see cref="PlacedAt"/>) and stopped running (<see cref="EndedAt"/>), so that a bulletin
/// for a past moment counts it as it stood then.
/// </summary>
public sealed record class AssignmentRecord(
    Assignment Assignment,
    DateTimeOffset CreatedAt,
    DateTimeOffset QueuedAt,
    DateTimeOffset? CheckedInAt = null,
    DateTimeOffset? CheckedOutAt = null,
    DateTimeOffset? PlacedAt = null,
    DateTimeOffset? EndedAt = null)
{
    public bool TakesRoom => AssignmentLifecycle.TakesRoom(this);

    /// <summary>Still running at <paramref name="at"/> (ended then or later, or not at all).</summary>
    public bool RunningAt(DateTimeOffset at) => EndedAt is null || EndedAt >= at;
}

/// <summary>
/// One change of an assignment: before and after, and why when it is not a step of the lifecycle (an extension).
/// Every change of an assignment at a hotel is the next item of that hotel's feed.
/// </summary>
public sealed record class AssignmentTransition(AssignmentRecord Before, AssignmentRecord After, string? Reason = null)
{
    /// <summary>The hotel whose feed gets this change, if any.</summary>
    public string? FeedHotelId => After.Assignment.HotelId;
}

/// <summary>What a hotel's check-in or check-out did, and the change when it did one.</summary>
public sealed record class LifecycleStep(LifecycleOutcome Outcome, AssignmentTransition? Transition);
