namespace ContactTrace.Tracing;

/// <summary>
/// One piece of evidence that a person was exposed: where (venue, household, reported setting), when, and for
/// tier 2 through which close contact (<see cref="ViaPersonId"/>). A venue exposure is one visit of the person's:
/// <see cref="From"/>–<see cref="Until"/> spans its overlap with the <see cref="SourceCount"/> presence intervals it
/// overlapped, of which <see cref="Source"/> is the first (the case's own, or a close contact's). Evidence refers to
/// sources; it never repeats them per pair of people.
/// </summary>
[GenerateSerializer, Immutable, Alias("ContactTrace.Exposure")]
public sealed record class Exposure(
    string Kind,
    string? VenueId,
    DateTimeOffset From,
    DateTimeOffset Until,
    string? ViaPersonId,
    string? Setting,
    int SourceCount = 1,
    SourcePresence? Source = null,
    DateTimeOffset? VisitFrom = null)
{
    /// <summary>What this evidence is about, stable across runs of a trace: the visit, or the household link, or the interview.</summary>
    public string Identity => Kind == ExposureKinds.Venue
        ? $"{Kind}|{VenueId}|{(VisitFrom ?? From).UtcTicks}"
        : $"{Kind}|{ViaPersonId}|{Setting}|{From.UtcTicks}|{Until.UtcTicks}";
}
