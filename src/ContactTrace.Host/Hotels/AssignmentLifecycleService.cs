using ContactTrace.Hotels;

namespace ContactTrace.Host.Hotels;

/// <summary>
/// Ends assignments whose period is over (<c>→ released</c>, freeing rooms) every minute, and at every start: the
/// schedule is the assignments' own end times in storage, so a restart misses nothing. At start it also resumes
/// allocation and every hotel's webhook delivery.
/// </summary>
public sealed class AssignmentLifecycleService(
    IPlacementStore placements,
    IHotelFeedStore feeds,
    IGrainFactory grains,
    [FromKeyedServices(Clock.Key)] TimeProvider time,
    ILogger<AssignmentLifecycleService> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await ResumeAsync(stoppingToken);
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            await ReleaseEndedAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task ResumeAsync(CancellationToken stoppingToken)
    {
        try
        {
            await grains.GetGrain<IAllocatorGrain>(IAllocatorGrain.CityKey).KickAsync();
            foreach (var hotelId in await feeds.GetWebhookHotelsAsync(stoppingToken))
            {
                await grains.GetGrain<IWebhookGrain>(hotelId).KickAsync();
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "Could not resume allocation or webhook delivery at start; their timers retry.");
        }
    }

    private async Task ReleaseEndedAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (await placements.ReleaseEndedAsync(time.GetUtcNow(), stoppingToken) > 0)
            {
                await grains.GetGrain<IAllocatorGrain>(IAllocatorGrain.CityKey).KickAsync();
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "Releasing ended assignments failed; retried within a minute.");
        }
    }
}
