namespace ContactTrace.Cases;

/// <summary>
/// A case, keyed by case id: the record, and its trace as a durable, resumable state machine. It is the
/// coordinator: it calls venue grains and the stores; nothing calls back into it during a trace.
/// </summary>
[Alias("ContactTrace.ICaseGrain")]
public interface ICaseGrain : IGrainWithStringKey
{
    /// <summary>Stores the case and starts its trace; the same report again changes nothing.</summary>
    [Alias("Report")]
    Task<CaseReportResult> ReportAsync(CaseReport report);

    [Alias("Get")]
    Task<CaseRecord?> GetAsync();

    /// <summary>Adds an interviewed contact and re-traces; the same contact again changes nothing.</summary>
    [Alias("AddReportedContact")]
    Task<CaseRecord?> AddReportedContactAsync(ReportedContact contact);

    /// <summary>Converts an asymptomatic case to confirmed at <paramref name="at"/>; false when there is nothing to convert.</summary>
    [Alias("ConvertToConfirmed")]
    Task<CaseRecord?> ConvertToConfirmedAsync(DateTimeOffset at);

    /// <summary>Runs the trace again, e.g. because a late scan fell inside the case's window.</summary>
    [Alias("Retrace")]
    Task RetraceAsync();

    /// <summary>
    /// Withdraws the case as a false positive: it stops counting and tracing, and every management it alone caused
    /// ends. A withdrawn case stays withdrawn: asked again, nothing changes. <c>null</c> for an unknown case.
    /// </summary>
    [Alias("Withdraw")]
    Task<CaseRecord?> WithdrawAsync(string reason);

    /// <summary>The contacts tracers reported after interviews, with their notes.</summary>
    [Alias("GetReportedContacts")]
    Task<ImmutableArray<ReportedContact>> GetReportedContactsAsync();

    /// <summary>
    /// Traces again only the tier 2 of these close contacts — their window is still open and they scanned, or their
    /// household changed; requests coalesce, and a whole run that has not started yet covers them.
    /// </summary>
    [Alias("Extend")]
    Task ExtendAsync(ImmutableArray<string> closeContacts);

    /// <summary>Continues a trace that was interrupted; a no-op when it is completed.</summary>
    [Alias("Resume")]
    Task ResumeAsync();
}

[GenerateSerializer, Immutable, Alias("ContactTrace.CaseReportResult")]
public sealed record class CaseReportResult(CaseReportOutcome Outcome, CaseRecord? Case);

/// <summary>What reporting a case did: stored it now, found the same report already there, or found a different one.</summary>
public enum CaseReportOutcome
{
    Created,
    Unchanged,
    Conflict,
}
