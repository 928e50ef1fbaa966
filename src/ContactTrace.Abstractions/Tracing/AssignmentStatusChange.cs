namespace ContactTrace.Tracing;

/// <summary>An existing assignment moving to another status (superseded, converted to a case).</summary>
[GenerateSerializer, Immutable, Alias("ContactTrace.AssignmentStatusChange")]
public sealed record class AssignmentStatusChange(string AssignmentId, string Status);
