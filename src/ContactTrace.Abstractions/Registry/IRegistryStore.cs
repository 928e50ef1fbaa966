namespace ContactTrace.Registry;

/// <summary>
/// The registry as rows, beside the grains that own each entry: tracing reads households and venue kinds
/// in bulk from here instead of activating a grain per person.
/// </summary>
public interface IRegistryStore
{
    Task UpsertPersonAsync(string personId, PersonProfile profile, CancellationToken cancellationToken = default);

    /// <summary>The registry row of a person, or <c>null</c>; rows may be bulk-loaded without going through the grains.</summary>
    Task<PersonProfile?> GetPersonAsync(string personId, CancellationToken cancellationToken = default);

    /// <summary>The registry row of a venue, or <c>null</c>.</summary>
    Task<VenueProfile?> GetVenueAsync(string venueId, CancellationToken cancellationToken = default);

    Task UpsertVenueAsync(string venueId, VenueProfile profile, CancellationToken cancellationToken = default);

    /// <summary>The kinds of those of <paramref name="venueIds"/> that are registered; unregistered ones are absent.</summary>
    Task<IReadOnlyDictionary<string, string>> FindVenueKindsAsync(IReadOnlyCollection<string> venueIds, CancellationToken cancellationToken = default);

    /// <summary>The registry rows of those of <paramref name="personIds"/> that are registered; the others are absent.</summary>
    Task<IReadOnlyDictionary<string, PersonProfile>> FindPersonsAsync(IReadOnlyCollection<string> personIds, CancellationToken cancellationToken = default);

    /// <summary>The registered household of each of <paramref name="personIds"/> that has one.</summary>
    Task<IReadOnlyDictionary<string, string>> FindHouseholdsAsync(IReadOnlyCollection<string> personIds, CancellationToken cancellationToken = default);

    /// <summary>Everyone registered in one of <paramref name="householdIds"/>, with since when (when known).</summary>
    Task<IReadOnlyList<HouseholdMembership>> FindHouseholdMembersAsync(IReadOnlyCollection<string> householdIds, CancellationToken cancellationToken = default);

    Task UpsertHotelAsync(string hotelId, HotelProfile profile, CancellationToken cancellationToken = default);
}
