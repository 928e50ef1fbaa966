namespace ContactTrace.Scans;

/// <summary>
/// A presence interval a trace asks a venue about — the case's own, or a close contact's for tier 2 — with whose it
/// is and its number among the trace's sources. A venue never reports a source's own person as exposed to it.
/// </summary>
[GenerateSerializer, Immutable, Alias("ContactTrace.ExposureSource")]
public readonly record struct ExposureSource(
    [property: Id(0)] int Number,
    [property: Id(1)] string PersonId,
    [property: Id(2)] PresenceWindow Window);
