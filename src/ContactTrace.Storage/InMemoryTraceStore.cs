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
    private readonly Dictionary<(string CaseId, string PersonId), StoredContact> _contacts = [];
    private readonly Dictionary<string, SortedSet<string>> _contactsByCase = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _contactsByPerson = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _casesByPerson = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PersonManagement> _managements = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AssignmentRecord> _assignments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _assignmentsByPerson = new(StringComparer.Ordinal);
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

            if (_cases.TryAdd(record.Report.CaseId, record))
            {
                IndexOf(_casesByPerson, record.Report.PersonId).Add(record.Report.CaseId);
            }

            _cases[record.Report.CaseId] = record;
        }

        CasesChanged?.Invoke();
        return Task.CompletedTask;
    }

    public Task SaveTraceAsync(string caseId, TraceSummary trace, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_cases.TryGetValue(caseId, out var record))
            {
                _cases[caseId] = record with { Trace = trace };
            }
        }

        CasesChanged?.Invoke();
        return Task.CompletedTask;
    }

    /// <summary>Raised after a case is saved (other cases' clusters may have merged into it); the twin of the cases table's NOTIFY.</summary>
    internal event Action? CasesChanged;

    /// <summary>Every case as stored now, for <see cref="InMemoryTracingQueries"/>.</summary>
    internal IReadOnlyList<CaseRecord> SnapshotCases()
    {
        lock (_gate)
        {
            return [.. _cases.Values];
        }
    }

    public Task<IReadOnlyList<string>> FindUnfinishedCasesAsync(int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<string> cases = [.. _cases.Values.Where(c => c.Trace.Status != TraceStatus.Completed && c.Withdrawal is null).OrderBy(c => c.ReportedAt).Take(limit).Select(c => c.Report.CaseId)];
            return Task.FromResult(cases);
        }
    }

    public Task<int> PurgeBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var purged = 0;
            foreach (var ((_, personId), contact) in _contacts)
            {
                if (!_casesByPerson.ContainsKey(personId))
                {
                    // Evidence linking a contact who became a case to the case before is permanent.
                    purged += contact.Evidence.RemoveAll(e => e.Until < cutoff);
                }
            }

            foreach (var watches in _watches.Values)
            {
                purged += watches.RemoveWhere(w => w.To < cutoff);
            }

            return Task.FromResult(purged);
        }
    }

    public Task<CaseStanding?> GetStandingAsync(string caseId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_cases.TryGetValue(caseId, out var record)
                ? new CaseStanding(record.ClusterId, (_contactsByCase.GetValueOrDefault(caseId) ?? []).Count(p => BecameCase(p, caseId) is not null))
                : null);
        }
    }

    public Task<string?> GetClusterIdAsync(string caseId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_cases.TryGetValue(caseId, out var record) ? record.ClusterId : null);
        }
    }

    public Task<CasePersons> FindCasePersonsAsync(string caseId, IReadOnlyCollection<string> personIds, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var cases = personIds.Where(p => StandingCasesOf(p).Any(id => id != caseId)).ToList();
            var became = cases.Where(p => _contacts.ContainsKey((caseId, p))).ToHashSet(StringComparer.Ordinal);
            return Task.FromResult(new CasePersons(cases.Where(p => !became.Contains(p)).ToHashSet(StringComparer.Ordinal), became));
        }
    }

    public Task<IReadOnlyList<(string CaseId, string ClusterId)>> FindSourcesAsync(string personId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<(string, string)> sources = [.. _contactsByPerson.GetValueOrDefault(personId, [])
                .Where(id => _cases.TryGetValue(id, out var source) && source.Withdrawal is null)
                .Order(StringComparer.Ordinal)
                .Select(caseId => (caseId, _cases[caseId].ClusterId))];
            return Task.FromResult(sources);
        }
    }

    public Task WriteTraceAsync(TraceResult result, TracingPolicy policy, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_cases.GetValueOrDefault(result.CaseId)?.Withdrawal is not null)
            {
                return Task.CompletedTask; // a false positive writes nothing more
            }

            foreach (var finding in result.Findings)
            {
                StoreContact(result.CaseId, finding, now);
            }

            foreach (var window in result.Windows)
            {
                if (_contacts.TryGetValue((result.CaseId, window.PersonId), out var contact))
                {
                    contact.Sought = window;
                }
            }

            foreach (var finding in result.Managed)
            {
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

            // A close contact's window replaces the one before: it closes when they are isolated.
            var contacts = watches.Where(w => w.Kind == TraceWatch.ContactKind).Select(w => w.Id).ToHashSet(StringComparer.Ordinal);
            existing.RemoveWhere(w => w.Kind == TraceWatch.ContactKind && contacts.Contains(w.Id));
            existing.UnionWith(watches);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> WithdrawAsync(string caseId, CaseWithdrawal withdrawal, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_cases.TryGetValue(caseId, out var record) || record.Withdrawal is not null)
            {
                return Task.FromResult<IReadOnlyList<string>>([]);
            }

            _cases[caseId] = record with { Withdrawal = withdrawal };
            var ended = new List<string>();
            foreach (var personId in (_contactsByCase.GetValueOrDefault(caseId) ?? []).Append(record.Report.PersonId).Distinct(StringComparer.Ordinal))
            {
                var reachedByAnother = (_contactsByPerson.GetValueOrDefault(personId) ?? [])
                    .Any(other => other != caseId && _cases.TryGetValue(other, out var c) && c.Withdrawal is null);
                if (Apply(personId, (current, active) => WithdrawalRules.Withdraw(current, active, caseId, reachedByAnother)))
                {
                    ended.Add(personId);
                }
            }

            CasesChanged?.Invoke();
            return Task.FromResult<IReadOnlyList<string>>([.. ended.Order(StringComparer.Ordinal)]);
        }
    }

    public Task BecomeCaseAsync(string personId, string caseId, DateTimeOffset reportedAt, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            Apply(personId, (current, active) => ManagementRules.BecomeCase(current, active, caseId, reportedAt));
        }

        return Task.CompletedTask;
    }

    // The same rule as the contacts table's (ContactMerge); evidence accumulates by what it is about, like its rows.
    private void StoreContact(string caseId, ContactFinding finding, DateTimeOffset now)
    {
        var key = (caseId, finding.PersonId);
        var stored = _contacts.GetValueOrDefault(key);
        if (ContactMerge.Merge(stored?.Finding, finding) is not { } merged)
        {
            return;
        }

        if (stored is null)
        {
            _contacts[key] = stored = new StoredContact(merged with { Exposures = [] });
            _identifiedAt.TryAdd(key, now);
            IndexOf(_contactsByCase, caseId, () => new SortedSet<string>(StringComparer.Ordinal)).Add(finding.PersonId);
            IndexOf(_contactsByPerson, finding.PersonId, () => new HashSet<string>(StringComparer.Ordinal)).Add(caseId);
        }

        if (stored.Finding.Category != merged.Category)
        {
            stored.Evidence.Clear(); // raised to a more severe category: only its evidence stays, as the trace keeps it
        }

        stored.Finding = merged with { Exposures = [] };
        foreach (var exposure in finding.Exposures)
        {
            stored.Evidence.RemoveAll(e => e.Identity == exposure.Identity);
            stored.Evidence.Add(exposure);
        }
    }

    private static TValue IndexOf<TValue>(Dictionary<string, TValue> index, string key, Func<TValue> create)
    {
        if (!index.TryGetValue(key, out var value))
        {
            index[key] = value = create();
        }

        return value;
    }

    private static List<string> IndexOf(Dictionary<string, List<string>> index, string key) => IndexOf(index, key, () => []);

    /// <summary>A contact row and its evidence rows.</summary>
    private sealed class StoredContact(ContactFinding finding)
    {
        public ContactFinding Finding { get; set; } = finding;

        /// <summary>For a close contact, the window over which their own contacts were sought.</summary>
        public ContactWindow? Sought { get; set; }

        public List<Exposure> Evidence { get; } = [];

        public ContactFinding WithEvidence() =>
            Finding with { Exposures = [.. Evidence.OrderBy(e => e.From).ThenBy(e => e.Identity, StringComparer.Ordinal)] };
    }

    // True when the rule changed the person's management.
    private bool Apply(string personId, Func<PersonManagement, IReadOnlyList<Assignment>, ManagementChange?> rule)
    {
        var current = _managements.GetValueOrDefault(personId) ?? PersonManagement.None(personId);
        var active = AssignmentsOf(personId).Where(a => AssignmentLifecycle.IsActive(a.Status)).ToList();
        if (rule(current, active) is not { } change)
        {
            return false;
        }

        _managements[personId] = change.Management;
        var now = DateTimeOffset.UtcNow;
        foreach (var ended in change.Ended)
        {
            Commit(AssignmentLifecycle.End(_assignments[ended.AssignmentId], ended.Status, now));
        }

        foreach (var extended in change.Extended)
        {
            Commit(AssignmentLifecycle.Extend(_assignments[extended.AssignmentId], extended.Start, extended.End, extended.Reason, now));
        }

        foreach (var added in change.Added.Where(a => !_assignments.ContainsKey(a.AssignmentId)))
        {
            // A replacement keeps its predecessor's place in the queue for a room.
            var predecessors = change.Ended.Select(e => _assignments[e.AssignmentId]).Where(e => e.Assignment.Kind == added.Kind).Select(e => e.QueuedAt).ToList();
            Insert(AssignmentLifecycle.Create(added, now, predecessors.Count > 0 ? predecessors.Min() : null));
        }

        return true;
    }
}
