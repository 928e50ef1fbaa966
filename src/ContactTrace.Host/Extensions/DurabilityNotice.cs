namespace ContactTrace.Host.Extensions;

/// <summary>Says once, loudly, at startup whether anything this process accepts will survive it.</summary>
internal sealed class DurabilityNotice(IConfiguration configuration, ILogger<DurabilityNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (configuration.HasPostgres())
        {
            logger.LogInformation("Storage: PostgreSQL (ConnectionStrings:Postgres) — grain state, clustering, reminders, scans and assignments are durable.");
        }
        else
        {
            logger.LogWarning("EMBEDDED DEFAULT: single silo, in-memory storage — NOTHING IS DURABLE; everything is lost when this process stops. Set ConnectionStrings:Postgres for durable storage.");
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
