namespace ContactTrace.Bench.Baseline;

/// <summary>What the naive COPY load achieved on the same rows.</summary>
internal sealed record class BaselineResult(long Rows, int Batches, TimeSpan Elapsed, double P50Milliseconds, double P99Milliseconds)
{
    public double RowsPerSecond => Rows / Elapsed.TotalSeconds;
}
