namespace ContactTrace.Bench.Api;

/// <summary>The body of <c>PUT /api/venues/{venueId}</c>.</summary>
internal sealed record class VenueBody(string Name, string District, string Kind);
