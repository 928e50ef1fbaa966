namespace ContactTrace.Cases;

/// <summary>The state of a case's trace and what it found.</summary>
[GenerateSerializer, Immutable, Alias("ContactTrace.TraceSummary")]
public sealed record class TraceSummary(string Status, int CloseContacts, int SecondaryContacts, int VenueExposed, DateTimeOffset? CompletedAt)
{
    public static TraceSummary Pending { get; } = new(TraceStatus.Pending, 0, 0, 0, null);
}
