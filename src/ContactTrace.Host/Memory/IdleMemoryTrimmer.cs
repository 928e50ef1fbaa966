using System.Diagnostics;

using Microsoft.Extensions.Options;

namespace ContactTrace.Host.Memory;

/// <summary>
/// Once a busy spell has been followed by <see cref="MemoryOptions.TrimWhenQuietFor"/> of quiet, runs one aggressive,
/// compacting full collection, which also decommits the heap's free space, so the host's memory returns toward
/// where it started instead of staying at the spell's peak. Only on quiet: it pauses the process for a moment.
/// </summary>
internal sealed class IdleMemoryTrimmer(IOptions<MemoryOptions> options, ILogger<IdleMemoryTrimmer> logger) : BackgroundService
{
    private static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var quietFor = options.Value.TrimWhenQuietFor;
        if (quietFor <= TimeSpan.Zero)
        {
            return;
        }

        // The process's own clock, not the domain's (Clock.Key), which tests may hold still.
        var spell = new QuietSpell(quietFor);
        using var timer = new PeriodicTimer(quietFor < SampleEvery ? quietFor : SampleEvery);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (spell.Observe(DateTimeOffset.UtcNow, GC.GetTotalAllocatedBytes()))
            {
                Trim();
            }
        }
    }

    private void Trim()
    {
        var before = Environment.WorkingSet;
        var clock = Stopwatch.StartNew();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        logger.LogInformation("Quiet after a busy spell: heap compacted and returned in {Milliseconds} ms; working set {Before} → {After} MiB.",
            clock.ElapsedMilliseconds, before >> 20, Environment.WorkingSet >> 20);
    }
}
