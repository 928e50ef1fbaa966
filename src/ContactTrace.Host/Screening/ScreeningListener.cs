using ContactTrace.Storage;
using ContactTrace.Storage.Screening;
using Npgsql;

namespace ContactTrace.Host.Screening;

/// <summary>
/// Hears the screening stores' changes — PostgreSQL's NOTIFY from the triggers and stores (every silo hears every
/// change), or the in-memory twins' events — and wakes the scheduler and the health-code readers of this silo.
/// </summary>
public sealed class ScreeningListener(IServiceProvider services, ScreeningSignals signals, ILogger<ScreeningListener> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (services.GetService<InMemoryHealthCodeStore>() is { } memory)
        {
            services.GetRequiredService<InMemoryHealthCodeMarks>().Marked += signals.Work.Signal;
            memory.FeedAppended += signals.Codes.Signal;
            return Task.CompletedTask;
        }

        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        return Task.WhenAll(
            PostgresNotifications.ListenAsync(dataSource, "contacttrace_screening", _ => signals.Work.Signal(), logger, stoppingToken),
            PostgresNotifications.ListenAsync(dataSource, "contacttrace_health_codes", _ => signals.Codes.Signal(), logger, stoppingToken));
    }
}
