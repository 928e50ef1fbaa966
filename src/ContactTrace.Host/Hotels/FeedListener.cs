namespace ContactTrace.Host.Hotels;

/// <summary>Hears that a hotel's feed grew (every silo hears every change) and wakes that hotel's streams and its webhook delivery.</summary>
public sealed class FeedListener(IChangeNotifications notifications, FeedSignals signals, IGrainFactory grains) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        notifications.ListenAsync(ChangeChannel.HotelFeed, OnFeedAppended, stoppingToken);

    // Heard on the thread that appended — in the embedded default, inside the in-memory store's lock and a grain's
    // turn: the webhook grain is called from the thread pool, never from there.
    private void OnFeedAppended(string hotelId)
    {
        signals.Signal(hotelId);
        _ = Task.Run(() => grains.GetGrain<IWebhookGrain>(hotelId).KickAsync());
    }
}
