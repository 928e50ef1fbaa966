namespace ContactTrace.Host.Model;

/// <summary>The body of <c>POST /api/cases/{caseId}/withdrawal</c>: why the case is a false positive.</summary>
public sealed record class WithdrawalInput(string? Reason);
