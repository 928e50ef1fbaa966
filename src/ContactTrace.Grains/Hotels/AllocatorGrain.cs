using Microsoft.Extensions.Logging;

namespace ContactTrace.Grains.Hotels;

/// <summary>
/// Allocation for the whole city, one run at a time: kicks that arrive during a run make one more run, so a burst
/// of traces costs a few bulk runs rather than one per case. A slow timer catches anything a kick missed.
/// </summary>
public sealed class AllocatorGrain(IPlacementStore hotels, DistrictDistances distances, ILogger<AllocatorGrain> logger) : Grain, IAllocatorGrain
{
    private const int BatchSize = 5000;
    private const int HotelFanOut = 16;

    private RunLoop? _runs;

    // A full batch may leave more waiting: the run goes round again.
    private RunLoop Runs => _runs ??= new RunLoop(
        async _ => await AllocateOnceAsync() == BatchSize,
        exception => logger.LogWarning(exception, "Allocation run failed; the next kick or the timer retries it."));

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(KickAsync, new GrainTimerCreationOptions(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)) { KeepAlive = true });
        return Task.CompletedTask;
    }

    public Task KickAsync()
    {
        Runs.Kick();
        return Task.CompletedTask;
    }

    private async Task<int> AllocateOnceAsync()
    {
        var awaiting = await hotels.GetAwaitingAsync(BatchSize);
        if (awaiting.Count == 0)
        {
            return 0;
        }

        var plan = AllocationPlanner.Plan(awaiting, await hotels.GetAvailabilityAsync(), distances);
        var placed = 0;
        await Bounded.ForEachAsync(plan, HotelFanOut, async share =>
            placed += (await GrainFactory.GetGrain<IHotelGrain>(share.Key).PlaceAsync([.. share.Value])).Length);
        return placed == 0 ? 0 : awaiting.Count;
    }
}
