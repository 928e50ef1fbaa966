namespace ContactTrace.Tracing;

/// <summary>
/// A window a completed trace depends on: a person's own scans (<see cref="Kind"/> <c>person</c>) or others'
/// presence at a venue (<c>venue</c>) during <c>[From, To]</c>. A scan that arrives late and falls inside one
/// re-traces the case.
/// </summary>
[GenerateSerializer, Immutable, Alias("ContactTrace.TraceWatch")]
public sealed record class TraceWatch(string Kind, string Id, DateTimeOffset From, DateTimeOffset To)
{
    public const string PersonKind = "person";
    public const string VenueKind = "venue";
}
