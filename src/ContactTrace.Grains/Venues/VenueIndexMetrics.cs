namespace ContactTrace.Grains.Venues;

/// <summary>What all venue indexes of this silo hold, exported as <c>contacttrace_venue_index_bytes</c> and <c>_visits</c>.</summary>
internal static class VenueIndexMetrics
{
    private static long s_bytes;
    private static long s_visits;

    static VenueIndexMetrics()
    {
        ContactTraceTelemetry.Meter.CreateObservableGauge("contacttrace.venue_index.bytes", () => Interlocked.Read(ref s_bytes),
            description: "Bytes allocated by the in-memory venue visit indexes of this silo.");
        ContactTraceTelemetry.Meter.CreateObservableGauge("contacttrace.venue_index.visits", () => Interlocked.Read(ref s_visits),
            description: "Visits held by the in-memory venue visit indexes of this silo.");
    }

    public static void Change(long bytes, long visits)
    {
        Interlocked.Add(ref s_bytes, bytes);
        Interlocked.Add(ref s_visits, visits);
    }
}
