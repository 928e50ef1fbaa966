using ContactTrace.Storage;
using Npgsql;

namespace ContactTrace.Host.Cases;

/// <summary>
/// Hears that cases changed — PostgreSQL NOTIFY from the cases table's trigger (every silo hears every change),
/// or the in-memory queries' event — and wakes the case streams of this silo.
/// </summary>
public sealed class CaseListener(IServiceProvider services, CaseSignals signals, ILogger<CaseListener> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (services.GetService<InMemoryTracingQueries>() is { } memory)
        {
            memory.Changed += signals.Signal;
            return Task.CompletedTask;
        }

        return PostgresNotifications.ListenAsync(services.GetRequiredService<NpgsqlDataSource>(), "contacttrace_cases", _ => signals.Signal(), logger, stoppingToken);
    }
}
