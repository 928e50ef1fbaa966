using Npgsql;

namespace ContactTrace.Host.Extensions;

/// <summary>
/// Listens on a PostgreSQL notification channel for as long as the host runs, on a connection of its own, and
/// listens again when the connection drops (the database restarted): whoever waits on it also polls meanwhile.
/// </summary>
public static class PostgresNotifications
{
    public static async Task ListenAsync(NpgsqlDataSource dataSource, string channel, Action<string> notified, ILogger logger, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => notified(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {channel}", connection))
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
                logger.LogWarning("Listening on {Channel} lost its connection ({Message}); reconnecting.", channel, exception.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }
}
