using ContactTrace.Scans;

namespace ContactTrace.Storage;

/// <summary>
/// A scan with its index keys computed and its times in UTC, as the <c>scans</c> table holds it. A class: a batch's
/// rows are sorted and copied, and as 56-byte structs every copy of a batch over ~1,500 rows would be a large-object-heap
/// array; as references, batches up to ~10,000 rows stay off it.
/// </summary>
internal sealed record class ScanRow(Scan Scan, long ScanKey, long VenueKey, long PersonKey, DateTime ScannedAt, DateTime? LeftAt)
{
    public DateOnly Day => DateOnly.FromDateTime(ScannedAt);

    public static ScanRow From(Scan scan) => new(
        scan,
        StableKeys.Of(scan.ScanId),
        StableKeys.Of(scan.VenueId),
        StableKeys.Of(scan.PersonId),
        ToMicroseconds(scan.ScannedAt.UtcDateTime),
        scan.LeftAt is { } leftAt ? ToMicroseconds(leftAt.UtcDateTime) : null);

    // PostgreSQL keeps microseconds; truncate the same way so a stored row compares equal to its source.
    private static DateTime ToMicroseconds(DateTime time) => new(time.Ticks - (time.Ticks % 10), DateTimeKind.Utc);
}
