namespace ContactTrace.Tracing;

/// <summary>
/// What applying a finding to a person changes: the new management, new assignments, old ones ending, and running
/// ones that continue with a new period (<see cref="Extended"/>: same assignment id, hotel and status).
/// </summary>
public sealed record class ManagementChange(
    PersonManagement Management,
    ImmutableArray<Assignment> Added,
    ImmutableArray<AssignmentStatusChange> Ended,
    ImmutableArray<AssignmentExtension> Extended);

/// <summary>A running assignment that continues with a new period, and why (a hotel's feed shows it as one item).</summary>
public sealed record class AssignmentExtension(string AssignmentId, DateTimeOffset Start, DateTimeOffset End, string Reason)
{
    /// <summary>A later exposure lengthened the measure the person is in.</summary>
    public const string LaterExposure = "extended";
}

/// <summary>An existing assignment moving to another status (superseded, converted to a case).</summary>
[GenerateSerializer, Immutable, Alias("ContactTrace.AssignmentStatusChange")]
public sealed record class AssignmentStatusChange(string AssignmentId, string Status);
