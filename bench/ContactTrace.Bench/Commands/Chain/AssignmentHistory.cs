using ContactTrace.Bench.Loading;
using ContactTrace.Hotels;
using ContactTrace.Policy;
using ContactTrace.Tracing;

namespace ContactTrace.Bench.Commands.Chain;

/// <summary>
/// What the host does to one planned assignment between its trace and the load, replayed in time order through the
/// host's own lifecycle rule (<see cref="AssignmentLifecycle"/>), so that a bulk-loaded row carries the status,
/// stay, stamps and feed items the host writes:
/// <list type="bullet">
/// <item>the trace inserts it (ManagementRows.InsertAssignmentsAsync): created_at = queued_at = updated_at =
/// the trace's time, in its initial status;</item>
/// <item>the allocator, kicked by the trace, places centralized isolation at the hotel of the person's district
/// <see cref="PlacementDelay"/> later;</item>
/// <item>the hotel checks the person in 30 minutes to 6 hours after placement;</item>
/// <item>should the person be reported as a case, every running measure ends <c>converted-to-case</c>
/// (ManagementRules.BecomeCase), and a person in a room is checked out <see cref="TransferDelay"/> later;</item>
/// <item>the lifecycle timer releases what is still running when it ends (its one-minute tick is taken as the end itself).</item>
/// </list>
/// Nothing after <c>now</c> happens. Every change at a hotel is also a feed item, as the host's store appends it.
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

        var record = AssignmentLifecycle.Create(planned, tracedAt);
        var updated = tracedAt;
        var feed = new List<HostFeedItem>();
        // Ties go in Step order: a measure that ends as the person arrives is released, not checked in.
        foreach (var (at, step) in steps.Where(s => s.At <= now).OrderBy(s => s.At).ThenBy(s => s.Step))
        {
            var change = step switch
            {
                Step.Place => AssignmentLifecycle.Place(record, hotelId, at),
                Step.CheckIn => AssignmentLifecycle.CheckIn(record, hotelId, at, at).Transition,
                Step.BecomeCase => AssignmentLifecycle.End(record, AssignmentStatuses.ConvertedToCase, at),
                Step.Transfer => AssignmentLifecycle.CheckOut(record, hotelId, at, at).Transition,
                _ => AssignmentLifecycle.Release(record, at, at),
            };
            if (change is null)
            {
                continue;
            }

            (record, updated) = (change.After, at);
            if (change.FeedHotelId is { } hotel)
            {
                feed.Add(new HostFeedItem(record.Assignment, hotel, at));
            }
        }

        return new HostAssignment(record, updated, feed);
    }

    // Deterministic per assignment, whole minutes: 30 minutes to 6 hours after placement.
    private static TimeSpan CheckInDelay(string assignmentId) =>
        TimeSpan.FromMinutes(30 + (int)(unchecked((ulong)HostKeys.Of(assignmentId)) % 331));
}
