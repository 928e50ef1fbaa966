namespace ContactTrace.Cases;

/// <summary>
/// The state of a case's trace and what it found. <see cref="HomeIsolation"/> counts the household members who
/// share a secondary contact's home isolation; <see cref="BecameCases"/> the contacts (counted in their category) who
/// have since become cases. <see cref="Attempts"/>, <see cref="LastError"/> and <see cref="RetryAt"/> say why a trace
/// that failed is waiting. Fields are appended, so older stored states read with their defaults.
/// </summary>
[GenerateSerializer, Immutable, Alias("ContactTrace.TraceSummary")]
public sealed record class TraceSummary(
    string Status,
    int CloseContacts,
    int SecondaryContacts,
    int VenueExposed,
    DateTimeOffset? CompletedAt,
    int HomeIsolation = 0,
    int BecameCases = 0,
    DateTimeOffset? TierOneCompletedAt = null,
    int Attempts = 0,
    string? LastError = null,
    DateTimeOffset? RetryAt = null)
{
    public static TraceSummary Pending { get; } = new(TraceStatus.Pending, 0, 0, 0, null);
}
