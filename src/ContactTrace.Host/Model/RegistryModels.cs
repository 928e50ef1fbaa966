using ContactTrace.Host.Auth;
using ContactTrace.Queries;
using ContactTrace.Tracing;

namespace ContactTrace.Host.Model;

/// <summary>What the registry handlers need, bundled for <c>[AsParameters]</c>.</summary>
public sealed class RegistryServices(
    IGrainFactory grains, ITracingQueries queries, IManagementStore managements, AuditTrail audit, ILogger<RegistryServices> logger, Screening.LiveHealthCodes codes,
    [FromKeyedServices(Clock.Key)] TimeProvider time)
{
    public TimeProvider Time { get; } = time;

    public AuditTrail Audit { get; } = audit;

    /// <summary>The read side: a person's exposures.</summary>
    public ITracingQueries Queries { get; } = queries;

    public IManagementStore Managements { get; } = managements;

    public IGrainFactory Grains { get; } = grains;

    public ILogger<RegistryServices> Logger { get; } = logger;

    /// <summary>A person's health code computed now, for the view of one person.</summary>
    public Screening.LiveHealthCodes Codes { get; } = codes;
}

/// <summary>The body of <c>PUT /api/persons/{personId}</c>.</summary>
public sealed record class PersonRegistration(string? District, string? HouseholdId, string? Name, string? Phone, string? CompoundId = null, string? HouseholdSince = null);

/// <summary>The answer of <c>GET /api/persons/{personId}</c>.</summary>
public sealed record class PersonView(
    string PersonId,
    string District,
    string? HouseholdId,
    string? Name,
    string? Phone,
    ManagementView Management,
    string HealthCode,
    ImmutableArray<AssignmentView> Assignments,
    ImmutableArray<PersonExposureView> Exposures,
    string? CompoundId);

public sealed record class ManagementView(string Category, DateTimeOffset? Since, DateTimeOffset? Until);

/// <summary>One case that reached a person: its tier, the path from the case's person to this person, and the evidence.</summary>
public sealed record class PersonExposureView(string CaseId, int Tier, string Category, ImmutableArray<string> Path, ImmutableArray<ExposureView> Exposures)
{
    /// <summary>
    /// The view of one exposure. A tier-2 person was reached through <see cref="Via"/>; someone sharing a secondary
    /// contact's home isolation is one hop further, through the close contact <paramref name="closeContact"/>.
    /// </summary>
    public static PersonExposureView Of(PersonExposure exposure, string personId, string? closeContact = null)
    {
        ImmutableArray<string> path = (Via(exposure), closeContact) switch
        {
            (null, _) => [exposure.CasePersonId, personId],
            ({ } via, null) => [exposure.CasePersonId, via, personId],
            ({ } via, { } close) => [exposure.CasePersonId, close, via, personId],
        };
        return new PersonExposureView(exposure.CaseId, exposure.Tier, exposure.Category, path, [.. exposure.Exposures.Select(ExposureView.Of)]);
    }

    /// <summary>Through whom a tier-2 person was reached, or <c>null</c> for tier 1.</summary>
    public static string? Via(PersonExposure exposure) =>
        exposure.Tier == 2 ? exposure.Exposures.Select(e => e.ViaPersonId).FirstOrDefault(v => v is not null) : null;
}

/// <summary>The body of <c>PUT /api/venues/{venueId}</c>.</summary>
public sealed record class VenueRegistration(string? Name, string? District, string? Kind);

public sealed record class VenueView(string VenueId, string Name, string District, string Kind, string VenueClass);

/// <summary>The body of <c>PUT /api/hotels/{hotelId}</c>.</summary>
public sealed record class HotelRegistration(string? Name, string? District, int? Capacity);

/// <summary>
/// The answer of <c>GET /api/hotels/{hotelId}</c>. <see cref="Awaiting"/>: the people waiting for a room (assignments
/// <c>awaiting-capacity</c>) who are registered in the hotel's district — the waiting list of
/// <c>GET /api/assignments?status=awaiting-capacity&amp;district=</c> for that district; every hotel of a district shows
/// the same number, and the bulletin's <c>awaitingCapacity</c> is the whole city's.
/// </summary>
public sealed record class HotelView(string HotelId, string Name, string District, int Capacity, int Occupied, int Awaiting);
