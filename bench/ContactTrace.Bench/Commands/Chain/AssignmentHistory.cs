using ContactTrace.Bench.Loading;
using ContactTrace.Policy;
using ContactTrace.Tracing;

namespace ContactTrace.Bench.Commands.Chain;

/// <summary>
/// What the host does to one planned assignment between its trace and the load, replayed in time order with the
/// host's own guards, so that a bulk-loaded row carries the timestamps the host writes:
/// <list type="bullet">
/// <item>the trace inserts it (PostgresTraceStore.InsertAssignmentsAsync): created_at = queued_at = updated_at =
/// the trace's time, centralized isolation <c>awaiting-capacity</c> without a hotel, anything else <c>assigned</c>;</item>
/// <item>the allocator, kicked by the trace, places centralized isolation at the hotel of the person's district
/// (hotel_place: <c>assigned</c>) <see cref="PlacementDelay"/> later;</item>
/// <item>the hotel checks the person in (<c>checked-in</c>, checked_in_at) 30 minutes to 6 hours after placement;</item>
/// <item>should the person be reported as a case, every running measure ends <c>converted-to-case</c>
/// (ManagementRules.BecomeCase), and a person in a room is checked out <see cref="TransferDelay"/> later;</item>
/// <item>the lifecycle timer releases what is still running when it ends (ReleaseEndedAsync: <c>released</c>,
/// checked_out_at at a hotel; its one-minute tick is taken as the end itself).</item>
/// <item>placed_at and ended_at are what the host's stamping trigger records: the placement, and the change that
/// ended the measure (conversion or release).</item>
/// </list>
/// Nothing after <c>now</c> happens. Every change at a hotel also gets a feed item, as the feed trigger makes.
/// </summary>
internal static class AssignmentHistory
{
    public static readonly TimeSpan PlacementDelay = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan TransferDelay = TimeSpan.FromHours(1);

    private enum Step
    {
        Place,
        Release,
        CheckIn,
        BecomeCase,
        Transfer,
    }

    public static HostAssignment Replay(Assignment planned, string hotelId, DateTimeOffset tracedAt, DateTimeOffset? becameCaseAt, DateTimeOffset now)
    {
        var placedAt = tracedAt + PlacementDelay;
        var steps = new List<(DateTimeOffset At, Step Step)> { (planned.End, Step.Release) };
        if (planned.Kind == AssignmentKinds.CentralizedIsolation)
        {
            steps.Add((placedAt, Step.Place));
            steps.Add((placedAt + CheckInDelay(planned.AssignmentId), Step.CheckIn));
        }

        if (becameCaseAt is { } b)
        {
            steps.Add((b, Step.BecomeCase));
            steps.Add((b + TransferDelay, Step.Transfer));
        }

        string? hotel = null;
        var status = planned.Status;
        DateTimeOffset? checkedIn = null, checkedOut = null, placed = null, ended = null;
        var updated = tracedAt;
        var feed = new List<HostFeedItem>();
        // Ties go in Step order: a measure that ends as the person arrives is released, not checked in.
        foreach (var (at, step) in steps.Where(s => s.At <= now).OrderBy(s => s.At).ThenBy(s => s.Step))
        {
            switch (step)
            {
                case Step.Place when status == AssignmentStatuses.AwaitingCapacity:
                    (hotel, status, placed) = (hotelId, AssignmentStatuses.Assigned, at);
                    break;
                case Step.CheckIn when status == AssignmentStatuses.Assigned && hotel is not null:
                    (status, checkedIn) = (AssignmentStatuses.CheckedIn, at);
                    break;
                case Step.BecomeCase when AssignmentStatuses.IsActive(status):
                    (status, ended) = (AssignmentStatuses.ConvertedToCase, at);
                    break;
                case Step.Transfer when status == AssignmentStatuses.ConvertedToCase && hotel is not null && checkedIn is not null && checkedOut is null:
                    checkedOut = at;
                    break;
                case Step.Release when AssignmentStatuses.IsActive(status):
                    (status, ended) = (AssignmentStatuses.Released, at);
                    checkedOut = hotel is null ? checkedOut : checkedOut ?? at;
                    break;
                default:
                    continue;
            }

            updated = at;
            if (hotel is not null)
            {
                feed.Add(new HostFeedItem(planned, hotel, status, at));
            }
        }

        return new HostAssignment(planned, hotel, status, checkedIn, checkedOut, tracedAt, tracedAt, updated, placed, ended, feed);
    }

    // Deterministic per assignment, whole minutes: 30 minutes to 6 hours after placement.
    private static TimeSpan CheckInDelay(string assignmentId) =>
        TimeSpan.FromMinutes(30 + (int)(unchecked((ulong)HostKeys.Of(assignmentId)) % 331));
}
