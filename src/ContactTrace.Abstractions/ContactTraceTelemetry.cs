using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ContactTrace;

/// <summary>Our own activity source and meter; the host subscribes to both by <see cref="Name"/>.</summary>
public static class ContactTraceTelemetry
{
    public const string Name = "ContactTrace";

    public static ActivitySource ActivitySource { get; } = new(Name);

    public static Meter Meter { get; } = new(Name);
}
