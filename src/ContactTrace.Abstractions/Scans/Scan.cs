namespace ContactTrace.Scans;

/// <summary>One accepted place-code scan: a person at a venue from <see cref="ScannedAt"/> (until <see cref="LeftAt"/> when known).</summary>
[GenerateSerializer, Immutable, Alias("ContactTrace.Scan")]
public sealed record class Scan(string ScanId, string PersonId, string VenueId, DateTimeOffset ScannedAt, DateTimeOffset? LeftAt);
