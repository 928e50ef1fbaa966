namespace ContactTrace.Bench.Commands.Soak;

/// <summary>
/// Starts an action every period whether or not the earlier ones answered (an open loop: a slow host does not slow
/// the arrivals down, so its latency is not hidden), at most <c>maxInFlight</c> at once — a tick that finds them all
/// busy is skipped and counted. Stops starting at <c>stop</c>, then waits for those in flight.
/// </summary>
internal sealed class OpenLoop(TimeSpan period, int maxInFlight)
{
    private int _skipped;

    public int Skipped => _skipped;

    public async Task RunAsync(Func<long, Task> action, CancellationToken stop)
    {
        using var slots = new SemaphoreSlim(maxInFlight);
        var running = new List<Task>();
        using var timer = new PeriodicTimer(period);
        var tick = 0L;
        do
        {
            running.RemoveAll(t => t.IsCompleted);
            if (!slots.Wait(0))
            {
                Interlocked.Increment(ref _skipped);
                continue;
            }

            var number = tick++;
            running.Add(Task.Run(async () =>
            {
                try
                {
                    await action(number);
                }
                finally
                {
                    slots.Release();
                }
            }, CancellationToken.None));
        }
        while (await Tick(timer, stop));

        await Task.WhenAll(running);
    }

    private static async Task<bool> Tick(PeriodicTimer timer, CancellationToken stop)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stop);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
