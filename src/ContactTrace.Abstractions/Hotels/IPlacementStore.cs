namespace ContactTrace.Hotels;

/// <summary>
/// Rooms and the assignments in them: placement, the guests' check-in and check-out, and release at the period's
/// end, each a step of <see cref="AssignmentLifecycle"/>. The store enforces capacity itself (placement locks the
/// hotel's row and counts what is taken), so that even two activations of one hotel grain during a failover cannot
/// overbook; every change at a hotel is the next item of its feed (<see cref="IHotelFeedStore"/>), in the same transaction.
/// </summary>
public interface IPlacementStore
{
    /// <summary>Places as many of the waiting assignments, in the given order, as the hotel has free rooms; returns those placed.</summary>
    Task<IReadOnlyList<string>> PlaceAsync(string hotelId, IReadOnlyList<string> assignmentIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// The hotel's rooms taken, and the people waiting for a room (<c>awaiting-capacity</c>) who are registered in the
    /// hotel's district: the same people the waiting list (<c>GET /api/assignments?status=awaiting-capacity&amp;district=</c>)
    /// shows for that district.
    /// </summary>
    Task<HotelOccupancy> GetOccupancyAsync(string hotelId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<HotelAvailability>> GetAvailabilityAsync(CancellationToken cancellationToken = default);

    /// <summary>The oldest waiting centralized-isolation assignments, first come first.</summary>
    Task<IReadOnlyList<AwaitingPlacement>> GetAwaitingAsync(int limit, CancellationToken cancellationToken = default);

    Task<Assignment?> GetAssignmentAsync(string assignmentId, CancellationToken cancellationToken = default);

    Task<LifecycleOutcome> CheckInAsync(string hotelId, string assignmentId, DateTimeOffset at, CancellationToken cancellationToken = default);

    Task<LifecycleOutcome> CheckOutAsync(string hotelId, string assignmentId, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Releases every assignment whose period ended by <paramref name="now"/>; returns how many.</summary>
    Task<int> ReleaseEndedAsync(DateTimeOffset now, CancellationToken cancellationToken = default);
}

/// <summary>A centralized-isolation assignment waiting for a room, in first-come order, with what allocation needs.</summary>
public sealed record class AwaitingPlacement(string AssignmentId, string PersonId, string? District, string? HouseholdId, DateTimeOffset QueuedAt);

/// <summary>A hotel as allocation sees it: where it is and how many rooms are free.</summary>
public sealed record class HotelAvailability(string HotelId, string District, int Free);

/// <summary>A hotel's rooms in use and the people of its district waiting for a room.</summary>
[GenerateSerializer, Immutable, Alias("ContactTrace.HotelOccupancy")]
public sealed record class HotelOccupancy(int Occupied, int Awaiting);
