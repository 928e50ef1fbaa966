using Microsoft.Extensions.DependencyInjection;

namespace ContactTrace.Grains;

public sealed class PersonGrain(
    [PersistentState("person", StorageNames.Grains)] IPersistentState<PersonState> state,
    IRegistryStore registry,
    IManagementStore managements,
    ITraceRequests retraces,
    [FromKeyedServices(Clock.Key)] TimeProvider time) : Grain, IPersonGrain
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
        var joined = profile.HouseholdId is { } household && household != state.State.Profile?.HouseholdId ? household : null;
        await registry.UpsertPersonAsync(this.GetPrimaryKeyString(), profile);
        if (joined is not null)
        {
            // Late registry facts re-trace: the person's own cases, and the open windows of close contacts they now live with.
            await retraces.RequestForHouseholdAsync(this.GetPrimaryKeyString(), joined);
        }

        state.State = state.State with { Profile = profile };
        await state.WriteStateAsync();
    }

    // The management is one row per person, written in bulk by traces (activating a grain for each of 50,000
    // contacts would not fit in a trace's time); the grain reads it when asked, so it is always current.
    public async Task<PersonSnapshot?> GetAsync()
    {
        if (state.State.Profile is not { } profile)
        {
            return null;
        }

        // A measure that has ended is no management any more (and a green code); a case stays a case.
        var management = await managements.GetManagementAsync(this.GetPrimaryKeyString());
        return new PersonSnapshot(profile, management.IsRunning(time.GetUtcNow())
            ? new Management(management.Category, management.Since, management.Until)
            : Management.None);
    }
}
