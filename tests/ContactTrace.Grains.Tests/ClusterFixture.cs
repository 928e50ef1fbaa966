using ContactTrace.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace ContactTrace.Grains.Tests;

/// <summary>One in-process cluster for the grain tests, with memory storage under the production names.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public InMemoryRegistryStore Registry { get; } = new();

    public IGrainFactory Grains => Cluster.Client;

    public async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder();
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(StorageNames.Grains);
            silo.UseInMemoryReminderService();
            silo.Services.AddSingleton<IRegistryStore>(Registry);
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
