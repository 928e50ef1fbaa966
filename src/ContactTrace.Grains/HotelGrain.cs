namespace ContactTrace.Grains;

public sealed class HotelGrain(
    [PersistentState("hotel", StorageNames.Grains)] IPersistentState<HotelState> state,
    IRegistryStore registry) : Grain, IHotelGrain
{
    public async Task SetProfileAsync(HotelProfile profile)
    {
        if (state.State.Profile == profile)
        {
            return;
        }

        await registry.UpsertHotelAsync(this.GetPrimaryKeyString(), profile);
        state.State = state.State with { Profile = profile };
        await state.WriteStateAsync();
    }

    public Task<HotelStatus?> GetAsync() =>
        Task.FromResult(state.State.Profile is { } profile
            ? new HotelStatus(profile, state.State.Occupied, state.State.Awaiting)
            : null);
}
