using System.ComponentModel.DataAnnotations;

namespace ContactTrace.Grains.Configuration;

/// <summary>The grains' settings in the <c>ContactTrace</c> section: how many trace phases a silo runs at once.</summary>
public sealed class TraceOptions
{
    public const string SectionName = "ContactTrace";

    /// <summary>Trace phases running at once per silo (<see cref="Cases.TraceScheduler"/>): by default twice the cores, at least 2.</summary>
    [Range(1, int.MaxValue)]
    public int TraceConcurrency { get; set; } = Math.Max(2, 2 * Environment.ProcessorCount);
}
