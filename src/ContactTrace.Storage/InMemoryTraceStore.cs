using ContactTrace.Cases;
using ContactTrace.Scans;
using ContactTrace.Tracing;

namespace ContactTrace.Storage;

/// <summary>
/// The embedded default's twin of <see cref="PostgresTraceStore"/>: the same rules (<see cref="ManagementRules"/>)
/// and the same idempotency, in this process only, under one lock.
/// </summary>
public sealed partial class InMemoryTraceStore(InMemoryRegistryStore registry) : ITraceStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, CaseRecord> _cases = new(StringComparer.Ordinal);
    private readonly Dictionary<(string CaseId, string PersonId), ContactFinding> _contacts = [];
    private readonly Dictionary<string, PersonManagement> _managements = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Assignment> _assignments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<TraceWatch>> _watches = new(StringComparer.Ordinal);
    private readonly Dictionary<(string CaseId, string PersonId), DateTimeOffset> _identifiedAt = [];

    public Task SaveCaseAsync(CaseRecord record, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var merged = record.Sources.Where(_cases.ContainsKey).Select(s => _cases[s].ClusterId).ToHashSet(StringComparer.Ordinal);
            foreach (var (id, existing) in _cases.Where(c => merged.Contains(c.Value.ClusterId)).ToList())
            {
                _cases[id] = existing with { ClusterId = record.ClusterId };
            }

            _cases[record.Report.CaseId] = record;
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> FindUnfinishedCasesAsync(int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<string> cases = [.. _cases.Values.Where(c => c.Trace.Status != TraceStatus.Completed).OrderBy(c => c.ReportedAt).Take(limit).Select(c => c.Report.CaseId)];
            return Task.FromResult(cases);
        }
    }

    public Task<int> PurgeBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var purged = 0;
            foreach (var (key, finding) in _contacts.ToList())
            {
                var kept = finding.Exposures.Where(e => e.Until >= cutoff).ToImmutableArray();
                purged += finding.Exposures.Length - kept.Length;
                _contacts[key] = finding with { Exposures = kept };
            }

            foreach (var watches in _watches.Values)
            {
                purged += watches.RemoveWhere(w => w.To < cutoff);
            }

            return Task.FromResult(purged);
        }
    }

    public Task<string?> GetClusterIdAsync(string caseId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_cases.TryGetValue(caseId, out var record) ? record.ClusterId : null);
        }
    }

    public Task<IReadOnlySet<string>> FindCasePersonsAsync(IReadOnlyCollection<string> personIds, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var cases = _cases.Values.Select(c => c.Report.PersonId).ToHashSet(StringComparer.Ordinal);
            IReadOnlySet<string> found = personIds.Where(cases.Contains).ToHashSet(StringComparer.Ordinal);
            return Task.FromResult(found);
        }
    }

    public Task<IReadOnlyList<(string CaseId, string ClusterId)>> FindSourcesAsync(string personId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<(string, string)> sources = [.. _contacts.Keys
                .Where(k => k.PersonId == personId && _cases.ContainsKey(k.CaseId))
                .Select(k => (k.CaseId, _cases[k.CaseId].ClusterId))
                .OrderBy(s => s.CaseId, StringComparer.Ordinal)];
            return Task.FromResult(sources);
        }
    }

    public Task WriteTraceAsync(TraceResult result, TracingPolicy policy, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var found = result.Findings.Select(f => f.PersonId).ToHashSet(StringComparer.Ordinal);
            foreach (var stale in _contacts.Keys.Where(k => k.CaseId == result.CaseId && !found.Contains(k.PersonId)).ToList())
            {
                _contacts.Remove(stale);
            }

            foreach (var finding in result.Findings)
            {
                _identifiedAt.TryAdd((result.CaseId, finding.PersonId), now);
                _contacts[(result.CaseId, finding.PersonId)] = Merge(_contacts.GetValueOrDefault((result.CaseId, finding.PersonId)), finding);
                Apply(finding.PersonId, (current, active) => ManagementRules.Apply(current, active, finding, result.CaseId, policy, now));
            }
        }

        return Task.CompletedTask;
    }

    public Task AddWatchesAsync(string caseId, IReadOnlyCollection<TraceWatch> watches, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_watches.TryGetValue(caseId, out var existing))
            {
                _watches[caseId] = existing = [];
            }

            existing.UnionWith(watches);
        }

        return Task.CompletedTask;
    }

    public Task BecomeCaseAsync(string personId, string caseId, DateTimeOffset reportedAt, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            Apply(personId, (current, active) => ManagementRules.BecomeCase(current, active, caseId, reportedAt));
        }

        return Task.CompletedTask;
    }

    // Evidence accumulates across runs like the exposures table's rows do; the category follows the latest run.
    private static ContactFinding Merge(ContactFinding? existing, ContactFinding latest) =>
        existing is null ? latest : latest with { Exposures = [.. existing.Exposures.Union(latest.Exposures).OrderBy(e => e.From)] };

    private void Apply(string personId, Func<PersonManagement, IReadOnlyList<Assignment>, ManagementChange?> rule)
    {
        var current = _managements.GetValueOrDefault(personId) ?? PersonManagement.None(personId);
        var active = _assignments.Values.Where(a => a.PersonId == personId && AssignmentStatuses.IsActive(a.Status)).OrderBy(a => a.Start).ToList();
        if (rule(current, active) is not { } change)
        {
            return;
        }

        _managements[personId] = change.Management;
        foreach (var ended in change.Ended)
        {
            Put(_assignments[ended.AssignmentId] with { Status = ended.Status });
        }

        foreach (var extended in change.Extended)
        {
            Put(_assignments[extended.AssignmentId] with { Start = extended.Start, End = extended.End }, extended.Reason);
        }

        foreach (var added in change.Added.Where(a => !_assignments.ContainsKey(a.AssignmentId)))
        {
            // A replacement keeps its predecessor's place in the queue for a room.
            var predecessors = change.Ended.Select(e => _assignments[e.AssignmentId]).Where(e => e.Kind == added.Kind).Select(e => _queuedAt[e.AssignmentId]).ToList();
            if (predecessors.Count > 0)
            {
                _queuedAt[added.AssignmentId] = predecessors.Min();
            }

            Put(added);
        }
    }
}
