namespace ContactTrace.Tracing;

/// <summary>
/// One piece of evidence that a person was exposed: where (venue, household, reported setting), when, and for
/// tier 2 through which close contact (<see cref="ViaPersonId"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("ContactTrace.Exposure")]
public sealed record class Exposure(
    string Kind,
    string? VenueId,
    DateTimeOffset From,
    DateTimeOffset Until,
    string? ViaPersonId,
    string? Setting);
