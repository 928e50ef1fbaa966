using ContactTrace.Bench.Api;
using ContactTrace.Bench.Posting;

namespace ContactTrace.Bench.Commands.Dense;

/// <summary>
/// <c>GET /health/ready</c> one request at a time, a new one <see cref="Interval"/> after the last answered, while a
/// trace runs: how long the host takes to say it is ready when it is busy. A probe still waiting when the probe
/// stops counts with the time it had waited (a lower bound), so a host that stopped answering is not hidden.
/// </summary>
internal sealed class ReadinessProbe(TracingClient client)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    public Latencies Latencies { get; } = new();

    public int Failures { get; private set; }

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await client.GetBodyAsync("health/ready", stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                Latencies.Add(Stopwatch.GetElapsedTime(started));
                return;
            }
            catch (Exception e) when (e is ApiException or HttpRequestException or TaskCanceledException)
            {
                Failures++;
            }

            Latencies.Add(Stopwatch.GetElapsedTime(started));
            try
            {
                await Task.Delay(Interval, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
