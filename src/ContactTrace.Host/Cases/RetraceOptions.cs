namespace ContactTrace.Host.Cases;

/// <summary>The <c>ContactTrace:Retraces</c> section: whether this silo hands recorded re-trace requests to the case grains, and how soon.</summary>
public sealed class RetraceOptions
{
    public const string SectionName = "ContactTrace:Retraces";

    /// <summary>
    /// On by default. Off, this silo still records requests (they wait durably) but leaves handing them out to the
    /// others — e.g. on a silo kept for ingestion only, or while an operator holds re-tracing.
    /// </summary>
    public bool Dispatch { get; set; } = true;

    /// <summary>
    /// How long an extension (a close contact scanned, or a venue read through them saw someone new) waits before it
    /// is handed out, so that the scans arriving meanwhile for the same case make one run; whole re-traces go at once.
    /// 30 s by default: a secondary contact found half a minute later changes nothing for them, while a close contact
    /// who keeps scanning until isolated would otherwise extend every case they belong to with each batch.
    /// </summary>
    public TimeSpan ExtensionDelay { get; set; } = TimeSpan.FromSeconds(30);
}
