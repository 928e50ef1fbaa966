using ContactTrace.Bench.Api;

namespace ContactTrace.Bench.Posting;

/// <summary>Running totals of a posting run, updated by every client at once.</summary>
internal sealed class PostingTotals
{
    private const int SampleRejections = 5;
    private readonly List<ScanRejection> _rejectionSamples = [];
    private long _posted;
    private long _accepted;
    private long _duplicates;
    private long _rejected;
    private long _retries;

    public long Posted => Interlocked.Read(ref _posted);

    public long Accepted => Interlocked.Read(ref _accepted);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public long Rejected => Interlocked.Read(ref _rejected);

    public long Retries => Interlocked.Read(ref _retries);

    public Latencies Latencies { get; } = new();

    public IReadOnlyList<ScanRejection> RejectionSamples
    {
        get
        {
            lock (_rejectionSamples)
            {
                return [.. _rejectionSamples];
            }
        }
    }

    public void Add(int posted, ScanBatchAnswer answer, TimeSpan latency)
    {
        Interlocked.Add(ref _posted, posted);
        Interlocked.Add(ref _accepted, answer.Accepted);
        Interlocked.Add(ref _duplicates, answer.Duplicates);
        Interlocked.Add(ref _rejected, answer.Rejected?.Count ?? 0);
        Latencies.Add(latency);
        if (answer.Rejected is { Count: > 0 } rejected)
        {
            lock (_rejectionSamples)
            {
                _rejectionSamples.AddRange(rejected.Take(SampleRejections - _rejectionSamples.Count));
            }
        }
    }

    public void AddRetry() => Interlocked.Increment(ref _retries);
}
