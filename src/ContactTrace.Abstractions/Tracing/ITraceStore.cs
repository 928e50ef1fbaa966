using ContactTrace.Cases;

namespace ContactTrace.Tracing;

/// <summary>
/// Cases, trace results, managements and assignments. Results are written in bulk and idempotently: a trace
/// run again writes nothing twice, and managements merge under row locks so concurrent traces never lose an
/// upgrade or shorten a measure.
/// </summary>
public interface ITraceStore
{
    /// <summary>Stores the case row (insert or update) and, when it has sources, merges their clusters into its own.</summary>
    Task SaveCaseAsync(CaseRecord record, CancellationToken cancellationToken = default);

    /// <summary>The case's cluster as it is now: clusters merge when new links join them.</summary>
    Task<string?> GetClusterIdAsync(string caseId, CancellationToken cancellationToken = default);

    /// <summary>Cases whose trace has not completed (reported, then the process stopped), oldest first.</summary>
    Task<IReadOnlyList<string>> FindUnfinishedCasesAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>Those of <paramref name="personIds"/> who are cases.</summary>
    Task<IReadOnlySet<string>> FindCasePersonsAsync(IReadOnlyCollection<string> personIds, CancellationToken cancellationToken = default);

    /// <summary>The cases that have reached this person as a contact, with each one's cluster.</summary>
    Task<IReadOnlyList<(string CaseId, string ClusterId)>> FindSourcesAsync(string personId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores windows a running trace is about to read (idempotently). A trace stores each before it reads what
    /// falls in it, so a scan stored meanwhile is either read or finds the watch and re-traces the case.
    /// </summary>
    Task AddWatchesAsync(string caseId, IReadOnlyCollection<TraceWatch> watches, CancellationToken cancellationToken = default);

    /// <summary>Writes a trace's findings, exposures, and the managements and assignments they lead to, in one transaction.</summary>
    Task WriteTraceAsync(TraceResult result, TracingPolicy policy, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>The person became a case: their management becomes <c>case</c> and running measures end as converted.</summary>
    Task BecomeCaseAsync(string personId, string caseId, DateTimeOffset reportedAt, CancellationToken cancellationToken = default);

    Task<PersonManagement> GetManagementAsync(string personId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Assignment>> GetAssignmentsAsync(string personId, CancellationToken cancellationToken = default);

    /// <summary>A page of a case's contacts ordered by person id, after <paramref name="afterPersonId"/>.</summary>
    Task<IReadOnlyList<ContactItem>> GetContactsAsync(string caseId, int? tier, string? category, string? afterPersonId, int limit, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<PersonExposure>> GetPersonExposuresAsync(string personId, CancellationToken cancellationToken = default);

    /// <summary>Removes exposure evidence and trace watches that ended before <paramref name="cutoff"/>; returns how many rows went.</summary>
    Task<int> PurgeBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default);

    /// <summary>The cases whose trace watches a window that one of <paramref name="scans"/> falls in.</summary>
    Task<IReadOnlySet<string>> FindWatchingCasesAsync(IReadOnlyList<Scan> scans, TimeSpan longestStay, CancellationToken cancellationToken = default);
}
