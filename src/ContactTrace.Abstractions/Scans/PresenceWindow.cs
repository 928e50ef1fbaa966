namespace ContactTrace.Scans;

/// <summary>An interval a person of interest was at a venue; co-presence is sought against it.</summary>
[GenerateSerializer, Immutable, Alias("ContactTrace.PresenceWindow")]
public readonly record struct PresenceWindow([property: Id(0)] DateTimeOffset From, [property: Id(1)] DateTimeOffset To);
