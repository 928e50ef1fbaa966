namespace ContactTrace.Bench.Api;

/// <summary>
/// A case's <c>trace</c>: its status (<c>pending</c>, <c>queued</c>, <c>running</c>, <c>tier1Completed</c> or
/// <c>completed</c>; the host may not know all of them) and the counts found.
/// </summary>
internal sealed record class TraceAnswer(string Status, int CloseContacts, int SecondaryContacts, int VenueExposed, DateTimeOffset? CompletedAt, int HomeIsolation = 0)
{
    public const string Completed = "completed";
    public const string Tier1Completed = "tier1Completed";

    public bool IsCompleted => Status == Completed;
}
