using ContactTrace.Bench.Api;
using ContactTrace.TestSupport;
using Npgsql;

namespace ContactTrace.Bench.Hosting;

/// <summary>
/// What the trace, feed and chain benchmarks run against: a throwaway PostgreSQL (scripts/postgres.sh), one
/// database, and the Release host as a child process on free loopback ports with the bench's keys and a lifted
/// rate limit. Disposing kills the host and stops PostgreSQL, in that order, whatever happened before.
/// </summary>
internal sealed class BenchStack : IAsyncDisposable
{
    public const string AdminKey = "bench-admin";

    /// <summary>The bench's own PostgreSQL sessions carry this name, so that they can be told from the host's.</summary>
    public const string ApplicationName = "contacttrace-bench";

    private string? _hostLog;

    private BenchStack(PostgresCluster postgres, string connectionString, NpgsqlDataSource data)
    {
        Postgres = postgres;
        ConnectionString = connectionString;
        Data = data;
    }

    public PostgresCluster Postgres { get; }

    /// <summary>The host's database, which the bench also reads and bulk-loads directly.</summary>
    public string ConnectionString { get; }

    public NpgsqlDataSource Data { get; }

    public HostProcess? Host { get; private set; }

    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Starts PostgreSQL and creates the host's database; the host is started with <see cref="StartHostAsync"/>.</summary>
    public static async Task<BenchStack> StartPostgresAsync(string repoRoot, string workDirectory, string database, CancellationToken ct)
    {
        var postgres = await PostgresCluster.StartAsync(repoRoot, Path.Combine(workDirectory, "pg"), ct);
        try
        {
            Console.WriteLine($"PostgreSQL: {postgres.AdminConnectionString}");
            var connectionString = await postgres.CreateDatabaseAsync(database, ct);
            var data = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(connectionString)
            {
                MaxPoolSize = 100,
                ApplicationName = ApplicationName,
                CommandTimeout = 1800, // the phases' own budgets cancel long before
            }.ConnectionString).Build();
            return new BenchStack(postgres, connectionString, data);
        }
        catch
        {
            await postgres.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Builds the host if needed, starts it with the bench's settings plus <paramref name="extra"/>, and waits for
    /// <c>/health/ready</c>; the host applies its schema at start, so the tables exist once this returns.
    /// </summary>
    public async Task StartHostAsync(string repoRoot, string workDirectory, IReadOnlyDictionary<string, string> extra, CancellationToken ct)
    {
        var dll = await HostBuild.EnsureAsync(repoRoot, ct);
        var ports = FreePorts.Take(3);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ConnectionStrings__Postgres"] = ConnectionString,
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ports[0]}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Cluster__SiloPort"] = ports[1].ToString(CultureInfo.InvariantCulture),
            ["Cluster__GatewayPort"] = ports[2].ToString(CultureInfo.InvariantCulture),
            ["ContactTrace__ApiKeys__0__Key"] = AdminKey,
            ["ContactTrace__ApiKeys__0__Role"] = "admin",
            // Set-up (registration, polling) is not what is measured: lift the per-key limit (200/s by default).
            ["ContactTrace__RateLimit__PermitsPerSecond"] = "1000000",
            ["ContactTrace__RateLimit__Burst"] = "1000000",
        };
        foreach (var (name, value) in extra)
        {
            environment[name] = value;
        }

        BaseUrl = new Uri($"http://127.0.0.1:{ports[0]}/");
        _hostLog = Path.Combine(workDirectory, "host.log");
        Host = HostProcess.Start(dll, environment, _hostLog);
        using var probe = new ContactTraceClient(BaseUrl, AdminKey, 1);
        await Host.WaitReadyAsync(probe, TimeSpan.FromMinutes(3), ct);
        Console.WriteLine($"host ready: pid {Host.Pid}, {BaseUrl}, log {Host.LogPath}");
    }

    /// <summary>The host log's last lines, for a failure report.</summary>
    public string HostLogTail(int lines = 40) =>
        Host is not null ? Host.LogTail(lines)
        : _hostLog is not null ? ProcessRunner.Tail(File.ReadAllText(_hostLog), lines)
        : "(host not started)";

    /// <summary>
    /// Kills the host early (its log stays), e.g. so that a baseline runs on PostgreSQL alone while a runaway trace
    /// would still be using the cores; PostgreSQL keeps running.
    /// </summary>
    public async Task StopHostAsync()
    {
        if (Host is { } host)
        {
            Host = null;
            await host.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Data.DisposeAsync();
        await StopHostAsync();
        await Postgres.DisposeAsync();
    }
}
