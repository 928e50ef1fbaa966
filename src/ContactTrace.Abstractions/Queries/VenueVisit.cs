namespace ContactTrace.Queries;

/// <summary>One scan at a venue: who, from when, until when (when they scanned out).</summary>
public sealed record class VenueVisit(string ScanId, string PersonId, DateTimeOffset ScannedAt, DateTimeOffset? LeftAt)
{
    public ListKey Key => new(ScannedAt, ScanId);
}
