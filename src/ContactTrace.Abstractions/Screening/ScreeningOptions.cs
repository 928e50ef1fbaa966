using System.ComponentModel.DataAnnotations;

namespace ContactTrace.Screening;

/// <summary>The <c>ContactTrace:Screening</c> section: limits of test ingestion and of the health-code and zone work behind it.</summary>
public sealed class ScreeningOptions
{
    public const string SectionName = "ContactTrace:Screening";

    [Range(1, 50_000)]
    public int MaxBatchSize { get; set; } = 50_000;

    /// <summary>How far in the future a sample or result may be stamped (clock skew of laboratory systems).</summary>
    [Range(0, 1440)]
    public int FutureToleranceMinutes { get; set; } = 5;

    /// <summary>Results older than this are rejected on ingest and purged; health codes read no further back.</summary>
    [Range(1, 3650)]
    public int RetentionDays { get; set; } = 28;

    /// <summary>Positive results reported as cases at once per request, after the batch is durable.</summary>
    [Range(1, 256)]
    public int PositiveFanOut { get; set; } = 32;

    /// <summary>Persons whose health code one refresh transaction re-evaluates.</summary>
    [Range(1, 100_000)]
    public int RefreshBatchSize { get; set; } = 5_000;

    /// <summary>How long the health-code change feed keeps its items.</summary>
    [Range(1, 3650)]
    public int FeedRetentionDays { get; set; } = 28;
}
