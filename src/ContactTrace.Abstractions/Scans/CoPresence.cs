namespace ContactTrace.Scans;

/// <summary>
/// One visit at a venue that overlapped at least one of the queried sources by the policy's minimum: the visit's
/// interval, the span over which it overlapped them (the earliest overlap's start to the latest overlap's end), the
/// first source it overlapped (by start) and how many it overlapped. One item per visit, however many sources it
/// overlapped, so an answer grows with visits, never with visits × sources.
/// </summary>
[GenerateSerializer, Immutable, Alias("ContactTrace.CoPresence")]
public readonly record struct CoPresence(
    [property: Id(0)] string PersonId,
    [property: Id(1)] DateTimeOffset From,
    [property: Id(2)] DateTimeOffset To,
    [property: Id(3)] DateTimeOffset OverlapFrom,
    [property: Id(4)] DateTimeOffset OverlapTo,
    [property: Id(5)] int Source,
    [property: Id(6)] int Sources);
