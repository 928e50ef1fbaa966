namespace ContactTrace.Bench.Hosting;

/// <summary>
/// The host's venue-index memory, from the gauges <c>contacttrace_venue_index_bytes</c> and
/// <c>contacttrace_venue_index_visits</c> at <c>GET /metrics</c>, when the host exposes them.
/// </summary>
internal sealed record class VenueIndexFigures(double? Bytes, double? Visits)
{
    public const string BytesMetric = "contacttrace_venue_index_bytes";
    public const string VisitsMetric = "contacttrace_venue_index_visits";

    public double? BytesPerVisit => Bytes is { } bytes && Visits is > 0 and var visits ? bytes / visits : null;

    public static VenueIndexFigures Parse(string? metrics) => metrics is null
        ? new VenueIndexFigures(null, null)
        : new VenueIndexFigures(PrometheusText.Sum(metrics, BytesMetric), PrometheusText.Sum(metrics, VisitsMetric));
}
