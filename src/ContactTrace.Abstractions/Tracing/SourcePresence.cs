namespace ContactTrace.Tracing;

/// <summary>
/// A presence interval a trace sought exposures against: the case's person at a venue (tier 1), or a close
/// contact's (tier 2). Stored once per trace; evidence refers to it instead of repeating it per exposed person.
/// </summary>
[GenerateSerializer, Immutable, Alias("ContactTrace.SourcePresence")]
public sealed record class SourcePresence(string PersonId, string VenueId, DateTimeOffset From, DateTimeOffset Until)
{
    /// <summary>What this source is, stable across runs of a trace.</summary>
    public string Identity => $"{PersonId}|{VenueId}|{From.UtcTicks}|{Until.UtcTicks}";
}
