using ContactTrace.Cases;

namespace ContactTrace.Host.Model;

/// <summary>
/// A trace's status and counts: <c>status</c> is <c>pending</c>, <c>queued</c>, <c>running</c>, <c>tier1Completed</c> or
/// <c>completed</c>; <c>homeIsolation</c> counts household members sharing a secondary contact's isolation;
/// <c>becameCases</c> the contacts (counted in their category) who have since become cases; <c>attempts</c>,
/// <c>lastError</c> and <c>retryAt</c> say why a failed trace is waiting to run again.
/// </summary>
public sealed record class TraceView(
    string Status, int CloseContacts, int SecondaryContacts, int VenueExposed, int HomeIsolation, DateTimeOffset? CompletedAt,
    int BecameCases, DateTimeOffset? Tier1CompletedAt, int Attempts, string? LastError, DateTimeOffset? RetryAt)
{
    public static TraceView Of(TraceSummary trace) =>
        new(trace.Status, trace.CloseContacts, trace.SecondaryContacts, trace.VenueExposed, trace.HomeIsolation, trace.CompletedAt,
            trace.BecameCases, trace.TierOneCompletedAt, trace.Attempts, trace.LastError, trace.RetryAt);
}
