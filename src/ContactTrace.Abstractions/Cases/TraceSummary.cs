namespace ContactTrace.Cases;

/// <summary>
/// The state of a case's trace and what it found; <see cref="HomeIsolation"/> counts the household members who share
/// a secondary contact's home isolation (added last, so older stored states read as 0).
/// </summary>
[GenerateSerializer, Immutable, Alias("ContactTrace.TraceSummary")]
public sealed record class TraceSummary(string Status, int CloseContacts, int SecondaryContacts, int VenueExposed, DateTimeOffset? CompletedAt, int HomeIsolation = 0)
{
    public static TraceSummary Pending { get; } = new(TraceStatus.Pending, 0, 0, 0, null);
}
