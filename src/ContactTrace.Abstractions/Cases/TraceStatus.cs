namespace ContactTrace.Cases;

/// <summary>
/// Where a case's trace is: <c>pending</c> (stored, not started), <c>queued</c> (waiting for one of the silo's trace
/// slots, or for its retry after a failure), <c>running</c>, <c>tier1Completed</c> (close contacts and venue-exposed
/// durable, assigned and in the hotels' feeds; tier 2 still being traced), <c>completed</c>.
/// </summary>
public static class TraceStatus
{
    public const string Pending = "pending";
    public const string Queued = "queued";
    public const string Running = "running";
    public const string TierOneCompleted = "tier1Completed";
    public const string Completed = "completed";
}
