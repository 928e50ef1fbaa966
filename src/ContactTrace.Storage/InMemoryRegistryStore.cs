namespace ContactTrace.Storage;

/// <summary>The embedded default's registry: the same rows, held in this process only.</summary>
public sealed class InMemoryRegistryStore(TimeProvider time) : IRegistryStore
{
    private readonly ConcurrentDictionary<string, DateTimeOffset?> _householdSince = new(StringComparer.Ordinal);

    public InMemoryRegistryStore()
        : this(TimeProvider.System)
    {
    }

    public ConcurrentDictionary<string, PersonProfile> Persons { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, VenueProfile> Venues { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, HotelProfile> Hotels { get; } = new(StringComparer.Ordinal);

    public Task UpsertPersonAsync(string personId, PersonProfile profile, CancellationToken cancellationToken = default)
    {
        var before = Persons.GetValueOrDefault(personId);
        Persons[personId] = profile;
        if (profile.HouseholdId is null)
        {
            _householdSince.Remove(personId, out _);
        }
        else if (before is not null && before.HouseholdId != profile.HouseholdId)
        {
            // When the person joined their household, as the persons row's household_since records it: as the
            // registry says, else when a registered person's household changes; a first registration says nothing
            // of since when unless told.
            _householdSince[personId] = profile.HouseholdSince ?? time.GetUtcNow();
        }
        else if (profile.HouseholdSince is { } since)
        {
            _householdSince[personId] = since;
        }

        return Task.CompletedTask;
    }

    public Task UpsertVenueAsync(string venueId, VenueProfile profile, CancellationToken cancellationToken = default)
    {
        Venues[venueId] = profile;
        return Task.CompletedTask;
    }

    public Task<PersonProfile?> GetPersonAsync(string personId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Persons.GetValueOrDefault(personId));

    public Task<VenueProfile?> GetVenueAsync(string venueId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Venues.GetValueOrDefault(venueId));

    public Task<IReadOnlyDictionary<string, string>> FindVenueKindsAsync(IReadOnlyCollection<string> venueIds, CancellationToken cancellationToken = default)
    {
        IReadOnlyDictionary<string, string> kinds = venueIds
            .Where(Venues.ContainsKey)
            .Distinct(StringComparer.Ordinal)
            .ToDictionary(id => id, id => Venues[id].Kind, StringComparer.Ordinal);
        return Task.FromResult(kinds);
    }

    public Task<IReadOnlyDictionary<string, PersonProfile>> FindPersonsAsync(IReadOnlyCollection<string> personIds, CancellationToken cancellationToken = default)
    {
        IReadOnlyDictionary<string, PersonProfile> found = personIds
            .Distinct(StringComparer.Ordinal)
            .Where(Persons.ContainsKey)
            .ToDictionary(id => id, id => Persons[id], StringComparer.Ordinal);
        return Task.FromResult(found);
    }

    public Task<IReadOnlyDictionary<string, string>> FindHouseholdsAsync(IReadOnlyCollection<string> personIds, CancellationToken cancellationToken = default)
    {
        IReadOnlyDictionary<string, string> households = personIds
            .Distinct(StringComparer.Ordinal)
            .Where(id => Persons.TryGetValue(id, out var p) && p.HouseholdId is not null)
            .ToDictionary(id => id, id => Persons[id].HouseholdId!, StringComparer.Ordinal);
        return Task.FromResult(households);
    }

    // A scan of every person: the embedded default is for trying the system out, not for a city.
    public Task<IReadOnlyList<HouseholdMembership>> FindHouseholdMembersAsync(IReadOnlyCollection<string> householdIds, CancellationToken cancellationToken = default)
    {
        var wanted = householdIds.ToHashSet(StringComparer.Ordinal);
        IReadOnlyList<HouseholdMembership> members = [.. Persons
            .Where(p => p.Value.HouseholdId is { } h && wanted.Contains(h))
            .Select(p => new HouseholdMembership(p.Key, p.Value.HouseholdId!, _householdSince.TryGetValue(p.Key, out var since) ? since : null))];
        return Task.FromResult(members);
    }

    public Task UpsertHotelAsync(string hotelId, HotelProfile profile, CancellationToken cancellationToken = default)
    {
        Hotels[hotelId] = profile;
        return Task.CompletedTask;
    }
}
