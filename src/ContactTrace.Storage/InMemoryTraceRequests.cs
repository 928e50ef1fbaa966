using ContactTrace.Scans;
using ContactTrace.Tracing;

namespace ContactTrace.Storage;

/// <summary>The embedded default's twin of <see cref="PostgresTraceRequests"/>: the same coalescing, scopes and leases, in this process.</summary>
public sealed class InMemoryTraceRequests(InMemoryDatabase db, InMemoryRegistryStore registry, TimeProvider time) : ITraceRequests
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Waiting> _requests = new(StringComparer.Ordinal);
    private long _clock;

    public Task<int> RequestForScansAsync(IReadOnlyList<Scan> scans, TimeSpan longestStay, CancellationToken cancellationToken = default)
    {
        var cases = FindWatchingCases(scans, longestStay);
        foreach (var (caseId, persons) in cases)
        {
            Request(caseId, persons);
        }

        return Task.FromResult(cases.Count);
    }

    public async Task<int> RequestForHouseholdAsync(string personId, string householdId, CancellationToken cancellationToken = default)
    {
        var household = await registry.FindHouseholdMembersAsync([householdId], cancellationToken);
        var members = household.Select(m => m.PersonId).Append(personId).ToHashSet(StringComparer.Ordinal);
        var now = time.GetUtcNow();
        var movedIn = household.FirstOrDefault(m => m.PersonId == personId)?.Since ?? now;
        var cases = FindHouseholdRetraces(personId, members, movedIn, now);
        foreach (var (caseId, persons) in cases)
        {
            Request(caseId, persons);
        }

        return cases.Count;
    }

    public Task<int> RequestForIsolationAsync(string personId, CancellationToken cancellationToken = default)
    {
        var cases = FindOpenContactWindows(new HashSet<string>(StringComparer.Ordinal) { personId }, time.GetUtcNow());
        foreach (var (caseId, persons) in cases)
        {
            Request(caseId, persons);
        }

        return Task.FromResult(cases.Count);
    }

    public Task RequestAsync(IReadOnlyCollection<string> caseIds, CancellationToken cancellationToken = default)
    {
        foreach (var caseId in caseIds)
        {
            Request(caseId, null);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<TraceRequest>> ClaimAsync(int limit, TimeSpan lease, TimeSpan extensionDelay, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            IReadOnlyList<TraceRequest> claimed = [.. _requests
                .Where(r => r.Value.ClaimedUntil is null || r.Value.ClaimedUntil < now)
                .Where(r => r.Value.Persons is null || r.Value.ClaimedUntil is not null || r.Value.RequestedAt <= now - extensionDelay)
                .OrderBy(r => r.Value.RequestedAt)
                .Take(limit)
                .Select(r => new TraceRequest(r.Key, r.Value.RequestedAt, r.Value.Persons))];
            foreach (var request in claimed)
            {
                _requests[request.CaseId] = _requests[request.CaseId] with { ClaimedUntil = now + lease };
            }

            return Task.FromResult(claimed);
        }
    }

    public Task CompleteAsync(IReadOnlyList<TraceRequest> requests, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            foreach (var request in requests)
            {
                if (!_requests.TryGetValue(request.CaseId, out var current))
                {
                    continue;
                }

                if (current.RequestedAt == request.RequestedAt)
                {
                    _requests.Remove(request.CaseId);
                }
                else
                {
                    _requests[request.CaseId] = current with { ClaimedUntil = null };
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult((long)_requests.Count);
        }
    }

    // The same coalescing as the table's upsert: a whole-trace request absorbs scoped ones, scoped ones add up.
    private void Request(string caseId, ImmutableArray<string>? persons)
    {
        lock (_gate)
        {
            if (!_requests.TryGetValue(caseId, out var current))
            {
                _requests[caseId] = new Waiting(Next(), null, persons);
                return;
            }

            var merged = current.Persons is null || persons is null ? null : (ImmutableArray<string>?)[.. current.Persons.Value.Union(persons.Value).Order(StringComparer.Ordinal)];
            var grew = merged is null ? current.Persons is not null : merged.Value.Length > current.Persons!.Value.Length;
            if (current.ClaimedUntil is not null || grew)
            {
                _requests[caseId] = current with { RequestedAt = current.ClaimedUntil is not null ? Next() : current.RequestedAt, Persons = merged };
            }
        }
    }

    // Strictly increasing, so a request made after a claim never compares equal to the claimed one.
    private DateTimeOffset Next()
    {
        var ticks = Math.Max(time.GetUtcNow().UtcTicks, _clock + 1);
        _clock = ticks;
        return new DateTimeOffset(ticks, TimeSpan.Zero);
    }

    private sealed record class Waiting(DateTimeOffset RequestedAt, DateTimeOffset? ClaimedUntil, ImmutableArray<string>? Persons);

    /// <summary>
    /// The cases watching a window that one of <paramref name="scans"/> falls in, each with the close contacts whose
    /// tier 2 alone is concerned (<c>null</c>: the whole trace) — the in-memory twin of the watch join.
    /// </summary>
    internal IReadOnlyDictionary<string, ImmutableArray<string>?> FindWatchingCases(IReadOnlyList<Scan> scans, TimeSpan longestStay)
    {
        lock (db.Gate)
        {
            var found = new Dictionary<string, ImmutableArray<string>?>(StringComparer.Ordinal);
            foreach (var (caseId, watches) in db.Watches)
            {
                var matched = watches.Where(watch => scans.Any(scan => Watches(watch, scan, longestStay))).ToList();
                if (matched.Count > 0)
                {
                    found[caseId] = matched.All(w => w.ConcernedContact is not null)
                        ? [.. matched.Select(w => w.ConcernedContact!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]
                        : null;
                }
            }

            return found;
        }
    }

    /// <summary>
    /// The twin of the household-change request: the person's own cases in whole, the cases of the members they joined
    /// whose window ran past <paramref name="movedIn"/> in whole, open close contacts among <paramref name="members"/> scoped.
    /// </summary>
    private IReadOnlyDictionary<string, ImmutableArray<string>?> FindHouseholdRetraces(string personId, IReadOnlySet<string> members, DateTimeOffset movedIn, DateTimeOffset now)
    {
        lock (db.Gate)
        {
            var found = new Dictionary<string, ImmutableArray<string>?>(FindOpenContactWindows(members, now), StringComparer.Ordinal);
            foreach (var caseId in db.StandingCasesOf(personId))
            {
                found[caseId] = null;
            }

            foreach (var caseId in members.Where(m => m != personId).SelectMany(db.StandingCasesOf).Where(id => db.Cases[id].WindowEnd > movedIn))
            {
                found[caseId] = null;
            }

            return found;
        }
    }

    /// <summary>The cases with a still-open window of one of <paramref name="persons"/>, each with those persons.</summary>
    private IReadOnlyDictionary<string, ImmutableArray<string>?> FindOpenContactWindows(IReadOnlySet<string> persons, DateTimeOffset now)
    {
        lock (db.Gate)
        {
            var found = new Dictionary<string, ImmutableArray<string>?>(StringComparer.Ordinal);
            foreach (var (caseId, watches) in db.Watches)
            {
                var open = watches.Where(w => w.Kind == TraceWatch.ContactKind && w.To > now && persons.Contains(w.Id)).Select(w => w.Id).Distinct(StringComparer.Ordinal).ToList();
                if (open.Count > 0)
                {
                    found[caseId] = [.. open.Order(StringComparer.Ordinal)];
                }
            }

            return found;
        }
    }

    private static bool Watches(TraceWatch watch, Scan scan, TimeSpan longestStay)
    {
        var id = watch.Kind == TraceWatch.VenueKind ? scan.VenueId : scan.PersonId;
        var to = scan.LeftAt ?? scan.ScannedAt + longestStay;
        return watch.Id == id && watch.To > scan.ScannedAt && watch.From < to;
    }
}
