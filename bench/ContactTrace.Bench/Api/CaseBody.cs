namespace ContactTrace.Bench.Api;

/// <summary>The body of <c>POST /api/cases</c> as the bench sends it (reportedAt left to the host: now).</summary>
internal sealed record class CaseBody(string CaseId, string PersonId, string Classification, DateTimeOffset SampledAt);
