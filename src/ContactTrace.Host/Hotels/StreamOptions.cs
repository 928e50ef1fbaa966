using System.ComponentModel.DataAnnotations;

namespace ContactTrace.Host.Hotels;

/// <summary>The <c>ContactTrace:Streams</c> section: how many server-sent event streams one key may hold open on a silo.</summary>
public sealed class StreamOptions
{
    public const string SectionName = "ContactTrace:Streams";

    /// <summary>Open streams per API key and silo; one more is refused with 429 until one closes.</summary>
    [Range(1, 10_000)]
    public int MaxPerKey { get; set; } = 8;
}
