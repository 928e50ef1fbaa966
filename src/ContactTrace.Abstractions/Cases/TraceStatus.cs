namespace ContactTrace.Cases;

/// <summary>Where a case's trace is: <c>pending</c> (stored, not started), <c>running</c>, <c>completed</c>.</summary>
public static class TraceStatus
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Completed = "completed";
}
