namespace ContactTrace.CityGenerator;

/// <summary>One place-code scan, the API's scan record: times are UTC, <see cref="LeftAt"/> is optional.</summary>
public sealed record class Scan(string ScanId, string PersonId, string VenueId, DateTimeOffset ScannedAt, DateTimeOffset? LeftAt);
