namespace ContactTrace.Screening;

/// <summary>
/// The durable log of test results: bulk, idempotent by test id (the first result stands), with the case each
/// positive result made — or found, when the person was a case already — recorded beside it once reported.
/// </summary>
public interface ITestStore
{
    /// <summary>
    /// Stores the results durably, stamped <paramref name="receivedAt"/>; returns, per position, whether it was new
    /// or what was stored under its test id before.
    /// </summary>
    Task<IReadOnlyList<StoredTest>> InsertAsync(IReadOnlyList<TestResult> tests, DateTimeOffset receivedAt, CancellationToken cancellationToken = default);

    /// <summary>Records the case each positive result made (<c>created</c>) or found; a result recorded before keeps its case.</summary>
    Task RecordCasesAsync(IReadOnlyList<PositiveOutcome> outcomes, CancellationToken cancellationToken = default);

    /// <summary>Positive results received before <paramref name="receivedBefore"/> whose case is not recorded yet, oldest first.</summary>
    Task<IReadOnlyList<PendingPositive>> FindPendingPositivesAsync(DateTimeOffset receivedBefore, int limit, CancellationToken cancellationToken = default);

    /// <summary>Those of <paramref name="personIds"/> that the registry knows, in one read (results may register the others).</summary>
    Task<IReadOnlySet<string>> FindRegisteredAsync(IReadOnlyCollection<string> personIds, CancellationToken cancellationToken = default);

    /// <summary>Removes results sampled before <paramref name="cutoff"/>; returns how many went.</summary>
    Task<int> PurgeBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default);
}

/// <summary>
/// A result of a batch as the store holds it now: <see cref="IsNew"/> when this batch stored it, otherwise the
/// first one sent under its id. <see cref="CaseId"/> is set once a positive result's case is recorded.
/// </summary>
public sealed record class StoredTest(bool IsNew, string PersonId, bool Positive, DateTimeOffset ReceivedAt, string? CaseId, bool CaseCreated);

/// <summary>The case a positive result made (<see cref="Created"/>) or found the person already was.</summary>
[GenerateSerializer, Immutable, Alias("ContactTrace.PositiveOutcome")]
public sealed record class PositiveOutcome(string TestId, string CaseId, bool Created);

/// <summary>A stored positive result whose case is not recorded yet (its request ended before that, or failed).</summary>
public sealed record class PendingPositive(TestResult Test, DateTimeOffset ReceivedAt);
