using System.ComponentModel.DataAnnotations;

namespace ContactTrace.Host.Memory;

/// <summary>The <c>ContactTrace:Memory</c> section: when the host hands memory back after a busy spell.</summary>
public sealed class MemoryOptions
{
    public const string SectionName = "ContactTrace:Memory";

    /// <summary>
    /// How long the host must have been quiet (allocating less than <see cref="QuietSpell.QuietBytesPerSecond"/>)
    /// before it compacts its heap and returns the free part to the operating system, once per quiet spell. The
    /// garbage collector only runs when something allocates, so without this a host that went quiet after a surge
    /// keeps the surge's memory until the next one. 1 minute by default; zero turns it off.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "ContactTrace:Memory:TrimWhenQuietFor must be between 00:00:00 (off) and 1.00:00:00.")]
    public TimeSpan TrimWhenQuietFor { get; set; } = TimeSpan.FromMinutes(1);
}
