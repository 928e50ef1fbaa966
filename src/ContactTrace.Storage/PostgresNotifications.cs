using Microsoft.Extensions.Logging;

namespace ContactTrace.Storage;

/// <summary>
/// PostgreSQL's NOTIFY as <see cref="IChangeNotifications"/>: each listener LISTENs on its channel for as long as it
/// runs, on a connection of its own, and listens again when the connection drops (the database restarted).
/// </summary>
public sealed class PostgresNotifications(NpgsqlDataSource dataSource, ILogger<PostgresNotifications> logger) : IChangeNotifications
{
    public async Task ListenAsync(ChangeChannel channel, Action<string> notified, CancellationToken stoppingToken)
    {
        var name = Name(channel);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => notified(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {name}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException or System.IO.IOException)
            {
                logger.LogWarning("Listening on {Channel} lost its connection ({Message}); reconnecting.", name, exception.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    /// <summary>The NOTIFY channel the stores and triggers announce each kind of change on.</summary>
    internal static string Name(ChangeChannel channel) => channel switch
    {
        ChangeChannel.HotelFeed => "contacttrace_feed",
        ChangeChannel.Cases => "contacttrace_cases",
        ChangeChannel.ScreeningWork => "contacttrace_screening",
        ChangeChannel.HealthCodes => "contacttrace_health_codes",
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, null),
    };
}
