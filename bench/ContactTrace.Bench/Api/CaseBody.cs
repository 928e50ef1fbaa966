namespace ContactTrace.Bench.Api;

/// <summary>The body of <c>POST /api/cases</c> as the bench sends it; without <c>reportedAt</c> the host takes now.</summary>
internal sealed record class CaseBody(string CaseId, string PersonId, string Classification, DateTimeOffset SampledAt, DateTimeOffset? ReportedAt = null);
