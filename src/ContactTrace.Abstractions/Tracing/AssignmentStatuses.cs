namespace ContactTrace.Tracing;

/// <summary>An assignment's lifecycle: <c>assigned → checked-in → released</c>, or <c>→ converted-to-case</c>, or <c>→ superseded</c>.</summary>
public static class AssignmentStatuses
{
    public const string Assigned = "assigned";
    public const string AwaitingCapacity = "awaiting-capacity";
    public const string CheckedIn = "checked-in";
    public const string Released = "released";
    public const string ConvertedToCase = "converted-to-case";
    public const string Superseded = "superseded";

    /// <summary>Still running: the person is (or is about to be) under this measure.</summary>
    public static bool IsActive(string status) => status is Assigned or AwaitingCapacity or CheckedIn;
}
