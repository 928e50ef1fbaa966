using ContactTrace.Bench.Api;

namespace ContactTrace.Bench.Commands.Soak;

/// <summary>
/// Latencies and answers of every request of the soak, per <see cref="RequestKind"/>, for the whole run and for the
/// current minute (which <see cref="TakeMinute"/> hands over and starts afresh), plus the scans acknowledged. An
/// answer is its status code, or <c>timeout</c> / <c>error</c> when none came.
/// </summary>
internal sealed class RequestMeter
{
    private readonly Lock _lock = new();
    private readonly Dictionary<RequestKind, RequestStats> _total = RequestStats.PerKind();
    private Dictionary<RequestKind, RequestStats> _minute = RequestStats.PerKind();
    private long _minuteAccepted;
    private long _accepted;
    private long _duplicates;

    public long Accepted => Interlocked.Read(ref _accepted);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public IReadOnlyDictionary<RequestKind, RequestStats> Total => _total;

    /// <summary>Times <paramref name="request"/> and records its answer; rethrows its failure for the caller to handle.</summary>
    public async Task<T> TimeAsync<T>(RequestKind kind, Func<Task<T>> request, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await request();
            Record(kind, Stopwatch.GetElapsedTime(started), RequestStats.Success);
            return result;
        }
        catch (Exception e) when (Answer(e, ct) is { } answer)
        {
            Record(kind, Stopwatch.GetElapsedTime(started), answer);
            throw;
        }
    }

    public void AddScans(long accepted, long duplicates)
    {
        Interlocked.Add(ref _accepted, accepted);
        Interlocked.Add(ref _duplicates, duplicates);
        Interlocked.Add(ref _minuteAccepted, accepted);
    }

    /// <summary>The minute's figures so far, and a fresh minute from now on.</summary>
    public (IReadOnlyDictionary<RequestKind, RequestStats> Requests, long Accepted) TakeMinute()
    {
        lock (_lock)
        {
            var minute = _minute;
            _minute = RequestStats.PerKind();
            return (minute, Interlocked.Exchange(ref _minuteAccepted, 0));
        }
    }

    /// <summary>True for a failure that is an answer of the host (or its absence) rather than the run being stopped.</summary>
    public static bool IsAnswer(Exception e, CancellationToken ct) => Answer(e, ct) is not null;

    private static string? Answer(Exception e, CancellationToken ct) => e switch
    {
        ApiException api => ((int)api.Status).ToString(CultureInfo.InvariantCulture),
        TaskCanceledException when !ct.IsCancellationRequested => "timeout",
        HttpRequestException => "error",
        _ => null,
    };

    private void Record(RequestKind kind, TimeSpan latency, string answer)
    {
        lock (_lock)
        {
            _minute[kind].Add(latency, answer);
            _total[kind].Add(latency, answer);
        }
    }
}
