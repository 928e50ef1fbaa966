namespace ContactTrace.Bench.Api;

/// <summary>What the bench reads of <c>GET /api/cases/{caseId}</c>.</summary>
internal sealed record class CaseAnswer(string CaseId, string PersonId, string ClusterId, TraceAnswer Trace);
