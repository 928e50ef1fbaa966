using ContactTrace.Bench.Api;
using ContactTrace.Bench.Baseline;
using ContactTrace.Bench.Hosting;
using ContactTrace.Bench.Posting;
using ContactTrace.Bench.Registration;
using ContactTrace.Bench.Report;
using ContactTrace.TestSupport;

namespace ContactTrace.Bench.Commands.Ingest;

/// <summary>
/// One run of <c>bench ingest</c>: spool the batches, start PostgreSQL, measure the host, stop it, measure the
/// baseline. Every resource is disposed in reverse order whatever happens: host killed, PostgreSQL stopped.
/// </summary>
internal sealed class IngestRun(IngestOptions options, string repoRoot, string workDirectory)
{
    private const string ApiKey = "bench-admin";
    private const int RegistrationConcurrency = 32;

    public async Task<IngestReport> ExecuteAsync(CancellationToken ct)
    {
        var loadBefore = LoadAverage.Read();
        var city = City.Generate(options.City);
        Cli.CityArguments.Describe(options.City, Console.Out);
        using var spool = Spool(city, ct);

        await using var postgres = await PostgresCluster.StartAsync(repoRoot, Path.Combine(workDirectory, "pg"), ct);
        postgres.Keep = options.Keep;
        Console.WriteLine($"PostgreSQL: {postgres.AdminConnectionString}");
        var hostDatabase = await postgres.CreateDatabaseAsync("contacttrace_bench", ct);
        var baselineDatabase = await postgres.CreateDatabaseAsync("naive_baseline", ct);
        var dll = await HostBuild.EnsureAsync(repoRoot, ct);

        var host = await MeasureHostAsync(city, spool, postgres, hostDatabase, dll, ct);
        var baseline = options.Baseline ? await MeasureBaselineAsync(city, postgres, baselineDatabase, ct) : null;
        return new IngestReport(options, host, baseline, loadBefore);
    }

    private ScanSpool Spool(City city, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var spool = ScanSpool.Write(Path.Combine(workDirectory, "scans.spool"), options.MeasuredScans(city), options.Batch, options.Format, ct);
        Console.WriteLine($"spooled {Figures.Count(spool.Scans)} scans in {Figures.Count(spool.BatchCount)} batches ({Figures.Megabytes(spool.Bytes)}) in {Figures.Seconds(clock.Elapsed)}");
        return spool;
    }

    private async Task<HostMeasurement> MeasureHostAsync(
        City city, ScanSpool spool, PostgresCluster postgres, string database, string dll, CancellationToken ct)
    {
        var ports = FreePorts.Take(3);
        await using var host = HostProcess.Start(dll, HostEnvironment(database, ports), Path.Combine(workDirectory, "host.log"));
        using var client = new ContactTraceClient(new Uri($"http://127.0.0.1:{ports[0]}/"), ApiKey, Math.Max(options.Clients, RegistrationConcurrency));
        try
        {
            await host.WaitReadyAsync(client, TimeSpan.FromMinutes(3), ct);
            Console.WriteLine($"host ready: pid {host.Pid}, {client.BaseUrl}, log {host.LogPath}");
            await new CityRegistrar(client, RegistrationConcurrency).VenuesAsync(city, ct);
            await WarmUpAsync(city, client, ct);
            return await PostAsync(host, client, spool, postgres, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"host log (last lines of {host.LogPath}):\n{host.LogTail()}");
            throw Explained(e);
        }
    }

    private async Task WarmUpAsync(City city, ContactTraceClient client, CancellationToken ct)
    {
        if (options.Warmup > 0)
        {
            var batches = ScanBatches.Serialize(options.WarmupScans(city), options.Batch, options.Format);
            var warmup = await new ScanPoster(client, options.Clients).PostAsync(batches, options.Warmup, "warm-up", ct);
            Console.WriteLine($"warm-up: {Figures.Count(warmup.Accepted)} scans accepted in {Figures.Seconds(warmup.Elapsed)} (not measured)");
        }
    }

    private async Task<HostMeasurement> PostAsync(
        HostProcess host, ContactTraceClient client, ScanSpool spool, PostgresCluster postgres, CancellationToken ct)
    {
        await postgres.CheckpointAsync(ct);
        var cpuBefore = host.CpuTime;
        var machineBefore = MachineCpu.Read();
        var posting = await new ScanPoster(client, options.Clients).PostAsync(spool.Read(), spool.Scans, "ingest", ct);
        var machineBusy = MachineCpu.Read().BusySince(machineBefore);
        var hostCpu = host.CpuTime - cpuBefore;
        var memory = host.Status;
        var venueIndex = VenueIndexFigures.Parse(await client.GetMetricsAsync(ct));
        return new HostMeasurement(posting, memory, venueIndex, hostCpu, machineBusy, client.Throttled);
    }

    private async Task<BaselineResult> MeasureBaselineAsync(City city, PostgresCluster postgres, string database, CancellationToken ct)
    {
        await postgres.CheckpointAsync(ct);
        Console.WriteLine($"baseline: binary COPY of the same {Figures.Count(options.Scans)} rows in batches of {Figures.Count(options.Batch)} into a plain table with 3 btree indexes…");
        var result = await NaiveCopyBaseline.RunAsync(database, options.MeasuredScans(city), options.Batch, ct);
        Console.WriteLine($"baseline: {Figures.Count(result.Rows)} rows in {Figures.Seconds(result.Elapsed)}");
        return result;
    }

    private static Dictionary<string, string> HostEnvironment(string database, int[] ports) => new(StringComparer.Ordinal)
    {
        ["ConnectionStrings__Postgres"] = database,
        ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ports[0]}",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Cluster__SiloPort"] = ports[1].ToString(CultureInfo.InvariantCulture),
        ["Cluster__GatewayPort"] = ports[2].ToString(CultureInfo.InvariantCulture),
        ["ContactTrace__ApiKeys__0__Key"] = ApiKey,
        ["ContactTrace__ApiKeys__0__Role"] = "admin",
        // Registering the city is set-up, not what is measured: lift the per-key limit (200 requests/s by
        // default) so that it does not stretch the run. Scan batches are far below it either way.
        ["ContactTrace__RateLimit__PermitsPerSecond"] = "1000000",
        ["ContactTrace__RateLimit__Burst"] = "1000000",
    };

    /// <summary>A missing endpoint is not a crash: say plainly that the host does not serve scan ingestion yet.</summary>
    private static Exception Explained(Exception e) => e is ApiException { Status: System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.MethodNotAllowed } api
        && api.Message.StartsWith("POST /api/scans", StringComparison.Ordinal)
            ? new InvalidOperationException($"the host does not serve POST /api/scans yet ({api.Message})", e)
            : e;
}
