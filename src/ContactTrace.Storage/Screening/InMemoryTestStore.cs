using ContactTrace.Screening;

namespace ContactTrace.Storage.Screening;

/// <summary>The embedded default's test log: the same contract as <see cref="PostgresTestStore"/>, in this process only.</summary>
public sealed class InMemoryTestStore(InMemoryRegistryStore registry) : ITestStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Stored> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<TestResult>> _byPerson = new(StringComparer.Ordinal);

    public Task<IReadOnlyList<StoredTest>> InsertAsync(IReadOnlyList<TestResult> tests, DateTimeOffset receivedAt, CancellationToken cancellationToken = default)
    {
        var received = ManagementRules.ToMicroseconds(receivedAt);
        var answers = new List<StoredTest>(tests.Count);
        lock (_gate)
        {
            foreach (var test in tests)
            {
                if (_byId.TryGetValue(test.TestId, out var before))
                {
                    answers.Add(new StoredTest(false, before.Test.PersonId, before.Test.Positive, before.ReceivedAt, before.CaseId, before.CaseCreated));
                    continue;
                }

                _byId[test.TestId] = new Stored(test, received);
                Bucket(test.PersonId).Add(test);
                answers.Add(new StoredTest(true, test.PersonId, test.Positive, received, null, false));
            }
        }

        return Task.FromResult<IReadOnlyList<StoredTest>>(answers);
    }

    public Task RecordCasesAsync(IReadOnlyList<PositiveOutcome> outcomes, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            foreach (var outcome in outcomes)
            {
                if (_byId.TryGetValue(outcome.TestId, out var stored) && stored.CaseId is null)
                {
                    stored.CaseId = outcome.CaseId;
                    stored.CaseCreated = outcome.Created;
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<PendingPositive>> FindPendingPositivesAsync(DateTimeOffset receivedBefore, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<PendingPositive> pending = [.. _byId.Values
                .Where(s => s.Test.Positive && s.CaseId is null && s.ReceivedAt < receivedBefore)
                .OrderBy(s => s.ReceivedAt).Take(limit).Select(s => new PendingPositive(s.Test, s.ReceivedAt))];
            return Task.FromResult(pending);
        }
    }

    public Task<IReadOnlySet<string>> FindRegisteredAsync(IReadOnlyCollection<string> personIds, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlySet<string>>(personIds.Where(registry.Persons.ContainsKey).ToHashSet(StringComparer.Ordinal));

    public Task<int> PurgeBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var old = _byId.Where(t => t.Value.Test.SampledAt < cutoff).Select(t => t.Key).ToList();
            foreach (var testId in old)
            {
                var test = _byId[testId].Test;
                _byId.Remove(testId);
                _byPerson[test.PersonId].Remove(test);
            }

            return Task.FromResult(old.Count);
        }
    }

    /// <summary>The person's results sampled since <paramref name="since"/>, for the health codes.</summary>
    internal IReadOnlyList<TestSample> SamplesOf(string personId, DateTimeOffset since)
    {
        lock (_gate)
        {
            return _byPerson.TryGetValue(personId, out var tests)
                ? [.. tests.Where(t => t.SampledAt >= since).Select(t => new TestSample(t.SampledAt, t.Positive, t.Context))]
                : [];
        }
    }

    private List<TestResult> Bucket(string personId)
    {
        if (!_byPerson.TryGetValue(personId, out var tests))
        {
            _byPerson[personId] = tests = [];
        }

        return tests;
    }

    private sealed class Stored(TestResult test, DateTimeOffset receivedAt)
    {
        public TestResult Test { get; } = test;

        public DateTimeOffset ReceivedAt { get; } = receivedAt;

        public string? CaseId { get; set; }

        public bool CaseCreated { get; set; }
    }
}
