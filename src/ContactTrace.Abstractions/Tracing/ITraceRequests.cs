namespace ContactTrace.Tracing;

/// <summary>
/// The durable queue of re-trace requests. Writers (scan ingestion, registry changes) only record that a case must
/// trace again — coalesced per case — and answer; a dispatcher hands the requests to the case grains and removes
/// each only once its grain has recorded it, so a crash in between re-dispatches rather than loses it.
/// </summary>
public interface ITraceRequests
{
    /// <summary>
    /// Records a request for every case whose trace watches a window one of <paramref name="scans"/> falls in — only
    /// for some close contacts' tier 2 when only their windows matched; returns how many cases.
    /// </summary>
    Task<int> RequestForScansAsync(IReadOnlyList<Scan> scans, TimeSpan longestStay, CancellationToken cancellationToken = default);

    /// <summary>
    /// A person joined <paramref name="householdId"/>: records a request for the person's own cases, and for every case
    /// with a close contact in that household (or the person themselves) whose window is still open; returns how many cases.
    /// </summary>
    Task<int> RequestForHouseholdAsync(string personId, string householdId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The person was isolated (checked in at a hotel): records a request, scoped to them, for every case whose window
    /// of theirs is still open, so that it closes at the isolation; returns how many cases.
    /// </summary>
    Task<int> RequestForIsolationAsync(string personId, CancellationToken cancellationToken = default);

    /// <summary>Records a request for each of <paramref name="caseIds"/>.</summary>
    Task RequestAsync(IReadOnlyCollection<string> caseIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes up to <paramref name="limit"/> requests nobody holds, for <paramref name="lease"/>; a request not completed
    /// by then is handed out again. A request scoped to close contacts (an extension) is taken only once it is
    /// <paramref name="extensionDelay"/> old, so that the scans of a case's close contacts arriving meanwhile make one
    /// extension; a whole re-trace, and a request whose earlier claim was lost (it waited once already), is taken at once.
    /// </summary>
    Task<IReadOnlyList<TraceRequest>> ClaimAsync(int limit, TimeSpan lease, TimeSpan extensionDelay, CancellationToken cancellationToken = default);

    /// <summary>Removes the claimed requests; one that was requested again since it was claimed stays, to be handed out again.</summary>
    Task CompleteAsync(IReadOnlyList<TraceRequest> requests, CancellationToken cancellationToken = default);

    /// <summary>How many requests wait.</summary>
    Task<long> CountAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// A claimed re-trace request: the case, the moment it was last requested (a later request keeps it), and the close
/// contacts whose tier 2 alone is to be traced again (<c>null</c>: the whole trace).
/// </summary>
public sealed record class TraceRequest(string CaseId, DateTimeOffset RequestedAt, ImmutableArray<string>? Persons = null);
