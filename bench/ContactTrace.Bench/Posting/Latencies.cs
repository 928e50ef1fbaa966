namespace ContactTrace.Bench.Posting;

/// <summary>Request latencies of one run (a few thousand batches at most), summarised by nearest-rank percentiles.</summary>
internal sealed class Latencies
{
    private readonly List<double> _milliseconds = [];
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _milliseconds.Count;
            }
        }
    }

    public void Add(TimeSpan elapsed)
    {
        lock (_lock)
        {
            _milliseconds.Add(elapsed.TotalMilliseconds);
        }
    }

    /// <summary>Adds every latency of <paramref name="other"/> to these.</summary>
    public void AddRange(Latencies other)
    {
        double[] values;
        lock (other._lock)
        {
            values = [.. other._milliseconds];
        }

        lock (_lock)
        {
            _milliseconds.AddRange(values);
        }
    }

    /// <summary>The latency in milliseconds below which <paramref name="percent"/> of requests finished; NaN if none.</summary>
    public double Percentile(double percent)
    {
        lock (_lock)
        {
            if (_milliseconds.Count == 0)
            {
                return double.NaN;
            }

            var sorted = _milliseconds.Order().ToList();
            var rank = (int)Math.Ceiling(percent / 100 * sorted.Count);
            return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
        }
    }
}
