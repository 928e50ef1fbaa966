using ContactTrace.Cases;

namespace ContactTrace.Host.Model;

/// <summary>A trace's status and counts; <c>homeIsolation</c> counts household members sharing a secondary contact's isolation.</summary>
public sealed record class TraceView(string Status, int CloseContacts, int SecondaryContacts, int VenueExposed, int HomeIsolation, DateTimeOffset? CompletedAt)
{
    public static TraceView Of(TraceSummary trace) =>
        new(trace.Status, trace.CloseContacts, trace.SecondaryContacts, trace.VenueExposed, trace.HomeIsolation, trace.CompletedAt);
}
