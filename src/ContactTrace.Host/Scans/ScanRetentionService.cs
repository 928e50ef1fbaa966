using ContactTrace.Scans;
using Microsoft.Extensions.Options;

namespace ContactTrace.Host.Scans;

/// <summary>
/// Purges scans, exposure evidence and trace watches past the retention period: at every start (so a restart never skips a purge) and hourly after.
/// Dropping a day's partition is idempotent, so several silos doing it at once is harmless.
/// </summary>
public sealed class ScanRetentionService(
    IScanStore store,
    ITraceResults traces,
    IOptions<ScanOptions> options,
    [FromKeyedServices(Clock.Key)] TimeProvider time,
    ILogger<ScanRetentionService> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            await PurgeOnceAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task PurgeOnceAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow().AddDays(-options.Value.RetentionDays);
        try
        {
            var purged = await store.PurgeBeforeAsync(cutoff, cancellationToken);
            var evidence = await traces.PurgeBeforeAsync(cutoff, cancellationToken);
            if (purged + evidence > 0)
            {
                logger.LogInformation("Retention: purged scans older than {Cutoff:u} ({Purged} day partitions or rows) and {Evidence} exposure and watch rows.", cutoff, purged, evidence);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "Retention purge failed; it is retried within the hour.");
        }
    }
}
