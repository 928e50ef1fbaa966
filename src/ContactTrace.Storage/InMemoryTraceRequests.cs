using ContactTrace.Scans;
using ContactTrace.Tracing;

namespace ContactTrace.Storage;

/// <summary>The embedded default's twin of <see cref="PostgresTraceRequests"/>: the same coalescing and leases, in this process.</summary>
public sealed class InMemoryTraceRequests(InMemoryTraceStore traces, TimeProvider time) : ITraceRequests
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (DateTimeOffset RequestedAt, DateTimeOffset? ClaimedUntil)> _requests = new(StringComparer.Ordinal);
    private long _clock;

    public Task<int> RequestForScansAsync(IReadOnlyList<Scan> scans, TimeSpan longestStay, CancellationToken cancellationToken = default)
    {
        var cases = traces.FindWatchingCases(scans, longestStay);
        Request(cases);
        return Task.FromResult(cases.Count);
    }

    public Task RequestAsync(IReadOnlyCollection<string> caseIds, CancellationToken cancellationToken = default)
    {
        Request(caseIds);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<TraceRequest>> ClaimAsync(int limit, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            IReadOnlyList<TraceRequest> claimed = [.. _requests
                .Where(r => r.Value.ClaimedUntil is null || r.Value.ClaimedUntil < now)
                .OrderBy(r => r.Value.RequestedAt)
                .Take(limit)
                .Select(r => new TraceRequest(r.Key, r.Value.RequestedAt))];
            foreach (var request in claimed)
            {
                _requests[request.CaseId] = (request.RequestedAt, now + lease);
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
                    _requests[request.CaseId] = (current.RequestedAt, null);
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

    private void Request(IEnumerable<string> caseIds)
    {
        lock (_gate)
        {
            foreach (var caseId in caseIds)
            {
                if (!_requests.TryGetValue(caseId, out var current))
                {
                    _requests[caseId] = (Next(), null);
                }
                else if (current.ClaimedUntil is not null)
                {
                    _requests[caseId] = (Next(), current.ClaimedUntil);
                }
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
}
