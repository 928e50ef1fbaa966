using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace ContactTrace.Host.Memory;

/// <summary>
/// Once a busy spell has been followed by <see cref="MemoryOptions.TrimWhenQuietFor"/> of quiet, runs one aggressive,
/// compacting full collection, which also decommits the heap's free space, so the host's memory returns toward
/// where it started instead of staying at the spell's peak. It pauses the process (0.7 s for the soak's 1.4 GB), so
/// only on quiet, only when there is enough to give back, and once per process however many silos it hosts.
/// </summary>
internal sealed class IdleMemoryTrimmer(IOptions<MemoryOptions> options, ILogger<IdleMemoryTrimmer> logger) : BackgroundService
{
    /// <summary>Less than this committed beyond the objects the last collection kept is not worth a pause.</summary>
    private const long WorthTrimmingBytes = 64L << 20;

    private static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(5);

    // The collector is the process's: silos sharing one (tests, a cluster in one process) trim it once.
    private static long s_lastTrim;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var quietFor = options.Value.TrimWhenQuietFor;
        if (quietFor <= TimeSpan.Zero)
        {
            return;
        }

        var spell = new QuietSpell(quietFor);
        var started = Stopwatch.GetTimestamp();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Clamp(quietFor.TotalMilliseconds, 100, SampleEvery.TotalMilliseconds)));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (spell.Observe(Stopwatch.GetElapsedTime(started), GC.GetTotalAllocatedBytes()) && NotTrimmedWithin(quietFor))
            {
                Trim();
            }
        }
    }

    private static bool NotTrimmedWithin(TimeSpan quietFor)
    {
        var now = Stopwatch.GetTimestamp();
        var last = Interlocked.Read(ref s_lastTrim);
        return (last == 0 || Stopwatch.GetElapsedTime(last, now) >= quietFor) && Interlocked.CompareExchange(ref s_lastTrim, now, last) == last;
    }

    private void Trim()
    {
        var gc = GC.GetGCMemoryInfo();
        var reclaimable = gc.TotalCommittedBytes - (gc.HeapSizeBytes - gc.FragmentedBytes);
        if (reclaimable < WorthTrimmingBytes)
        {
            logger.LogDebug("Quiet after a busy spell, but only {Megabytes} MiB to give back: not trimmed.", reclaimable >> 20);
            return;
        }

        var before = Environment.WorkingSet;
        var clock = Stopwatch.StartNew();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        logger.LogInformation("Quiet after a busy spell: heap compacted and returned in {Milliseconds} ms; working set {Before} → {After} MiB.",
            clock.ElapsedMilliseconds, before >> 20, Environment.WorkingSet >> 20);
    }
}
