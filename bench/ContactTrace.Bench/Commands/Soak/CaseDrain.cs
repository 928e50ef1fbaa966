using System.Collections.Concurrent;
using System.Net;
using ContactTrace.Bench.Api;

namespace ContactTrace.Bench.Commands.Soak;

/// <summary>
/// After the load stops: every case the reporter posted, read with <c>GET /api/cases/{id}</c> (<see cref="Concurrency"/>
/// at a time, a round every <see cref="Interval"/>) until each one's trace is completed or the budget runs out. A
/// case the host does not know (404: its POST failed before storing it) is set aside, not waited for. The drain time
/// is when the last trace was seen completed, from the load's end.
/// </summary>
internal static class CaseDrain
{
    private const int Concurrency = 8;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    public static async Task<DrainResult> WaitAsync(TracingClient client, IReadOnlyCollection<string> caseIds, TimeSpan budget, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var pending = caseIds.ToList();
        var unknown = new ConcurrentBag<string>();
        var completed = new ConcurrentDictionary<string, TimeSpan>(StringComparer.Ordinal);
        var failedReads = 0;
        while (pending.Count > 0 && clock.Elapsed <= budget)
        {
            await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = ct }, async (id, token) =>
            {
                try
                {
                    if ((await client.GetCaseAsync(id, token)).Trace.IsCompleted)
                    {
                        completed.TryAdd(id, clock.Elapsed);
                    }
                }
                catch (ApiException e) when (e.Status == HttpStatusCode.NotFound)
                {
                    unknown.Add(id);
                }
                catch (Exception e) when (RequestMeter.IsAnswer(e, token))
                {
                    Interlocked.Increment(ref failedReads);
                }
            });
            pending.RemoveAll(id => completed.ContainsKey(id) || unknown.Contains(id));
            if (pending.Count > 0)
            {
                await Task.Delay(Interval, ct);
            }
        }

        var drained = completed.IsEmpty ? TimeSpan.Zero : completed.Values.Max();
        return new DrainResult(caseIds.Count, completed.Count, unknown.Count, pending, failedReads, pending.Count == 0 ? drained : null);
    }
}

/// <summary>
/// The backlog after the load: how many cases were posted, completed, unknown to the host, still not completed when
/// the budget ran out, how many reads failed, and the time until the last completed (null when some never did).
/// </summary>
internal sealed record class DrainResult(int Posted, int Completed, int Unknown, IReadOnlyList<string> NotCompleted, int FailedReads, TimeSpan? Drained);
