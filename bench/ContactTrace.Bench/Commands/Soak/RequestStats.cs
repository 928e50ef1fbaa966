using ContactTrace.Bench.Posting;

namespace ContactTrace.Bench.Commands.Soak;

/// <summary>One kind's latencies and the count of each answer other than a success.</summary>
internal sealed class RequestStats
{
    public const string Success = "2xx";

    public Latencies Latencies { get; } = new();

    public SortedDictionary<string, int> Failures { get; } = new(StringComparer.Ordinal);

    public int Count => Latencies.Count;

    public int ServerErrors => Failures.Where(f => f.Key.StartsWith('5')).Sum(f => f.Value);

    public static Dictionary<RequestKind, RequestStats> PerKind() => RequestKinds.All.ToDictionary(k => k, _ => new RequestStats());

    public void Add(TimeSpan latency, string answer)
    {
        Latencies.Add(latency);
        if (answer != Success)
        {
            Failures[answer] = Failures.GetValueOrDefault(answer) + 1;
        }
    }
}
