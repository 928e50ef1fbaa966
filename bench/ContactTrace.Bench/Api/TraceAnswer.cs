namespace ContactTrace.Bench.Api;

/// <summary>A case's <c>trace</c>: status <c>pending</c>, <c>running</c> or <c>completed</c>, and the counts found.</summary>
internal sealed record class TraceAnswer(string Status, int CloseContacts, int SecondaryContacts, int VenueExposed, DateTimeOffset? CompletedAt)
{
    public bool IsCompleted => Status == "completed";
}
