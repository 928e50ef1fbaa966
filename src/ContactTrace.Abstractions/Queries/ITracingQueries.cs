using ContactTrace.Cases;
using ContactTrace.Registry;

namespace ContactTrace.Queries;

/// <summary>
/// The read side of the tracing teams' work (API.md "Tracing-team work") that the API's handlers answer from: a
/// case's standing and contacts, a person's exposures, lists and searches — one indexed query each, keyset-paged,
/// never a whole table. Nothing here writes.
/// </summary>
public interface ITracingQueries
{
    /// <summary>A page of cases, newest report first, after <paramref name="after"/> in that order.</summary>
    Task<IReadOnlyList<CaseRow>> ListCasesAsync(CaseFilter filter, ListKey? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>Cases changed (reported, traced, merged, withdrawn) after change number <paramref name="after"/>, oldest change first.</summary>
    Task<IReadOnlyList<CaseChange>> ReadCaseChangesAsync(long after, int limit, CancellationToken cancellationToken = default);

    /// <summary>The number of the latest case change, where a live list that starts now begins.</summary>
    Task<long> GetLastCaseChangeAsync(CancellationToken cancellationToken = default);

    /// <summary>A page of persons by id order whose id, name or phone starts with the search's prefix, within its filters.</summary>
    Task<IReadOnlyList<PersonRow>> SearchPersonsAsync(PersonSearch search, string? afterPersonId, int limit, CancellationToken cancellationToken = default);

    /// <summary>Everyone registered in the household, by person id, each with their current assignment.</summary>
    Task<IReadOnlyList<HouseholdMember>> GetHouseholdAsync(string householdId, CancellationToken cancellationToken = default);

    /// <summary>A page of the visits to a venue that started in <c>[from, to)</c>, oldest first.</summary>
    Task<IReadOnlyList<VenueVisit>> ReadVenueVisitsAsync(string venueId, DateTimeOffset from, DateTimeOffset to, ListKey? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>Every registered hotel with the rooms taken now, by hotel id (a city has hundreds, not millions).</summary>
    Task<IReadOnlyList<HotelRow>> ListHotelsAsync(CancellationToken cancellationToken = default);

    /// <summary>A page of the city-wide waiting list (centralized isolation awaiting a room), longest waiting first.</summary>
    Task<IReadOnlyList<WaitingAssignment>> ListAwaitingAsync(string? district, ListKey? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>The case's cluster as it is now: clusters merge when new links join them.</summary>
    Task<string?> GetClusterIdAsync(string caseId, CancellationToken cancellationToken = default);

    /// <summary>The case's cluster and how many of its contacts have become cases, as they are now; <c>null</c> for an unknown case.</summary>
    Task<CaseStanding?> GetStandingAsync(string caseId, CancellationToken cancellationToken = default);

    /// <summary>A page of a case's contacts ordered by person id, after <paramref name="afterPersonId"/>, each with the case they became, if any.</summary>
    Task<IReadOnlyList<ContactItem>> GetContactsAsync(string caseId, int? tier, string? category, string? afterPersonId, int limit, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<PersonExposure>> GetPersonExposuresAsync(string personId, CancellationToken cancellationToken = default);
}
