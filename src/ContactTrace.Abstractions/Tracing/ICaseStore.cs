using ContactTrace.Cases;

namespace ContactTrace.Tracing;

/// <summary>
/// Cases as records: reported (their clusters merging when a new link joins them), traced, withdrawn. The trace's
/// findings are <see cref="ITraceResults"/>'; a person's management is <see cref="IManagementStore"/>'s.
/// </summary>
public interface ICaseStore
{
    /// <summary>Stores the case row (insert or update) and, when it has sources, merges their clusters into its own.</summary>
    Task SaveCaseAsync(CaseRecord record, CancellationToken cancellationToken = default);

    /// <summary>Stores the trace status and figures of a case (not its report: that is <see cref="SaveCaseAsync"/>'s).</summary>
    Task SaveTraceAsync(string caseId, TraceSummary trace, CancellationToken cancellationToken = default);

    /// <summary>Cases whose trace has not completed (reported, then the process stopped), oldest first.</summary>
    Task<IReadOnlyList<string>> FindUnfinishedCasesAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Withdraws a false-positive case (<see cref="WithdrawalRules"/>): marks it, and ends every management it alone
    /// caused; returns the persons whose management ended. A phase of its trace written afterwards writes nothing.
    /// </summary>
    Task<IReadOnlyList<string>> WithdrawAsync(string caseId, CaseWithdrawal withdrawal, CancellationToken cancellationToken = default);
}
