namespace ContactTrace.Hotels;

/// <summary>
/// Rooms, placements and each hotel's feed. The store enforces capacity itself (placement locks the hotel's row
/// and counts what is taken), so that even two activations of one hotel grain during a failover cannot overbook.
/// Every change of an assignment at a hotel gets the hotel's next cursor in the same transaction: the feed has no gaps.
/// </summary>
public interface IHotelStore
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

    Task<IReadOnlyList<FeedItem>> ReadFeedAsync(string hotelId, long after, int limit, CancellationToken cancellationToken = default);

    Task<HotelWebhook?> GetWebhookAsync(string hotelId, CancellationToken cancellationToken = default);

    Task SetWebhookAsync(string hotelId, string? url, string? secret, CancellationToken cancellationToken = default);

    Task MarkDeliveredAsync(string hotelId, long cursor, CancellationToken cancellationToken = default);

    /// <summary>Hotels that have a webhook, for resuming delivery after a restart.</summary>
    Task<IReadOnlyList<string>> GetWebhookHotelsAsync(CancellationToken cancellationToken = default);
}
