using ContactTrace.Cases;
using ContactTrace.Screening;

namespace ContactTrace.Storage.Screening;

/// <summary>
/// The embedded default's follow-up queue: the same cases the cases table's trigger queues — a case reported, a
/// trace completed — found by comparing the case store's records as they change.
/// </summary>
public sealed class InMemoryCaseFollowUps : ICaseFollowUps
{
    private readonly InMemoryRegistryStore _registry;
    private readonly InMemoryScanStore _scans;
    private readonly InMemoryCaseWatch _cases;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (long Version, bool Reported, CaseRecord Record)> _queued = new(StringComparer.Ordinal);
    private long _version;

    public InMemoryCaseFollowUps(InMemoryDatabase db, InMemoryRegistryStore registry, InMemoryScanStore scans, InMemoryHealthCodeMarks marks)
    {
        _registry = registry;
        _scans = scans;
        _cases = new InMemoryCaseWatch(db, marks.Signal);
    }

    public Task<IReadOnlyList<CaseFollowUp>> PeekAsync(int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            foreach (var (before, after) in _cases.TakeChanges())
            {
                if (before is null || (after.Trace.Status == TraceStatus.Completed && before.Trace.Status != TraceStatus.Completed))
                {
                    var reported = before is null || (_queued.TryGetValue(after.Report.CaseId, out var queued) && queued.Reported);
                    _queued[after.Report.CaseId] = (++_version, reported, after);
                }
            }

            IReadOnlyList<CaseFollowUp> page = [.. _queued.OrderBy(q => q.Value.Version).Take(limit).Select(q => new CaseFollowUp(
                q.Key, q.Value.Version, q.Value.Reported, true, q.Value.Record.Report.PersonId, q.Value.Record.District, q.Value.Record.ReportedAt,
                q.Value.Record.WindowStart, q.Value.Record.WindowEnd, _registry.Persons.GetValueOrDefault(q.Value.Record.Report.PersonId)?.CompoundId, false))];
            return Task.FromResult(page);
        }
    }

    public async Task<IReadOnlyList<(string CaseId, Scan Scan)>> ReadVisitsAsync(IReadOnlyList<CaseFollowUp> cases, CancellationToken cancellationToken = default)
    {
        var visits = new List<(string, Scan)>();
        foreach (var followUp in cases.Where(c => c.Stored))
        {
            var scans = await _scans.ReadPersonScansAsync([followUp.PersonId], followUp.WindowStart, followUp.WindowEnd, cancellationToken);
            visits.AddRange(scans.Select(s => (followUp.CaseId, s)));
        }

        return visits;
    }

    public Task CompleteAsync(IReadOnlyList<CaseFollowUp> done, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            foreach (var followUp in done)
            {
                if (_queued.TryGetValue(followUp.CaseId, out var queued) && queued.Version == followUp.Version)
                {
                    _queued.Remove(followUp.CaseId);
                }
            }
        }

        return Task.CompletedTask;
    }
}
