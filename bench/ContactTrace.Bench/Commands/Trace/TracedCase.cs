using ContactTrace.Bench.Api;

namespace ContactTrace.Bench.Commands.Trace;

/// <summary>A case the host traced: from POST to the status seen <c>completed</c>, and the counts it found.</summary>
internal sealed record class TracedCase(string CaseId, string PersonId, TimeSpan Elapsed, TraceAnswer Trace);
