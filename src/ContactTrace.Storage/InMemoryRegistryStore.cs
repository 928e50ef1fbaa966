namespace ContactTrace.Storage;

/// <summary>The embedded default's registry: the same rows, held in this process only.</summary>
public sealed class InMemoryRegistryStore : IRegistryStore
{
    public ConcurrentDictionary<string, PersonProfile> Persons { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, VenueProfile> Venues { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, HotelProfile> Hotels { get; } = new(StringComparer.Ordinal);

    public Task UpsertPersonAsync(string personId, PersonProfile profile, CancellationToken cancellationToken = default)
    {
        Persons[personId] = profile;
        return Task.CompletedTask;
    }

    public Task UpsertVenueAsync(string venueId, VenueProfile profile, CancellationToken cancellationToken = default)
    {
        Venues[venueId] = profile;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<string, string>> FindVenueKindsAsync(IReadOnlyCollection<string> venueIds, CancellationToken cancellationToken = default)
    {
        IReadOnlyDictionary<string, string> kinds = venueIds
            .Where(Venues.ContainsKey)
            .Distinct(StringComparer.Ordinal)
            .ToDictionary(id => id, id => Venues[id].Kind, StringComparer.Ordinal);
        return Task.FromResult(kinds);
    }

    public Task UpsertHotelAsync(string hotelId, HotelProfile profile, CancellationToken cancellationToken = default)
    {
        Hotels[hotelId] = profile;
        return Task.CompletedTask;
    }
}
