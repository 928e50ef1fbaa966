namespace ContactTrace.Cases;

/// <summary>What reporting a case did: stored it now, found the same report already there, or found a different one.</summary>
public enum CaseReportOutcome
{
    Created,
    Unchanged,
    Conflict,
}
