namespace ContactTrace.Grains;

public sealed class PersonGrain(
    [PersistentState("person", StorageNames.Grains)] IPersistentState<PersonState> state,
    IRegistryStore registry) : Grain, IPersonGrain
{
    public async Task SetProfileAsync(PersonProfile profile)
    {
        if (state.State.Profile == profile)
        {
            return;
        }

        // The row first: tracing reads households from it, and a retry of the whole call repairs either half.
        await registry.UpsertPersonAsync(this.GetPrimaryKeyString(), profile);
        state.State = state.State with { Profile = profile };
        await state.WriteStateAsync();
    }

    public Task<PersonSnapshot?> GetAsync() =>
        Task.FromResult(state.State.Profile is { } profile ? new PersonSnapshot(profile, state.State.Management) : null);
}
