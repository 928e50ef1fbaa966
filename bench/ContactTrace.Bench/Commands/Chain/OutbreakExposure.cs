namespace ContactTrace.Bench.Commands.Chain;

/// <summary>An exposure edge as the <c>exposures</c> table holds it (kind venue or household; tier 2 names its close contact).</summary>
internal sealed record class OutbreakExposure(string Kind, string? VenueId, string? ViaPersonId, DateTimeOffset From, DateTimeOffset Until);
