using ContactTrace.Screening;

namespace ContactTrace.Storage.Screening;

/// <summary>
/// The embedded default's health codes: the same rules and feed as <see cref="PostgresHealthCodeStore"/>, in this
/// process only. It marks persons where PostgreSQL's triggers would: a case that changed (reported, traced,
/// withdrawn) marks its person and every contact of it.
/// </summary>
public sealed class InMemoryHealthCodeStore : IHealthCodeStore
{
    private static readonly string[] MarkingContexts = [SamplingContexts.KeyPopulationClosed, SamplingContexts.KeyPopulationOpen, SamplingContexts.Arrival];

    private readonly InMemoryDatabase _db;
    private readonly InMemoryManagementStore _managements;
    private readonly InMemoryRegistryStore _registry;
    private readonly InMemoryTestStore _tests;
    private readonly InMemoryZoneStore _zones;
    private readonly InMemoryHealthCodeMarks _marks;
    private readonly InMemoryCaseWatch _cases;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, StoredHealthCode> _codes = new(StringComparer.Ordinal);
    private readonly List<HealthCodeChange> _changes = [];
    private long _cursor;

    public InMemoryHealthCodeStore(InMemoryDatabase db, InMemoryRegistryStore registry, InMemoryTestStore tests, InMemoryZoneStore zones, InMemoryHealthCodeMarks marks)
    {
        (_db, _managements) = (db, new InMemoryManagementStore(db));
        _registry = registry;
        _tests = tests;
        _zones = zones;
        _marks = marks;
        _cases = new InMemoryCaseWatch(db, marks.Signal);
    }

    /// <summary>Raised after changes were appended to the feed: the twin of the <c>contacttrace_health_codes</c> NOTIFY.</summary>
    public event Action? FeedAppended;

    public async Task MarkTestedAsync(IReadOnlyList<TestResult> tests, CancellationToken cancellationToken = default)
    {
        var marked = new List<string>();
        foreach (var test in tests)
        {
            if (MarkingContexts.Contains(test.Context)
                || (await _managements.GetManagementAsync(test.PersonId, cancellationToken)).Category == ManagementCategory.VenueExposed
                || Stored(test.PersonId) is { } stored && (stored.Code.Code != HealthCodes.Green || stored.NextCheckAt is not null))
            {
                marked.Add(test.PersonId);
            }
        }

        _marks.Mark(marked);
    }

    public async Task<int> RefreshAsync(DateTimeOffset now, DateTimeOffset testsSince, int limit, Func<HealthFacts, HealthVerdict> evaluate, CancellationToken cancellationToken = default)
    {
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            MarkChangedCases();
            var persons = _marks.Take(limit).ToHashSet(StringComparer.Ordinal);
            lock (_gate)
            {
                persons.UnionWith(_codes.Where(c => c.Value.NextCheckAt <= now).OrderBy(c => c.Value.NextCheckAt).Take(limit).Select(c => c.Key));
            }

            var steps = new List<HealthCodeStep>();
            foreach (var person in persons.Order(StringComparer.Ordinal))
            {
                steps.Add(HealthCodeRules.Step(person, Stored(person), evaluate(await ReadFactsAsync(person, testsSince, cancellationToken)), now));
            }

            Write(steps, now);
            return persons.Count;
        }
        finally
        {
            _refresh.Release();
        }
    }

    public async Task<IReadOnlyDictionary<string, HealthFacts>> ReadFactsAsync(
        IReadOnlyCollection<string> personIds, DateTimeOffset testsSince, CancellationToken cancellationToken = default)
    {
        var facts = new Dictionary<string, HealthFacts>(StringComparer.Ordinal);
        foreach (var personId in personIds.Distinct(StringComparer.Ordinal))
        {
            facts[personId] = await ReadFactsAsync(personId, testsSince, cancellationToken);
        }

        return facts;
    }

    public Task<DateTimeOffset?> GetNextCheckAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_codes.Values.Select(c => c.NextCheckAt).Min());
        }
    }

    public Task<HealthCodeSnapshot> ReadSnapshotAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(new HealthCodeSnapshot(_cursor, [.. _codes.Values.Select(c => c.Code).Where(c => c.Code != HealthCodes.Green)]));
        }
    }

    public Task<IReadOnlyList<HealthCodeChange>> ReadChangesAsync(long after, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<HealthCodeChange> page = [.. _changes.Where(c => c.Cursor > after).Take(limit)];
            return Task.FromResult(page);
        }
    }

    public Task<int> PurgeChangesBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_changes.RemoveAll(c => c.RecordedAt < cutoff));
        }
    }

    private StoredHealthCode? Stored(string personId)
    {
        lock (_gate)
        {
            return _codes.GetValueOrDefault(personId);
        }
    }

    private void Write(List<HealthCodeStep> steps, DateTimeOffset now)
    {
        var appended = false;
        lock (_gate)
        {
            foreach (var step in steps.Where(s => s.Write))
            {
                _codes[step.Code.PersonId] = new StoredHealthCode(step.Code, step.NextCheckAt);
            }

            foreach (var step in steps.Where(s => s.Changed))
            {
                _changes.Add(new HealthCodeChange(++_cursor, step.Code, now));
                appended = true;
            }
        }

        if (appended)
        {
            FeedAppended?.Invoke();
        }
    }

    // A case that changed: its person, and every person its trace reached.
    private void MarkChangedCases()
    {
        foreach (var (_, record) in _cases.TakeChanges())
        {
            var persons = new List<string> { record.Report.PersonId };
            lock (_db.Gate)
            {
                persons.AddRange(_db.ContactsByCase.GetValueOrDefault(record.Report.CaseId) ?? []);
            }

            _marks.Mark(persons);
        }
    }

    private async Task<HealthFacts> ReadFactsAsync(string personId, DateTimeOffset testsSince, CancellationToken cancellationToken)
    {
        var management = await _managements.GetManagementAsync(personId, cancellationToken);
        var assignments = await _managements.GetAssignmentsAsync(personId, cancellationToken);
        var compound = _registry.Persons.GetValueOrDefault(personId)?.CompoundId;
        return new HealthFacts(personId, management, [.. assignments.Where(a => a.Status != AssignmentStatuses.Superseded)],
            _zones.ActiveZoneOf(compound), _tests.SamplesOf(personId, testsSince));
    }
}
