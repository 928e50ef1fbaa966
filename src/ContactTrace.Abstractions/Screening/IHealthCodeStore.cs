namespace ContactTrace.Screening;

/// <summary>
/// Every person's health code as it stands, each one's next timer (when the same facts next give another code),
/// and the durable, gapless feed of changes. Persons whose facts changed are marked (PostgreSQL: triggers on the
/// managements and registry rows; the embedded twin: the case store's changes) and re-evaluated in bulk; a
/// person nobody ever marked is green.
/// </summary>
public interface IHealthCodeStore
{
    /// <summary>
    /// Marks the tested persons whose code a result can change: those tested as key population or at arrival,
    /// those venue-exposed, and those whose code is not green or has a timer.
    /// </summary>
    Task MarkTestedAsync(IReadOnlyList<TestResult> tests, CancellationToken cancellationToken = default);

    /// <summary>
    /// Re-evaluates up to <paramref name="limit"/> persons that are marked or whose timer is due at <paramref name="now"/>,
    /// reading their facts (results sampled since <paramref name="testsSince"/>) in bulk, and writes each change of a
    /// code with the feed's next cursor in the same transaction. Returns how many persons it evaluated: 0 when there
    /// was nothing to do or another silo is doing it.
    /// </summary>
    Task<int> RefreshAsync(DateTimeOffset now, DateTimeOffset testsSince, int limit, Func<HealthFacts, HealthVerdict> evaluate, CancellationToken cancellationToken = default);

    /// <summary>The facts the rules read of these persons now (results sampled since <paramref name="testsSince"/>), without marking or writing anything.</summary>
    Task<IReadOnlyDictionary<string, HealthFacts>> ReadFactsAsync(IReadOnlyCollection<string> personIds, DateTimeOffset testsSince, CancellationToken cancellationToken = default);

    /// <summary>The earliest timer of any person, or <c>null</c> when none is set.</summary>
    Task<DateTimeOffset?> GetNextCheckAsync(CancellationToken cancellationToken = default);

    /// <summary>Every code that is not green, and the feed's cursor they are current at, read consistently.</summary>
    Task<HealthCodeSnapshot> ReadSnapshotAsync(CancellationToken cancellationToken = default);

    /// <summary>The changes after cursor <paramref name="after"/>, oldest first.</summary>
    Task<IReadOnlyList<HealthCodeChange>> ReadChangesAsync(long after, int limit, CancellationToken cancellationToken = default);

    /// <summary>Removes feed items recorded before <paramref name="cutoff"/> (cursors keep counting); returns how many went.</summary>
    Task<int> PurgeChangesBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default);
}

/// <summary>One item of the health-code feed: a person's code as it became at <see cref="RecordedAt"/>.</summary>
public sealed record class HealthCodeChange(long Cursor, HealthCode Code, DateTimeOffset RecordedAt);

/// <summary>The codes that are not green, current at feed cursor <see cref="Cursor"/>.</summary>
public sealed record class HealthCodeSnapshot(long Cursor, IReadOnlyList<HealthCode> Flagged);
