using ContactTrace.Storage;
using Npgsql;

namespace ContactTrace.Host.Hotels;

/// <summary>
/// Hears that a hotel's feed grew — PostgreSQL NOTIFY from the feed trigger (every silo hears every change), or
/// the in-memory store's event — and wakes that hotel's streams and its webhook delivery.
/// </summary>
public sealed class FeedListener(IServiceProvider services, FeedSignals signals, IGrainFactory grains, ILogger<FeedListener> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (services.GetService<InMemoryDatabase>() is { } memory)
        {
            memory.FeedAppended += OnFeedAppended;
            return Task.CompletedTask;
        }

        return PostgresNotifications.ListenAsync(services.GetRequiredService<NpgsqlDataSource>(), "contacttrace_feed", OnFeedAppended, logger, stoppingToken);
    }

    private void OnFeedAppended(string hotelId)
    {
        signals.Signal(hotelId);
        _ = grains.GetGrain<IWebhookGrain>(hotelId).KickAsync();
    }
}
