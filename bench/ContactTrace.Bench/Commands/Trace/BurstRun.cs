using System.Collections.Concurrent;
using ContactTrace.Bench.Api;
using ContactTrace.Bench.Posting;

namespace ContactTrace.Bench.Commands.Trace;

/// <summary>
/// Reports many cases at once, at most <c>concurrency</c> POSTs in flight, while a poller walks the posted,
/// unfinished cases (<see cref="PollConcurrency"/> GETs in flight, a round every <see cref="PollInterval"/>, so
/// that polling 1,000 cases does not itself load the two cores) and notes when each one's trace completed.
/// </summary>
internal sealed class BurstRun(TracingClient client, int concurrency)
{
    private const int PollConcurrency = 16;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    public async Task<BurstResult> RunAsync(IReadOnlyList<CaseBody> cases, TimeSpan timeout, CancellationToken ct)
    {
        var started = new ConcurrentDictionary<string, TimeSpan>(StringComparer.Ordinal);
        var posted = new ConcurrentQueue<string>();
        var completed = new ConcurrentDictionary<string, TimeSpan>(StringComparer.Ordinal);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var clock = Stopwatch.StartNew();

        var postingDone = TimeSpan.Zero;
        var posting = Task.Run(async () =>
        {
            var options = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = stop.Token };
            await Parallel.ForEachAsync(cases, options, async (body, token) =>
            {
                started[body.CaseId] = clock.Elapsed;
                await client.PostCaseAsync(body, token);
                posted.Enqueue(body.CaseId);
            });
            postingDone = clock.Elapsed;
        }, stop.Token);

        var timedOut = false;
        var pending = new List<string>();
        while (completed.Count < cases.Count)
        {
            if (posting.IsFaulted)
            {
                await posting; // rethrows the POST's failure
            }

            while (posted.TryDequeue(out var id))
            {
                pending.Add(id);
            }

            await Parallel.ForEachAsync(pending.ToList(), new ParallelOptions { MaxDegreeOfParallelism = PollConcurrency, CancellationToken = ct }, async (id, token) =>
            {
                if ((await client.GetCaseAsync(id, token)).Trace.IsCompleted)
                {
                    completed.TryAdd(id, clock.Elapsed);
                }
            });
            pending.RemoveAll(completed.ContainsKey);
            if (clock.Elapsed > timeout)
            {
                timedOut = true;
                break;
            }

            if (completed.Count < cases.Count)
            {
                await Task.Delay(PollInterval, ct);
            }
        }

        await stop.CancelAsync();
        try
        {
            await posting;
        }
        catch (OperationCanceledException) when (timedOut)
        {
        }

        var perCase = new Latencies();
        foreach (var (id, done) in completed)
        {
            perCase.Add(done - started[id]);
        }

        var total = completed.IsEmpty ? clock.Elapsed : completed.Values.Max();
        return new BurstResult(cases.Count, completed.Count, timedOut ? clock.Elapsed : total, postingDone, perCase, timedOut);
    }
}
