namespace ContactTrace.Bench.Posting;

/// <summary>Prints a progress line every few seconds while a run lasts, and a last one when it ends.</summary>
internal sealed class ProgressReporter : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(3);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private ProgressReporter(string label, PostingTotals totals, long expected, Stopwatch clock) =>
        _loop = LoopAsync(label, totals, expected, clock, _stop.Token);

    public static ProgressReporter Start(string label, PostingTotals totals, long expected, Stopwatch clock) =>
        new(label, totals, expected, clock);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private static async Task LoopAsync(string label, PostingTotals totals, long expected, Stopwatch clock, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                Print(label, totals, expected, clock);
            }
        }
        catch (OperationCanceledException)
        {
            Print(label, totals, expected, clock);
        }
    }

    private static void Print(string label, PostingTotals totals, long expected, Stopwatch clock)
    {
        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {label}: {totals.Posted:N0}/{expected:N0} scans ({100.0 * totals.Posted / Math.Max(1, expected):F1}%) in {seconds:F1} s, " +
            $"{totals.Accepted / Math.Max(seconds, 0.001):N0} accepted/s; accepted {totals.Accepted:N0}, duplicates {totals.Duplicates:N0}, rejected {totals.Rejected:N0}, retries {totals.Retries:N0}"));
    }
}
