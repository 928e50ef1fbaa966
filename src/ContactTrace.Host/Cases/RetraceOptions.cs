namespace ContactTrace.Host.Cases;

/// <summary>The <c>ContactTrace:Retraces</c> section: whether this silo hands recorded re-trace requests to the case grains.</summary>
public sealed class RetraceOptions
{
    public const string SectionName = "ContactTrace:Retraces";

    /// <summary>
    /// On by default. Off, this silo still records requests (they wait durably) but leaves handing them out to the
    /// others — e.g. on a silo kept for ingestion only, or while an operator holds re-tracing.
    /// </summary>
    public bool Dispatch { get; set; } = true;
}
