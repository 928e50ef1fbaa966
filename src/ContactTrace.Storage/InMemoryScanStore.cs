using ContactTrace.Scans;

namespace ContactTrace.Storage;

/// <summary>The embedded default's scan log: the same contract as <see cref="PostgresScanStore"/> (a scan id once per retention period), in this process only.</summary>
public sealed class InMemoryScanStore : IScanStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Scan> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Scan>> _byVenue = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Scan>> _byPerson = new(StringComparer.Ordinal);

    public Task<IReadOnlyList<int>> InsertAsync(IReadOnlyList<Scan> scans, CancellationToken cancellationToken = default)
    {
        var inserted = new List<int>();
        lock (_gate)
        {
            for (var i = 0; i < scans.Count; i++)
            {
                var scan = scans[i];
                if (_byId.TryAdd(scan.ScanId, scan))
                {
                    Bucket(_byVenue, scan.VenueId).Add(scan);
                    Bucket(_byPerson, scan.PersonId).Add(scan);
                    inserted.Add(i);
                }
            }
        }

        return Task.FromResult<IReadOnlyList<int>>(inserted);
    }

    public Task<IReadOnlyList<Visit>> ReadVenueVisitsAsync(string venueId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<Visit> visits = _byVenue.TryGetValue(venueId, out var scans)
                ? [.. scans.Where(s => s.ScannedAt >= from && s.ScannedAt < to).OrderBy(s => s.ScannedAt).Select(s => new Visit(s.PersonId, s.ScannedAt, s.LeftAt))]
                : [];
            return Task.FromResult(visits);
        }
    }

    /// <summary>The scans at a venue that started in <c>[from, to)</c>, with their ids, for <see cref="InMemoryTracingQueries"/>.</summary>
    internal IReadOnlyList<Scan> ReadVenueScans(string venueId, DateTimeOffset from, DateTimeOffset to)
    {
        lock (_gate)
        {
            return _byVenue.TryGetValue(venueId, out var scans) ? [.. scans.Where(s => s.ScannedAt >= from && s.ScannedAt < to)] : [];
        }
    }

    public Task<IReadOnlyList<Scan>> ReadPersonScansAsync(IReadOnlyCollection<string> personIds, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<Scan> found = [.. personIds
                .SelectMany(p => _byPerson.TryGetValue(p, out var scans) ? scans : [])
                .Where(s => s.ScannedAt >= from && s.ScannedAt < to)];
            return Task.FromResult(found);
        }
    }

    public Task<int> PurgeBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var expired = _byId.Values.Where(s => s.ScannedAt < cutoff).ToList();
            foreach (var scan in expired)
            {
                _byId.Remove(scan.ScanId);
                _byVenue[scan.VenueId].Remove(scan);
                _byPerson[scan.PersonId].Remove(scan);
            }

            return Task.FromResult(expired.Count);
        }
    }

    private static List<Scan> Bucket(Dictionary<string, List<Scan>> buckets, string key)
    {
        if (!buckets.TryGetValue(key, out var bucket))
        {
            buckets[key] = bucket = [];
        }

        return bucket;
    }
}
