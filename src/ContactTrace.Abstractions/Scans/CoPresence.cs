namespace ContactTrace.Scans;

/// <summary>A person found at the venue overlapping a queried window: their interval, the overlap, and which of the queried windows (by index) it overlapped.</summary>
[GenerateSerializer, Immutable, Alias("ContactTrace.CoPresence")]
public readonly record struct CoPresence(
    [property: Id(0)] string PersonId,
    [property: Id(1)] DateTimeOffset From,
    [property: Id(2)] DateTimeOffset To,
    [property: Id(3)] DateTimeOffset OverlapFrom,
    [property: Id(4)] DateTimeOffset OverlapTo,
    [property: Id(5)] int Window);
