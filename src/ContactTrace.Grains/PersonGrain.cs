namespace ContactTrace.Grains;

public sealed class PersonGrain(
    [PersistentState("person", StorageNames.Grains)] IPersistentState<PersonState> state,
    IRegistryStore registry) : Grain, IPersonGrain
{
    // Persons may be bulk-loaded into the registry rows; such a person's grain takes its profile from there.
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Profile is null && await registry.GetPersonAsync(this.GetPrimaryKeyString(), cancellationToken) is { } profile)
        {
            state.State = state.State with { Profile = profile };
        }
    }

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
