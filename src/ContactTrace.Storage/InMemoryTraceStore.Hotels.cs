using ContactTrace.Hotels;
using ContactTrace.Tracing;

namespace ContactTrace.Storage;

/// <summary>The embedded default's hotels: the same placement, lifecycle and feed rules as <see cref="PostgresHotelStore"/>.</summary>
public sealed partial class InMemoryTraceStore : IHotelStore
{
    private readonly Dictionary<string, List<FeedItem>> _feeds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (DateTimeOffset? In, DateTimeOffset? Out)> _stays = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HotelWebhook> _webhooks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _queuedAt = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AssignmentTimes> _times = new(StringComparer.Ordinal);

    public Task<IReadOnlyList<string>> PlaceAsync(string hotelId, IReadOnlyList<string> assignmentIds, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var free = registry.Hotels.TryGetValue(hotelId, out var hotel) ? hotel.Capacity - Occupied(hotelId) : 0;
            IReadOnlyList<string> placed = [.. assignmentIds
                .Where(id => _assignments.TryGetValue(id, out var a) && a.Status == AssignmentStatuses.AwaitingCapacity && a.Kind == AssignmentKinds.CentralizedIsolation)
                .Take(Math.Max(free, 0))];
            foreach (var id in placed)
            {
                Put(_assignments[id] with { HotelId = hotelId, Status = AssignmentStatuses.Assigned });
            }

            return Task.FromResult(placed);
        }
    }

    public Task<HotelOccupancy> GetOccupancyAsync(string hotelId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var district = registry.Hotels.TryGetValue(hotelId, out var hotel) ? hotel.District : null;
            var awaiting = _assignments.Values.Count(a => a.Status == AssignmentStatuses.AwaitingCapacity
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
                .Where(a => a.Status == AssignmentStatuses.AwaitingCapacity)
                .Select(a => (Assignment: a, Person: registry.Persons.GetValueOrDefault(a.PersonId)))
                .Select(x => new AwaitingPlacement(x.Assignment.AssignmentId, x.Assignment.PersonId, x.Person?.District, x.Person?.HouseholdId, _queuedAt[x.Assignment.AssignmentId]))
                .OrderBy(a => a.QueuedAt).ThenBy(a => a.AssignmentId, StringComparer.Ordinal)
                .Take(limit)];
            return Task.FromResult(awaiting);
        }
    }

    public Task<Assignment?> GetAssignmentAsync(string assignmentId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_assignments.GetValueOrDefault(assignmentId));
        }
    }

    public Task<int> ReleaseEndedAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var ended = _assignments.Values
                .Where(a => a.End <= now && a.Status is AssignmentStatuses.Assigned or AssignmentStatuses.CheckedIn or AssignmentStatuses.AwaitingCapacity)
                .ToList();
            foreach (var assignment in ended)
            {
                if (assignment.HotelId is not null)
                {
                    _stays[assignment.AssignmentId] = (_stays.GetValueOrDefault(assignment.AssignmentId).In, _stays.GetValueOrDefault(assignment.AssignmentId).Out ?? now);
                }

                Put(assignment with { Status = AssignmentStatuses.Released });
            }

            return Task.FromResult(ended.Count);
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

    // Every change of an assignment at a hotel is the next item of that hotel's feed, as the database trigger does;
    // when it was created, placed and ended is stamped as the database's trigger stamps it.
    private void Put(Assignment assignment, string? reason = null)
    {
        var previous = _assignments.GetValueOrDefault(assignment.AssignmentId);
        _assignments[assignment.AssignmentId] = assignment;
        if (previous is null)
        {
            IndexOf(_assignmentsByPerson, assignment.PersonId).Add(assignment.AssignmentId);
        }

        var now = DateTimeOffset.UtcNow;
        _queuedAt.TryAdd(assignment.AssignmentId, now);
        var times = _times.GetValueOrDefault(assignment.AssignmentId) ?? new AssignmentTimes(now, null, null);
        _times[assignment.AssignmentId] = times with
        {
            Placed = times.Placed ?? (assignment.HotelId is null ? null : now),
            Ended = times.Ended ?? (AssignmentStatuses.IsActive(assignment.Status) ? null : now),
        };
        var moved = previous is not null && (previous.Start, previous.End) != (assignment.Start, assignment.End);
        if (assignment.HotelId is { } hotelId && (previous is null || previous.Status != assignment.Status || previous.HotelId != assignment.HotelId || moved))
        {
            AppendFeed(hotelId, assignment, moved ? reason : null);
        }
    }

    private void AppendFeed(string hotelId, Assignment a, string? reason = null)
    {
        if (!_feeds.TryGetValue(hotelId, out var feed))
        {
            _feeds[hotelId] = feed = [];
        }

        feed.Add(new FeedItem(feed.Count + 1, a.AssignmentId, a.PersonId, a.CaseId, a.Kind, a.Status, a.Start, a.End, DateTimeOffset.UtcNow, reason));
        FeedAppended?.Invoke(hotelId);
    }

    /// <summary>Raised (under the store's lock) when a hotel's feed grows; the in-process twin of PostgreSQL's NOTIFY.</summary>
    public event Action<string>? FeedAppended;

    private int Occupied(string hotelId) => _assignments.Values.Count(a => a.HotelId == hotelId && TakesRoom(a));

    private bool TakesRoom(Assignment a) =>
        a.Status is AssignmentStatuses.Assigned or AssignmentStatuses.CheckedIn
        || (a.Status == AssignmentStatuses.ConvertedToCase && _stays.TryGetValue(a.AssignmentId, out var stay) && stay.In is not null && stay.Out is null);

    private sealed record class AssignmentTimes(DateTimeOffset Created, DateTimeOffset? Placed, DateTimeOffset? Ended)
    {
        public bool RunningAt(DateTimeOffset at) => Ended is null || Ended >= at;
    }
}
