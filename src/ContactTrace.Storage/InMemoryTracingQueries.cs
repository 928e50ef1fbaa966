using ContactTrace.Hotels;
using ContactTrace.Queries;
using ContactTrace.Tracing;

namespace ContactTrace.Storage;

/// <summary>
/// The embedded default's twin of <see cref="PostgresTracingQueries"/>: the same filters, orders and cursors over
/// <see cref="InMemoryDatabase"/> and the in-memory registry and scans. Case changes are numbered here as the cases
/// table's sequence numbers them: each save the database announces is compared with what was last seen.
/// </summary>
public sealed class InMemoryTracingQueries : ITracingQueries
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, CaseChange> _latest = new(StringComparer.Ordinal);
    private readonly InMemoryDatabase _db;
    private readonly InMemoryManagementStore _managements;
    private readonly InMemoryPlacementStore _placements;
    private readonly InMemoryRegistryStore _registry;
    private readonly InMemoryScanStore _scans;
    private long _sequence;

    public InMemoryTracingQueries(InMemoryDatabase db, InMemoryRegistryStore registry, InMemoryScanStore scans)
    {
        (_db, _managements, _placements, _registry, _scans) = (db, new InMemoryManagementStore(db), new InMemoryPlacementStore(db), registry, scans);
        db.CasesChanged += () =>
        {
            Refresh();
            Changed?.Invoke();
        };
    }

    /// <summary>Raised after cases changed; the twin of PostgreSQL's <c>NOTIFY contacttrace_cases</c>.</summary>
    public event Action? Changed;

    public Task<IReadOnlyList<CaseRow>> ListCasesAsync(CaseFilter filter, ListKey? after, int limit, CancellationToken cancellationToken = default)
    {
        var unfinished = filter.WantsUnfinished;
        IReadOnlyList<CaseRow> page = [.. Refresh()
            .Select(c => c.Case)
            .Where(c => filter.District is null || c.District == filter.District)
            .Where(c => filter.Channel is null || c.DiscoveryChannel == filter.Channel)
            .Where(c => filter.Classification is null || c.Classification == filter.Classification)
            .Where(c => filter.ClusterId is null || c.ClusterId == filter.ClusterId)
            .Where(c => filter.Status switch
            {
                null => true,
                CaseFilter.Withdrawn => c.WithdrawnAt is not null,
                _ when unfinished => c.WithdrawnAt is null && c.Trace.Status != Cases.TraceStatus.Completed,
                _ => c.WithdrawnAt is null && c.Trace.Status == filter.Status,
            })
            .Where(c => (filter.From is null || c.ReportedAt >= filter.From) && (filter.To is null || c.ReportedAt < filter.To))
            .Where(c => after is not { } key || c.ReportedAt < key.At || (c.ReportedAt == key.At && string.CompareOrdinal(c.CaseId, key.Id) < 0))
            .OrderByDescending(c => c.ReportedAt).ThenByDescending(c => c.CaseId, StringComparer.Ordinal)
            .Take(limit)];
        return Task.FromResult(page);
    }

    public Task<IReadOnlyList<CaseChange>> ReadCaseChangesAsync(long after, int limit, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<CaseChange> changes = [.. Refresh().Where(c => c.Sequence > after).OrderBy(c => c.Sequence).Take(limit)];
        return Task.FromResult(changes);
    }

    public Task<long> GetLastCaseChangeAsync(CancellationToken cancellationToken = default)
    {
        Refresh();
        lock (_gate)
        {
            return Task.FromResult(_sequence);
        }
    }

    public async Task<IReadOnlyList<PersonRow>> SearchPersonsAsync(PersonSearch search, string? afterPersonId, int limit, CancellationToken cancellationToken = default)
    {
        bool Starts(string? text) => text is not null && text.StartsWith(search.Prefix!, StringComparison.Ordinal);
        var found = _registry.Persons
            .Where(p => search.Prefix is null || Starts(p.Key) || Starts(p.Value.Name) || Starts(p.Value.Phone))
            .Where(p => search.District is null || p.Value.District == search.District)
            .Where(p => search.HouseholdId is null || p.Value.HouseholdId == search.HouseholdId)
            .Where(p => search.CompoundId is null || p.Value.CompoundId == search.CompoundId)
            .Where(p => afterPersonId is null || string.CompareOrdinal(p.Key, afterPersonId) > 0)
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Take(limit)
            .ToList();
        var rows = new List<PersonRow>(found.Count);
        foreach (var (personId, profile) in found)
        {
            rows.Add(new PersonRow(personId, profile, await _managements.GetManagementAsync(personId, cancellationToken)));
        }

        return rows;
    }

    public async Task<IReadOnlyList<HouseholdMember>> GetHouseholdAsync(string householdId, CancellationToken cancellationToken = default)
    {
        var members = new List<HouseholdMember>();
        foreach (var (personId, profile) in _registry.Persons.Where(p => p.Value.HouseholdId == householdId).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var person = new PersonRow(personId, profile, await _managements.GetManagementAsync(personId, cancellationToken));
            members.Add(new HouseholdMember(person, HouseholdMember.CurrentOf(await _managements.GetAssignmentsAsync(personId, cancellationToken))));
        }

        return members;
    }

    public Task<IReadOnlyList<VenueVisit>> ReadVenueVisitsAsync(
        string venueId, DateTimeOffset from, DateTimeOffset to, ListKey? after, int limit, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<VenueVisit> page = [.. _scans.ReadVenueScans(venueId, from, to)
            .Select(s => new VenueVisit(s.ScanId, s.PersonId, s.ScannedAt, s.LeftAt))
            .Where(v => after is not { } key || v.ScannedAt > key.At || (v.ScannedAt == key.At && string.CompareOrdinal(v.ScanId, key.Id) > 0))
            .OrderBy(v => v.ScannedAt).ThenBy(v => v.ScanId, StringComparer.Ordinal)
            .Take(limit)];
        return Task.FromResult(page);
    }

    public async Task<IReadOnlyList<HotelRow>> ListHotelsAsync(CancellationToken cancellationToken = default)
    {
        var hotels = new List<HotelRow>();
        foreach (var (hotelId, profile) in _registry.Hotels.OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            hotels.Add(new HotelRow(hotelId, profile, (await _placements.GetOccupancyAsync(hotelId, cancellationToken)).Occupied));
        }

        return hotels;
    }

    public async Task<IReadOnlyList<WaitingAssignment>> ListAwaitingAsync(string? district, ListKey? after, int limit, CancellationToken cancellationToken = default)
    {
        var waiting = new List<WaitingAssignment>();
        var hotels = _placements;
        foreach (var placement in await hotels.GetAwaitingAsync(int.MaxValue, cancellationToken))
        {
            var key = new ListKey(placement.QueuedAt, placement.AssignmentId);
            if ((district is not null && placement.District != district)
                || (after is { } cursor && (key.At < cursor.At || (key.At == cursor.At && string.CompareOrdinal(key.Id, cursor.Id) <= 0))))
            {
                continue;
            }

            if (await hotels.GetAssignmentAsync(placement.AssignmentId, cancellationToken) is { } assignment)
            {
                waiting.Add(new WaitingAssignment(assignment, placement.District, placement.HouseholdId, placement.QueuedAt));
            }

            if (waiting.Count == limit)
            {
                break;
            }
        }

        return waiting;
    }

    public Task<string?> GetClusterIdAsync(string caseId, CancellationToken cancellationToken = default)
    {
        lock (_db.Gate)
        {
            return Task.FromResult(_db.Cases.TryGetValue(caseId, out var record) ? record.ClusterId : null);
        }
    }

    public Task<CaseStanding?> GetStandingAsync(string caseId, CancellationToken cancellationToken = default)
    {
        lock (_db.Gate)
        {
            return Task.FromResult(_db.Cases.TryGetValue(caseId, out var record)
                ? new CaseStanding(record.ClusterId, (_db.ContactsByCase.GetValueOrDefault(caseId) ?? []).Count(p => _db.BecameCase(p, caseId) is not null))
                : null);
        }
    }

    public Task<IReadOnlyList<ContactItem>> GetContactsAsync(
        string caseId, int? tier, string? category, string? afterPersonId, int limit, CancellationToken cancellationToken = default)
    {
        lock (_db.Gate)
        {
            var persons = _db.ContactsByCase.GetValueOrDefault(caseId) ?? [];
            IReadOnlyList<ContactItem> page = [.. persons
                .Where(p => afterPersonId is null || string.CompareOrdinal(p, afterPersonId) > 0)
                .Select(p => _db.Contacts[(caseId, p)])
                .Where(c => (tier is null || c.Finding.Tier == tier) && (category is null || c.Finding.Category == category))
                .Take(limit)
                .Select(c => new ContactItem(c.WithEvidence(), ContactItem.CurrentAssignment([.. _db.AssignmentsOf(c.Finding.PersonId)], caseId),
                    _db.BecameCase(c.Finding.PersonId, caseId), c.Sought))];
            return Task.FromResult(page);
        }
    }

    public Task<IReadOnlyList<PersonExposure>> GetPersonExposuresAsync(string personId, CancellationToken cancellationToken = default)
    {
        lock (_db.Gate)
        {
            IReadOnlyList<PersonExposure> found = [.. (_db.ContactsByPerson.GetValueOrDefault(personId) ?? [])
                .Where(_db.Cases.ContainsKey)
                .Select(caseId => (Case: _db.Cases[caseId], Contact: _db.Contacts[(caseId, personId)]))
                .OrderBy(c => c.Case.ReportedAt).ThenBy(c => c.Case.Report.CaseId, StringComparer.Ordinal)
                .Select(c => new PersonExposure(c.Case.Report.CaseId, c.Case.Report.PersonId, c.Contact.Finding.Tier, c.Contact.Finding.Category,
                    c.Contact.WithEvidence().Exposures))];
            return Task.FromResult(found);
        }
    }

    // Numbers every case that differs from what was last seen, as the table's trigger does on each change.
    private List<CaseChange> Refresh()
    {
        var cases = _db.SnapshotCases();
        lock (_gate)
        {
            foreach (var record in cases)
            {
                var row = CaseRow.Of(record, record.Withdrawal?.At);
                if (!_latest.TryGetValue(row.CaseId, out var seen) || !Same(seen.Case, row))
                {
                    _latest[row.CaseId] = new CaseChange(++_sequence, row);
                }
            }

            return [.. _latest.Values];
        }
    }

    private static bool Same(CaseRow a, CaseRow b) => a with { Sources = [] } == b with { Sources = [] } && a.Sources.SequenceEqual(b.Sources);
}
