namespace ContactTrace.Hotels;

/// <summary>
/// Each hotel's gapless feed of the changes of its assignments (written by <see cref="IPlacementStore"/> and the
/// trace's management changes), and the webhook it is delivered to, with how far delivery got.
/// </summary>
public interface IHotelFeedStore
{
    Task<IReadOnlyList<FeedItem>> ReadFeedAsync(string hotelId, long after, int limit, CancellationToken cancellationToken = default);

    Task<HotelWebhook?> GetWebhookAsync(string hotelId, CancellationToken cancellationToken = default);

    Task SetWebhookAsync(string hotelId, string? url, string? secret, CancellationToken cancellationToken = default);

    Task MarkDeliveredAsync(string hotelId, long cursor, CancellationToken cancellationToken = default);

    /// <summary>Hotels that have a webhook, for resuming delivery after a restart.</summary>
    Task<IReadOnlyList<string>> GetWebhookHotelsAsync(CancellationToken cancellationToken = default);
}

/// <summary>Where a hotel wants its feed POSTed, the secret its bodies are signed with, and how far delivery got.</summary>
[GenerateSerializer, Immutable, Alias("ContactTrace.HotelWebhook")]
public sealed record class HotelWebhook(string Url, string Secret, long DeliveredCursor);
