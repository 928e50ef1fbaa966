namespace ContactTrace.Oracle;

/// <summary>
/// A contact a tracer reported after an interview (<c>POST /api/cases/{caseId}/contacts</c>). These live in the
/// case grain's state, not in a table, so the oracle takes them as input: pass the same ones that were posted.
/// </summary>
public sealed record class OracleReportedContact(string CaseId, string PersonId, DateTimeOffset At, DateTimeOffset? Until);
