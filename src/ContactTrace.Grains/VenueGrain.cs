namespace ContactTrace.Grains;

public sealed class VenueGrain(
    [PersistentState("venue", StorageNames.Grains)] IPersistentState<VenueState> state,
    IRegistryStore registry) : Grain, IVenueGrain
{
    public async Task SetProfileAsync(VenueProfile profile)
    {
        if (state.State.Profile == profile)
        {
            return;
        }

        await registry.UpsertVenueAsync(this.GetPrimaryKeyString(), profile);
        state.State = state.State with { Profile = profile };
        await state.WriteStateAsync();
    }

    public Task<VenueProfile?> GetProfileAsync() => Task.FromResult(state.State.Profile);
}
