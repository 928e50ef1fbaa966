namespace ContactTrace.Scans;

/// <summary>
/// One record of <c>POST /api/scans</c> as sent. Every field is text so that a bad value rejects its own record,
/// with its reason, instead of failing the whole batch.
/// </summary>
public sealed record class ScanInput(string? ScanId, string? PersonId, string? VenueId, string? ScannedAt, string? LeftAt);
