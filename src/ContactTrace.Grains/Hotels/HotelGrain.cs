using Microsoft.Extensions.DependencyInjection;

namespace ContactTrace.Grains.Hotels;

public sealed class HotelGrain(
    [PersistentState("hotel", StorageNames.Grains)] IPersistentState<HotelState> state,
    IRegistryStore registry,
    IPlacementStore hotels,
    [FromKeyedServices(Clock.Key)] TimeProvider time) : Grain, IHotelGrain
{
    private string HotelId => this.GetPrimaryKeyString();

    private IAllocatorGrain Allocator => GrainFactory.GetGrain<IAllocatorGrain>(IAllocatorGrain.CityKey);

    public async Task SetProfileAsync(HotelProfile profile)
    {
        if (state.State.Profile == profile)
        {
            return;
        }

        await registry.UpsertHotelAsync(HotelId, profile);
        state.State = state.State with { Profile = profile };
        await state.WriteStateAsync();
        await Allocator.KickAsync();
    }

    public async Task<HotelStatus?> GetAsync()
    {
        if (state.State.Profile is not { } profile)
        {
            return null;
        }

        var occupancy = await hotels.GetOccupancyAsync(HotelId);
        return new HotelStatus(profile, occupancy.Occupied, occupancy.Awaiting);
    }

    public async Task<ImmutableArray<string>> PlaceAsync(ImmutableArray<string> assignmentIds) =>
        state.State.Profile is null ? [] : [.. await hotels.PlaceAsync(HotelId, assignmentIds)];

    public Task<LifecycleOutcome> CheckInAsync(string assignmentId) => CheckInAtAsync(assignmentId, time.GetUtcNow());

    public Task<LifecycleOutcome> CheckInAtAsync(string assignmentId, DateTimeOffset arrivedAt) => hotels.CheckInAsync(HotelId, assignmentId, arrivedAt);

    public Task<LifecycleOutcome> CheckOutAsync(string assignmentId) => CheckOutAtAsync(assignmentId, time.GetUtcNow());

    public async Task<LifecycleOutcome> CheckOutAtAsync(string assignmentId, DateTimeOffset leftAt)
    {
        var outcome = await hotels.CheckOutAsync(HotelId, assignmentId, leftAt);
        if (outcome == LifecycleOutcome.Done)
        {
            // A room is free: the longest-waiting person gets it.
            await Allocator.KickAsync();
        }

        return outcome;
    }
}
