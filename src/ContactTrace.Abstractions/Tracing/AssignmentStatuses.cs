namespace ContactTrace.Tracing;

/// <summary>Wire names of an assignment's status; the lifecycle that moves between them is <see cref="Hotels.AssignmentLifecycle"/>.</summary>
public static class AssignmentStatuses
{
    public const string Assigned = "assigned";
    public const string AwaitingCapacity = "awaiting-capacity";
    public const string CheckedIn = "checked-in";
    public const string Released = "released";
    public const string ConvertedToCase = "converted-to-case";
    public const string Superseded = "superseded";
}
