using ContactTrace.Cases;

namespace ContactTrace.Tracing;

/// <summary>
/// What traces write — contacts with their evidence, the windows they watch, and the managements and assignments
/// the findings lead to — and what a running trace reads back of it. Results are written in bulk and idempotently:
/// a trace run again writes nothing twice, and managements merge under row locks so concurrent traces never lose an
/// upgrade or shorten a measure.
/// </summary>
public interface ITraceResults
{
    /// <summary>
    /// Stores windows a running trace is about to read (idempotently). A trace stores each before it reads what
    /// falls in it, so a scan stored meanwhile is either read or finds the watch and re-traces the case.
    /// </summary>
    Task AddWatchesAsync(string caseId, IReadOnlyCollection<TraceWatch> watches, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes one phase of a trace in one transaction: its sources, its findings (a contact's category only ever
    /// rises), their evidence, and the managements and assignments they lead to. Idempotent: a re-run writes nothing twice.
    /// </summary>
    Task WriteTraceAsync(TraceResult result, TracingPolicy policy, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>The contacts the case already has among <paramref name="personIds"/> (no evidence), each with its tier-2 window if it has one.</summary>
    Task<IReadOnlyList<ContactItem>> FindContactsAsync(string caseId, IReadOnlyCollection<string> personIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// Which of <paramref name="personIds"/> are cases: those that were before <paramref name="caseId"/>'s trace found
    /// them are not its contacts; those it had found before they became cases stay, marked.
    /// </summary>
    Task<CasePersons> FindCasePersonsAsync(string caseId, IReadOnlyCollection<string> personIds, CancellationToken cancellationToken = default);

    /// <summary>When each of <paramref name="personIds"/> was isolated: hotel stays from check-in, home isolations that began, case reports.</summary>
    Task<IReadOnlyList<Isolation>> FindIsolationsAsync(IReadOnlyCollection<string> personIds, CancellationToken cancellationToken = default);

    /// <summary>The cases that have reached this person as a contact, with each one's cluster.</summary>
    Task<IReadOnlyList<(string CaseId, string ClusterId)>> FindSourcesAsync(string personId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The case's figures as its contacts stand now: each person once, in their category (those who became cases
    /// included, and counted in <see cref="TraceSummary.BecameCases"/> too). Status and times are the caller's.
    /// </summary>
    Task<TraceSummary> CountContactsAsync(string caseId, CancellationToken cancellationToken = default);

    /// <summary>Removes exposure evidence and trace watches that ended before <paramref name="cutoff"/>; returns how many rows went.</summary>
    Task<int> PurgeBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default);
}
