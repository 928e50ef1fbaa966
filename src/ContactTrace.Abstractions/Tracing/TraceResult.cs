namespace ContactTrace.Tracing;

/// <summary>What one run of a case's trace found, and the windows it depends on.</summary>
[GenerateSerializer, Immutable, Alias("ContactTrace.TraceResult")]
public sealed record class TraceResult(string CaseId, ImmutableArray<ContactFinding> Findings, ImmutableArray<TraceWatch> Watches);
