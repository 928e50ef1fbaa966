using ContactTrace.Bench.Report;

namespace ContactTrace.Bench.Commands.Soak;

/// <summary>
/// One minute of the soak: the host's resident memory and threads at its end, the parts of it that hold the city's data
/// by design — the venue grains' visit indexes (<c>contacttrace_venue_index_bytes</c>: every visit of the horizon) and
/// the health-code board (<c>contacttrace_health_codes_board_bytes</c>: every code not green) —, the GC heap as its last
/// collection left it and the free space within it (<c>dotnet_gc_last_collection_heap_size_bytes</c> and
/// <c>_fragmentation_size_bytes</c> over all generations: what RSS holds beyond live objects), PostgreSQL connections, scans accepted
/// per second, the trace queue from <c>/metrics</c> (null when the host has no such gauge), traces not completed
/// among all cases (the <c>cases</c> table), and each request kind's latencies and failures within the minute.
/// </summary>
internal sealed record class MinuteSample(
    int Minute,
    long? ResidentBytes,
    double? VenueIndexBytes,
    double? BoardBytes,
    double? HeapBytes,
    double? HeapFreeBytes,
    int? Threads,
    long? PostgresConnections,
    double AcceptedPerSecond,
    double? Queued,
    double? Running,
    long? OpenTraces,
    long? Cases,
    IReadOnlyDictionary<RequestKind, RequestStats> Requests)
{
    public static readonly string[] Headers =
        ["min", "RSS", "venue index", "code board", "GC heap/free", "threads", "host pg conns", "scans/s", "trace queue/running", "open traces/cases", .. RequestKinds.All.Select(k => RequestKinds.Label(k) + " p50/p99 ms"), "non-2xx"];

    public string[] Cells() =>
    [
        Minute.ToString(CultureInfo.InvariantCulture),
        ResidentBytes is { } rss ? Figures.Megabytes(rss) : "-",
        VenueIndexBytes is { } index ? Figures.Megabytes((long)index) : "-",
        BoardBytes is { } board ? Figures.Megabytes((long)board) : "-",
        HeapBytes is { } heap && HeapFreeBytes is { } free ? $"{Figures.Megabytes((long)heap)}/{Figures.Megabytes((long)free)}" : "-",
        Threads?.ToString(CultureInfo.InvariantCulture) ?? "-",
        PostgresConnections?.ToString(CultureInfo.InvariantCulture) ?? "-",
        Figures.Count(AcceptedPerSecond),
        Queued is null && Running is null ? "-" : $"{Gauge(Queued)}/{Gauge(Running)}",
        OpenTraces is { } open ? $"{Figures.Count(open)}/{Figures.Count(Cases ?? 0)}" : "-",
        .. RequestKinds.All.Select(k => Percentiles(Requests[k])),
        Failures(Requests),
    ];

    /// <summary>Resident memory less what holds the city's data by design; null when a part is unknown.</summary>
    public double? ResidentBytesBesidesData => ResidentBytes is { } rss && VenueIndexBytes is { } index && BoardBytes is { } board ? rss - index - board : null;

    public static string Percentiles(RequestStats stats) =>
        stats.Count == 0 ? "-" : $"{Whole(stats.Latencies.Percentile(50))}/{Whole(stats.Latencies.Percentile(99))}";

    public static string Failures(IReadOnlyDictionary<RequestKind, RequestStats> requests)
    {
        var failures = requests
            .SelectMany(r => r.Value.Failures.Select(f => $"{RequestKinds.Label(r.Key)} {f.Key}×{f.Value}"))
            .ToList();
        return failures.Count == 0 ? "none" : string.Join(", ", failures);
    }

    private static string Gauge(double? value) => value is { } v ? Figures.Count(v) : "-";

    private static string Whole(double milliseconds) => milliseconds.ToString("F0", CultureInfo.InvariantCulture);
}
