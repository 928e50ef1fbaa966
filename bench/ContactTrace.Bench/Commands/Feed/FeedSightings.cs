using System.Collections.Concurrent;

namespace ContactTrace.Bench.Commands.Feed;

/// <summary>When each case's first item was seen by one reader of the hotel's feed, on the run's clock.</summary>
internal sealed class FeedSightings(Stopwatch clock)
{
    private readonly ConcurrentDictionary<string, TimeSpan> _first = new(StringComparer.Ordinal);
    private long _items;

    public int Cases => _first.Count;

    public long Items => Interlocked.Read(ref _items);

    public void Saw(string caseId)
    {
        Interlocked.Increment(ref _items);
        _first.TryAdd(caseId, clock.Elapsed);
    }

    public bool TryGet(string caseId, out TimeSpan at) => _first.TryGetValue(caseId, out at);

    public bool HasAll(IEnumerable<string> caseIds) => caseIds.All(_first.ContainsKey);
}
