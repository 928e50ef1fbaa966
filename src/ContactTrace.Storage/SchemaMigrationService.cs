using Microsoft.Extensions.Hosting;

namespace ContactTrace.Storage;

/// <summary>
/// Migrates the schema when the host starts. It is registered before the Orleans silo so that the providers
/// find their tables and queries when they start.
/// </summary>
internal sealed class SchemaMigrationService(SchemaMigrator migrator) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => migrator.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
