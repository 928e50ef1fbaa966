using System.Security.Cryptography;

namespace ContactTrace.FaultTests;

/// <summary>
/// Real <c>contacttrace</c> processes on one PostgreSQL database with one cluster id: one Orleans cluster whose
/// silos each serve the whole HTTP API. Every process it started is killed on dispose, whatever happened.
/// </summary>
internal sealed class FaultCluster : IAsyncDisposable
{
    private readonly List<SiloProcess> _silos = [];
    private readonly Dictionary<string, string> _settings;
    private readonly string _appDirectory;
    private readonly string _logDirectory;
    private bool _passed;

    private FaultCluster(string connectionString, string purpose, string appDirectory, IReadOnlyDictionary<string, string> settings)
    {
        ConnectionString = connectionString;
        ClusterId = $"{purpose}-{Guid.NewGuid():N}"[..32];
        _appDirectory = appDirectory;
        _logDirectory = Directory.CreateTempSubdirectory($"contacttrace-faults-{purpose}-").FullName;
        Database = NpgsqlDataSource.Create(connectionString);
        _settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Postgres"] = connectionString,
            ["Cluster__ServiceId"] = "contacttrace-faults",
            ["Cluster__ClusterId"] = ClusterId,
            ["Cluster__AdvertisedAddress"] = "127.0.0.1",
            ["Cluster__GatewayPort"] = "0",
            ["ContactTrace__ApiKeys__0__Key"] = AdminKey,
            ["ContactTrace__ApiKeys__0__Role"] = "admin",
            // The tests register a city as fast as they can; the per-key limit is for abusive clients.
            ["ContactTrace__RateLimit__PermitsPerSecond"] = "1000000",
            ["ContactTrace__RateLimit__Burst"] = "1000000",
            // The tests' webhook receivers listen on plain http on loopback, which production settings refuse.
            ["ContactTrace__Webhooks__AllowHttp"] = "true",
            ["ContactTrace__Webhooks__AllowPrivateTargets"] = "true",
            // Extensions wait a little, as in production (30 s there), so that a kill meets one still waiting.
            ["ContactTrace__Retraces__ExtensionDelay"] = "00:00:02",
            ["Logging__LogLevel__Default"] = "Information",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            _settings[key] = value;
        }
    }

    /// <summary>A random admin key per test run (never a placeholder the host would refuse).</summary>
    public static string AdminKey { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    public string ConnectionString { get; }

    public string ClusterId { get; }

    public NpgsqlDataSource Database { get; }

    public IReadOnlyList<SiloProcess> Silos => _silos;

    public IEnumerable<SiloProcess> Alive => _silos.Where(s => !s.HasExited);

    /// <summary>A fresh database on the test PostgreSQL server (or the given one), nothing started yet.</summary>
    public static async Task<FaultCluster> CreateAsync(string purpose, string? connectionString = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        connectionString ??= await PostgresServer.CreateDatabaseAsync(purpose);
        // Several silos, each with its own pools, on a server other test projects share.
        connectionString = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 40 }.ConnectionString;
        return new FaultCluster(connectionString, purpose, await HostBuild.DirectoryAsync(), settings ?? new Dictionary<string, string>());
    }

    /// <summary>Starts <paramref name="count"/> silos at once and waits until every one is ready.</summary>
    public async Task<IReadOnlyList<SiloProcess>> StartSilosAsync(int count, CancellationToken ct)
    {
        var started = Enumerable.Range(0, count).Select(_ => StartSilo($"silo-{_silos.Count + 1}", SiloPorts.Free())).ToList();
        await Task.WhenAll(started.Select(s => s.WaitReadyAsync(TimeSpan.FromSeconds(120), ct)));
        return started;
    }

    /// <summary>
    /// Starts the killed silo again with its name and ports, as a supervisor (systemd, a StatefulSet) would; the new
    /// incarnation supersedes the dead one in the membership table as it joins.
    /// </summary>
    public async Task<SiloProcess> RestartAsync(SiloProcess killed, CancellationToken ct)
    {
        Assert.True(killed.HasExited, $"{killed.Name} is still running");
        var silo = StartSilo(killed.Name, killed.Ports);
        await silo.WaitReadyAsync(TimeSpan.FromSeconds(120), ct);
        return silo;
    }

    public HttpClient Client(SiloProcess silo)
    {
        var client = new HttpClient { BaseAddress = silo.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        return client;
    }

    /// <summary>Where the silos' logs are, for the report; kept after a failure, removed after <see cref="Passed"/>.</summary>
    public string LogDirectory => _logDirectory;

    /// <summary>The test's last assertion held: the silos' logs are not needed.</summary>
    public void Passed() => _passed = true;

    private SiloProcess StartSilo(string name, SiloPorts ports)
    {
        var silo = SiloProcess.Start(_appDirectory, name, ports, Path.Combine(_logDirectory, $"{name}.log"), _settings);
        _silos.Add(silo);
        return silo;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }

        await Database.DisposeAsync();
        if (_passed)
        {
            try
            {
                Directory.Delete(_logDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
