using ContactTrace.Hotels;
using ContactTrace.Tracing;

namespace ContactTrace.Storage;

/// <summary>The embedded default's hotels: the same placement, lifecycle and feed rules as <see cref="PostgresHotelStore"/>.</summary>
public sealed partial class InMemoryTraceStore : IHotelStore
{
    private readonly Dictionary<string, List<FeedItem>> _feeds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HotelWebhook> _webhooks = new(StringComparer.Ordinal);

    public Task<IReadOnlyList<string>> PlaceAsync(string hotelId, IReadOnlyList<string> assignmentIds, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var capacity = registry.Hotels.TryGetValue(hotelId, out var hotel) ? hotel.Capacity : 0;
            var placed = AssignmentLifecycle.Place(hotelId, capacity, Occupied(hotelId),
                assignmentIds.Distinct(StringComparer.Ordinal).Select(id => _assignments.GetValueOrDefault(id)).OfType<AssignmentRecord>(), DateTimeOffset.UtcNow);
            foreach (var transition in placed)
            {
                Commit(transition);
            }

            return Task.FromResult<IReadOnlyList<string>>([.. placed.Select(t => t.After.Assignment.AssignmentId)]);
        }
    }

    public Task<HotelOccupancy> GetOccupancyAsync(string hotelId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var district = registry.Hotels.TryGetValue(hotelId, out var hotel) ? hotel.District : null;
            var awaiting = _assignments.Values.Select(r => r.Assignment).Count(a => a.Status == AssignmentStatuses.AwaitingCapacity
                && registry.Persons.TryGetValue(a.PersonId, out var p) && p.District == district);
            return Task.FromResult(new HotelOccupancy(Occupied(hotelId), awaiting));
        }
    }

    public Task<IReadOnlyList<HotelAvailability>> GetAvailabilityAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<HotelAvailability> hotels = [.. registry.Hotels
                .OrderBy(h => h.Key, StringComparer.Ordinal)
                .Select(h => new HotelAvailability(h.Key, h.Value.District, h.Value.Capacity - Occupied(h.Key)))];
            return Task.FromResult(hotels);
        }
    }

    public Task<IReadOnlyList<AwaitingPlacement>> GetAwaitingAsync(int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<AwaitingPlacement> awaiting = [.. _assignments.Values
                .Where(r => r.Assignment.Status == AssignmentStatuses.AwaitingCapacity)
                .Select(r => (Record: r, Person: registry.Persons.GetValueOrDefault(r.Assignment.PersonId)))
                .Select(x => new AwaitingPlacement(x.Record.Assignment.AssignmentId, x.Record.Assignment.PersonId, x.Person?.District, x.Person?.HouseholdId, x.Record.QueuedAt))
                .OrderBy(a => a.QueuedAt).ThenBy(a => a.AssignmentId, StringComparer.Ordinal)
                .Take(limit)];
            return Task.FromResult(awaiting);
        }
    }

    public Task<Assignment?> GetAssignmentAsync(string assignmentId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_assignments.GetValueOrDefault(assignmentId)?.Assignment);
        }
    }

    public Task<int> ReleaseEndedAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var released = _assignments.Values.Select(r => AssignmentLifecycle.Release(r, now, DateTimeOffset.UtcNow)).OfType<AssignmentTransition>().ToList();
            foreach (var transition in released)
            {
                Commit(transition);
            }

            return Task.FromResult(released.Count);
        }
    }

    public Task<IReadOnlyList<FeedItem>> ReadFeedAsync(string hotelId, long after, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<FeedItem> items = _feeds.TryGetValue(hotelId, out var feed) ? [.. feed.Where(i => i.Cursor > after).Take(limit)] : [];
            return Task.FromResult(items);
        }
    }

    // A new assignment (none is at a hotel yet), as the trace inserts it.
    private void Insert(AssignmentRecord record)
    {
        _assignments.Add(record.Assignment.AssignmentId, record);
        IndexOf(_assignmentsByPerson, record.Assignment.PersonId).Add(record.Assignment.AssignmentId);
    }

    // A change the lifecycle made; at a hotel it is the next item of the hotel's feed.
    private void Commit(AssignmentTransition? transition)
    {
        if (transition is null)
        {
            return;
        }

        var a = transition.After.Assignment;
        _assignments[a.AssignmentId] = transition.After;
        if (transition.FeedHotelId is not { } hotelId)
        {
            return;
        }

        if (!_feeds.TryGetValue(hotelId, out var feed))
        {
            _feeds[hotelId] = feed = [];
        }

        feed.Add(new FeedItem(feed.Count + 1, a.AssignmentId, a.PersonId, a.CaseId, a.Kind, a.Status, a.Start, a.End, DateTimeOffset.UtcNow, transition.Reason));
        FeedAppended?.Invoke(hotelId);
    }

    /// <summary>Raised (under the store's lock) when a hotel's feed grows; the in-process twin of PostgreSQL's NOTIFY.</summary>
    public event Action<string>? FeedAppended;

    private int Occupied(string hotelId) => _assignments.Values.Count(r => r.Assignment.HotelId == hotelId && r.TakesRoom);
}
