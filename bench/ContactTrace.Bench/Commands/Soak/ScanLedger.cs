using System.Collections.Concurrent;

namespace ContactTrace.Bench.Commands.Soak;

/// <summary>
/// Every batch the posters sent, by its id (<see cref="LiveScans.BatchId"/>): its size, and the host's final answer
/// (accepted, duplicates, rejected) when one acknowledged it — after retries, so a batch stored by an attempt that
/// answered 500 comes back as duplicates. Null for a batch that was never acknowledged.
/// </summary>
internal sealed class ScanLedger
{
    private readonly ConcurrentDictionary<string, (int Size, Acknowledgement? Answer)> _batches = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, (int Size, Acknowledgement? Answer)> Batches => _batches;

    public void Sent(string batchId, int size, Acknowledgement? answer) => _batches[batchId] = (size, answer);
}

/// <summary>The answer of <c>POST /api/scans</c> that acknowledged a batch.</summary>
internal sealed record class Acknowledgement(long Accepted, long Duplicates, int Rejected)
{
    public long Stored => Accepted + Duplicates;
}
