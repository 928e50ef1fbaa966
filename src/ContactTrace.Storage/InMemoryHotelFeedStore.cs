namespace ContactTrace.Storage;

/// <summary>The embedded default's twin of <see cref="PostgresHotelFeedStore"/>, over <see cref="InMemoryDatabase"/>.</summary>
public sealed class InMemoryHotelFeedStore(InMemoryDatabase db) : IHotelFeedStore
{
    public Task<IReadOnlyList<FeedItem>> ReadFeedAsync(string hotelId, long after, int limit, CancellationToken cancellationToken = default)
    {
        lock (db.Gate)
        {
            IReadOnlyList<FeedItem> items = db.Feeds.TryGetValue(hotelId, out var feed) ? [.. feed.Where(i => i.Cursor > after).Take(limit)] : [];
            return Task.FromResult(items);
        }
    }

    public Task<HotelWebhook?> GetWebhookAsync(string hotelId, CancellationToken cancellationToken = default)
    {
        lock (db.Gate)
        {
            return Task.FromResult(db.Webhooks.GetValueOrDefault(hotelId));
        }
    }

    public Task SetWebhookAsync(string hotelId, string? url, string? secret, CancellationToken cancellationToken = default)
    {
        lock (db.Gate)
        {
            if (url is null)
            {
                db.Webhooks.Remove(hotelId);
            }
            else
            {
                db.Webhooks[hotelId] = new HotelWebhook(url, secret ?? "", db.Webhooks.GetValueOrDefault(hotelId)?.DeliveredCursor ?? 0);
            }
        }

        return Task.CompletedTask;
    }

    public Task MarkDeliveredAsync(string hotelId, long cursor, CancellationToken cancellationToken = default)
    {
        lock (db.Gate)
        {
            if (db.Webhooks.TryGetValue(hotelId, out var webhook) && webhook.DeliveredCursor < cursor)
            {
                db.Webhooks[hotelId] = webhook with { DeliveredCursor = cursor };
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> GetWebhookHotelsAsync(CancellationToken cancellationToken = default)
    {
        lock (db.Gate)
        {
            IReadOnlyList<string> hotels = [.. db.Webhooks.Keys.Order(StringComparer.Ordinal)];
            return Task.FromResult(hotels);
        }
    }
}
