using ContactTrace.Grains.Configuration;
using ContactTrace.Policy;
using ContactTrace.Scans;
using ContactTrace.Storage;
using ContactTrace.Tracing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace ContactTrace.Grains.Tests;

/// <summary>
/// An in-process cluster with everything a case's trace needs: the in-memory registry, scan and trace stores,
/// the policy in force, the trace throttle, hotel allocation (no hotels unless a test registers them), and a
/// fake domain clock. Shared as the <c>tracing</c> collection under national-v9; <see cref="For"/> builds one
/// under another policy.
/// </summary>
public sealed class TracingClusterFixture : IAsyncLifetime
{
    /// <summary>"Now" on the domain clock when the cluster starts.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 20, 4, 0, 0, TimeSpan.Zero);

    public TracingClusterFixture()
        : this(TracingPolicies.NationalV9)
    {
    }

    private TracingClusterFixture(TracingPolicy policy)
    {
        Policy = policy;
        Registry = new InMemoryRegistryStore(Time);
        Database = new InMemoryDatabase(Registry);
        Managements = new InMemoryManagementStore(Database);
        Feeds = new InMemoryHotelFeedStore(Database);
        Queries = new InMemoryTracingQueries(Database, Registry, Scans);
        ScanLog = new InterceptedScanStore(Scans);
        Retraces = new InMemoryTraceRequests(Database, Registry, Time);
    }

    public static TracingClusterFixture For(TracingPolicy policy) => new(policy);

    public TracingPolicy Policy { get; }

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public InMemoryRegistryStore Registry { get; }

    /// <summary>The re-trace requests registry changes record; nothing hands them out here (no host): a test does.</summary>
    public InMemoryTraceRequests Retraces { get; }

    public InMemoryScanStore Scans { get; } = new();

    /// <summary>What the silo reads scans through: <see cref="Scans"/>, with a hook for scans arriving mid-trace.</summary>
    public InterceptedScanStore ScanLog { get; }

    /// <summary>Cases, contacts, managements, assignments and hotel feeds, as in the embedded default; the stores below read it.</summary>
    public InMemoryDatabase Database { get; }

    public InMemoryManagementStore Managements { get; }

    public InMemoryHotelFeedStore Feeds { get; }

    /// <summary>The read side: contacts of a case, clusters.</summary>
    public InMemoryTracingQueries Queries { get; }

    public FakeTimeProvider Time { get; } = new(Start);

    public IGrainFactory Grains => Cluster.Client;

    public async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder();
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(StorageNames.Grains);
            silo.UseInMemoryReminderService();
            silo.Services.AddSingleton<IRegistryStore>(Registry);
            silo.Services.AddSingleton<IScanStore>(ScanLog);
            silo.Services.AddSingleton(Database);
            silo.Services.AddInMemoryTraceStores();
            silo.Services.AddSingleton<ITraceRequests>(Retraces);
            silo.Services.AddKeyedSingleton<TimeProvider>(Clock.Key, Time);
            silo.Services.AddSingleton(Policy);
            silo.Services.Configure<TraceOptions>(o => o.TraceConcurrency = 4);
            silo.Services.AddContactTraceGrains(silo.Configuration);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class TracingClusterCollection : ICollectionFixture<TracingClusterFixture>
{
    public const string Name = "tracing";
}

/// <summary>
/// A cluster of its own for the tests that register hotels: once a hotel exists anywhere, allocation places every
/// close contact, so they must not share one with tests that expect people waiting for a room.
/// </summary>
[CollectionDefinition(Name)]
public sealed class HotelTracingClusterCollection : ICollectionFixture<TracingClusterFixture>
{
    public const string Name = "tracing-with-hotels";
}
