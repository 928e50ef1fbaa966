namespace ContactTrace.Host.Model;

/// <summary>The answer of <c>POST /api/cases</c>: the case is stored and its trace started.</summary>
public sealed record class CaseAccepted(string CaseId, TraceView Trace);
