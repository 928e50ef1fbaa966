namespace ContactTrace.Host.Model;

/// <summary>The body of <c>PUT /api/venues/{venueId}</c>.</summary>
public sealed record class VenueRegistration(string? Name, string? District, string? Kind);
