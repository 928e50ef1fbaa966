using ContactTrace.Storage;
using Npgsql;

namespace ContactTrace.Host.Hotels;

/// <summary>
/// Hears that a hotel's feed grew — PostgreSQL NOTIFY from the feed trigger (every silo hears every change), or
/// the in-memory store's event — and wakes that hotel's streams and its webhook delivery.
/// </summary>
public sealed class FeedListener(IServiceProvider services, FeedSignals signals, IGrainFactory grains, ILogger<FeedListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (services.GetService<InMemoryTraceStore>() is { } memory)
        {
            memory.FeedAppended += OnFeedAppended;
            return;
        }

        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(dataSource, stoppingToken);
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException or System.IO.IOException)
            {
                // The database restarted or the connection dropped: listen again; streams also poll meanwhile.
                logger.LogWarning("Feed listener lost its connection ({Message}); reconnecting.", exception.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private async Task ListenAsync(NpgsqlDataSource dataSource, CancellationToken stoppingToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
        connection.Notification += (_, e) => OnFeedAppended(e.Payload);
        await using (var listen = new NpgsqlCommand("LISTEN contacttrace_feed", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            await connection.WaitAsync(stoppingToken);
        }
    }

    private void OnFeedAppended(string hotelId)
    {
        signals.Signal(hotelId);
        _ = grains.GetGrain<IWebhookGrain>(hotelId).KickAsync();
    }
}
