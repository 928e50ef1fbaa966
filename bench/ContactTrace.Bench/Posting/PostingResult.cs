using ContactTrace.Bench.Api;

namespace ContactTrace.Bench.Posting;

/// <summary>What one posting run achieved; the rate counts accepted (durable) scans over the posting wall time.</summary>
internal sealed record class PostingResult(
    long Posted, long Accepted, long Duplicates, long Rejected, long Retries, int Batches, TimeSpan Elapsed,
    double P50Milliseconds, double P99Milliseconds, IReadOnlyList<ScanRejection> RejectionSamples)
{
    public double AcceptedPerSecond => Accepted / Elapsed.TotalSeconds;

    public static PostingResult From(PostingTotals totals, TimeSpan elapsed) => new(
        totals.Posted, totals.Accepted, totals.Duplicates, totals.Rejected, totals.Retries, totals.Latencies.Count, elapsed,
        totals.Latencies.Percentile(50), totals.Latencies.Percentile(99), totals.RejectionSamples);
}
