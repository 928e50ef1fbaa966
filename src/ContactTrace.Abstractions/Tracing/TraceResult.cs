namespace ContactTrace.Tracing;

/// <summary>What one run of a case's trace found (the windows it depends on are stored as it goes: <see cref="ITraceStore.AddWatchesAsync"/>).</summary>
[GenerateSerializer, Immutable, Alias("ContactTrace.TraceResult")]
public sealed record class TraceResult(string CaseId, ImmutableArray<ContactFinding> Findings);
