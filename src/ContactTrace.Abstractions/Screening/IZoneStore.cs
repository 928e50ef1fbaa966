namespace ContactTrace.Screening;

/// <summary>
/// The risk zones, at most one open per compound. A zone that becomes active or lifts marks its residents'
/// health codes for re-evaluation in the same transaction.
/// </summary>
public interface IZoneStore
{
    /// <summary>Counts a case in its compound's open zone, proposing one when there is none; returns the zone.</summary>
    Task<Zone> AddCaseAsync(string compoundId, string district, string caseId, DateTimeOffset reportedAt, int liftDays, CancellationToken cancellationToken = default);

    Task<(ZoneDeclaration Outcome, Zone? Zone)> DeclareAsync(string zoneId, string compoundId, string district, DateTimeOffset now, int liftDays, CancellationToken cancellationToken = default);

    /// <summary>Lifts the zone at <paramref name="at"/> (a lifted one stays as it was); <c>null</c> when there is no such zone.</summary>
    Task<Zone?> LiftAsync(string zoneId, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Lifts every open zone whose lift is due at <paramref name="now"/>, at its lift time; returns how many.</summary>
    Task<int> LiftDueAsync(DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>The earliest lift of an open zone, or <c>null</c>.</summary>
    Task<DateTimeOffset?> GetNextLiftAsync(CancellationToken cancellationToken = default);

    Task<Zone?> GetAsync(string zoneId, CancellationToken cancellationToken = default);

    /// <summary>A page of zones (of one status, or all) by zone id, after <paramref name="afterZoneId"/>.</summary>
    Task<IReadOnlyList<Zone>> ListAsync(string? status, string? afterZoneId, int limit, CancellationToken cancellationToken = default);
}
