using System.ComponentModel.DataAnnotations;

namespace ContactTrace.Scans;

/// <summary>The <c>ContactTrace:Scans</c> section: limits and horizons of scan ingestion and the venue indexes.</summary>
public sealed class ScanOptions
{
    public const string SectionName = "ContactTrace:Scans";

    /// <summary>Scans older than this are rejected on ingest and purged from storage.</summary>
    [Range(1, 3650)]
    public int RetentionDays { get; set; } = 28;

    /// <summary>How far back a venue grain keeps visits in memory; older visits are read from PostgreSQL when asked.</summary>
    [Range(1, 3650)]
    public int VenueIndexHorizonDays { get; set; } = 7;

    [Range(1, 50_000)]
    public int MaxBatchSize { get; set; } = 50_000;

    /// <summary>How far in the future a scan may be stamped (clock skew of scanning devices).</summary>
    [Range(0, 1440)]
    public int FutureToleranceMinutes { get; set; } = 5;

    /// <summary>The longest presence a scan's <c>leftAt</c> may claim.</summary>
    [Range(1, 168)]
    public int MaxStayHours { get; set; } = 24;

    /// <summary>Venue grain calls in flight at once per ingest request.</summary>
    [Range(1, 1024)]
    public int VenueFanOut { get; set; } = 64;
}
