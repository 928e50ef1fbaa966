using ContactTrace.Scans;
using ContactTrace.Storage;
using ContactTrace.Tracing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace ContactTrace.Grains.Tests;

/// <summary>One in-process cluster for the grain tests, with memory storage under the production names.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public InMemoryRegistryStore Registry { get; } = new();

    public InMemoryScanStore Scans { get; } = new();

    /// <summary>The clock of every silo: tests set "now" explicitly instead of sleeping.</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 20, 4, 0, 0, TimeSpan.Zero));

    public IGrainFactory Grains => Cluster.Client;

    public async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder();
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(StorageNames.Grains);
            silo.UseInMemoryReminderService();
            silo.Services.AddSingleton<IRegistryStore>(Registry);
            silo.Services.AddSingleton<IScanStore>(Scans);
            var database = new InMemoryDatabase(Registry);
            silo.Services.AddSingleton(database);
            silo.Services.AddInMemoryTraceStores();
            silo.Services.AddSingleton<ITraceRequests>(new InMemoryTraceRequests(database, Registry, Time));
            silo.Services.AddKeyedSingleton<TimeProvider>(Clock.Key, Time);
            silo.Services.AddContactTraceGrains(silo.Configuration);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
