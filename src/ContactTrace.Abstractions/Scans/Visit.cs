namespace ContactTrace.Scans;

/// <summary>A person's presence at one venue as the venue index holds it (the venue is the grain's key).</summary>
[GenerateSerializer, Immutable, Alias("ContactTrace.Visit")]
public readonly record struct Visit(
    [property: Id(0)] string PersonId,
    [property: Id(1)] DateTimeOffset ScannedAt,
    [property: Id(2)] DateTimeOffset? LeftAt);
