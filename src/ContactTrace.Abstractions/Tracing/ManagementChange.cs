namespace ContactTrace.Tracing;

/// <summary>What applying a finding to a person changes: the new management, new assignments, and old ones ending.</summary>
public sealed record class ManagementChange(
    PersonManagement Management,
    ImmutableArray<Assignment> Added,
    ImmutableArray<AssignmentStatusChange> Ended);
