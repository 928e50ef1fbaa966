namespace ContactTrace.Storage;

/// <summary>
/// The embedded default's twin of <see cref="PostgresPlacementStore"/>, over <see cref="InMemoryDatabase"/>: the
/// same placement and lifecycle (<see cref="AssignmentLifecycle"/>) under the database's one lock.
/// </summary>
public sealed class InMemoryPlacementStore(InMemoryDatabase db) : IPlacementStore
{
    public Task<IReadOnlyList<string>> PlaceAsync(string hotelId, IReadOnlyList<string> assignmentIds, CancellationToken cancellationToken = default)
    {
        lock (db.Gate)
        {
            var capacity = db.Registry.Hotels.TryGetValue(hotelId, out var hotel) ? hotel.Capacity : 0;
            var placed = AssignmentLifecycle.Place(hotelId, capacity, db.Occupied(hotelId),
                assignmentIds.Distinct(StringComparer.Ordinal).Select(id => db.Assignments.GetValueOrDefault(id)).OfType<AssignmentRecord>(), DateTimeOffset.UtcNow);
            foreach (var transition in placed)
            {
                db.Commit(transition);
            }

            return Task.FromResult<IReadOnlyList<string>>([.. placed.Select(t => t.After.Assignment.AssignmentId)]);
        }
    }

    public Task<HotelOccupancy> GetOccupancyAsync(string hotelId, CancellationToken cancellationToken = default)
    {
        lock (db.Gate)
        {
            var district = db.Registry.Hotels.TryGetValue(hotelId, out var hotel) ? hotel.District : null;
            var awaiting = db.Assignments.Values.Select(r => r.Assignment).Count(a => a.Status == AssignmentStatuses.AwaitingCapacity
                && db.Registry.Persons.TryGetValue(a.PersonId, out var p) && p.District == district);
            return Task.FromResult(new HotelOccupancy(db.Occupied(hotelId), awaiting));
        }
    }

    public Task<IReadOnlyList<HotelAvailability>> GetAvailabilityAsync(CancellationToken cancellationToken = default)
    {
        lock (db.Gate)
        {
            IReadOnlyList<HotelAvailability> hotels = [.. db.Registry.Hotels
                .OrderBy(h => h.Key, StringComparer.Ordinal)
                .Select(h => new HotelAvailability(h.Key, h.Value.District, h.Value.Capacity - db.Occupied(h.Key)))];
            return Task.FromResult(hotels);
        }
    }

    public Task<IReadOnlyList<AwaitingPlacement>> GetAwaitingAsync(int limit, CancellationToken cancellationToken = default)
    {
        lock (db.Gate)
        {
            IReadOnlyList<AwaitingPlacement> awaiting = [.. db.Assignments.Values
                .Where(r => r.Assignment.Status == AssignmentStatuses.AwaitingCapacity)
                .Select(r => (Record: r, Person: db.Registry.Persons.GetValueOrDefault(r.Assignment.PersonId)))
                .Select(x => new AwaitingPlacement(x.Record.Assignment.AssignmentId, x.Record.Assignment.PersonId, x.Person?.District, x.Person?.HouseholdId, x.Record.QueuedAt))
                .OrderBy(a => a.QueuedAt).ThenBy(a => a.AssignmentId, StringComparer.Ordinal)
                .Take(limit)];
            return Task.FromResult(awaiting);
        }
    }

    public Task<Assignment?> GetAssignmentAsync(string assignmentId, CancellationToken cancellationToken = default)
    {
        lock (db.Gate)
        {
            return Task.FromResult(db.Assignments.GetValueOrDefault(assignmentId)?.Assignment);
        }
    }

    public Task<LifecycleOutcome> CheckInAsync(string hotelId, string assignmentId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        StepAsync(current => AssignmentLifecycle.CheckIn(current, hotelId, at, DateTimeOffset.UtcNow), assignmentId);

    public Task<LifecycleOutcome> CheckOutAsync(string hotelId, string assignmentId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        StepAsync(current => AssignmentLifecycle.CheckOut(current, hotelId, at, DateTimeOffset.UtcNow), assignmentId);

    public Task<int> ReleaseEndedAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (db.Gate)
        {
            var released = db.Assignments.Values.Select(r => AssignmentLifecycle.Release(r, now, DateTimeOffset.UtcNow)).OfType<AssignmentTransition>().ToList();
            foreach (var transition in released)
            {
                db.Commit(transition);
            }

            return Task.FromResult(released.Count);
        }
    }

    private Task<LifecycleOutcome> StepAsync(Func<AssignmentRecord?, LifecycleStep> rule, string assignmentId)
    {
        lock (db.Gate)
        {
            var step = rule(db.Assignments.GetValueOrDefault(assignmentId));
            db.Commit(step.Transition);
            return Task.FromResult(step.Outcome);
        }
    }
}
