using ContactTrace.Bench.Cli;
using ContactTrace.Bench.Hosting;
using ContactTrace.Bench.Posting;
using ContactTrace.Bench.Report;
using Npgsql;

namespace ContactTrace.Bench.Commands.Screening;

/// <summary>
/// <c>bench codes</c> (issue 13): <c>GET /api/health-codes/{personId}</c> for random persons of a city of N, a share
/// of them not green, with C requests in flight for a fixed time — lookups/s and p50/p99 — beside the baseline, the
/// same lookups as point queries on the <c>health_codes</c> table's primary key. The host is started twice: once
/// empty and once holding the flagged codes, so that the difference in resident memory is the board's cost.
/// </summary>
internal sealed class CodesBench(CodesBench.Options options, string repoRoot, string workDirectory)
{
    public sealed record class Options(int Persons, double Flagged, int Clients, TimeSpan Duration, bool Keep, string? Repo)
    {
        public string CommandLine => string.Create(CultureInfo.InvariantCulture,
            $"bench codes --persons {Persons} --flagged {Flagged} --clients {Clients} --duration {Durations.Format(Duration)}");

        public static Options Read(Arguments args)
        {
            var flagged = args.Text("flagged") is { } text ? double.Parse(text, CultureInfo.InvariantCulture) : 0.05;
            var options = new Options(args.Int("persons", 1_000_000, 100, 20_000_000),
                flagged is >= 0 and <= 1 ? flagged : throw new UsageException("--flagged must be a share from 0 to 1."),
                args.Int("clients", 32, 1, 1024), args.Duration("duration", TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(30)),
                args.Flag("keep"), args.Text("repo"));
            args.ThrowIfUnused();
            return options;
        }
    }

    public static Task<int> RunAsync(Arguments args, CancellationToken ct)
    {
        var options = Options.Read(args);
        return ScenarioCommand.RunAsync("codes", options.CommandLine, options.Repo, options.Keep,
            (repoRoot, work) => new CodesBench(options, repoRoot, work).ExecuteAsync(ct));
    }

    private async Task<int> ExecuteAsync(CancellationToken ct)
    {
        var loadBefore = LoadAverage.Read();
        var none = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var stack = await BenchStack.StartPostgresAsync(repoRoot, workDirectory, "contacttrace_codes", ct);
        stack.Postgres.Keep = options.Keep;
        await stack.StartHostAsync(repoRoot, workDirectory, none, ct);
        await WarmAsync(stack.BaseUrl, ct);
        var emptyResident = stack.Host!.Status?.ResidentBytes ?? 0;
        await stack.StopHostAsync();

        var flagged = (int)(options.Persons * options.Flagged);
        var load = Stopwatch.StartNew();
        await BenchSql.ExecuteAsync(stack.Data, string.Create(CultureInfo.InvariantCulture, $"""
            INSERT INTO persons (person_id, district) SELECT 'cp-' || i, 'daoli' FROM generate_series(0, {options.Persons - 1}) AS i;
            INSERT INTO health_codes (person_id, code, reasons, since, next_check_at)
            SELECT 'cp-' || i, CASE WHEN i % 3 = 0 THEN 'red' ELSE 'yellow' END,
                   jsonb_build_array(jsonb_build_object('rule', CASE WHEN i % 3 = 0 THEN 'close-contact' ELSE 'secondary-contact' END,
                                                        'since', now() - interval '1 day', 'until', now() + interval '6 days')),
                   now() - interval '1 day', now() + interval '6 days'
            FROM generate_series(0, {options.Persons - 1}, {Math.Max(1, options.Persons / Math.Max(1, flagged))}) AS i;
            ANALYZE;
            """), ct);
        var stored = await BenchSql.CountAsync(stack.Data, "SELECT count(*) FROM health_codes WHERE code <> 'green'", ct);
        Console.WriteLine($"loaded {Figures.Count(options.Persons)} persons and {Figures.Count(stored)} flagged codes in {Figures.Seconds(load.Elapsed)}");

        // A new cluster id: the first host was killed, and a silo joining its cluster would wait until it is declared dead.
        var started = Stopwatch.StartNew();
        await stack.StartHostAsync(repoRoot, workDirectory, new Dictionary<string, string>(StringComparer.Ordinal) { ["Cluster__ClusterId"] = "codes-loaded" }, ct);
        using var http = Client(stack.BaseUrl);
        await WaitLoadedAsync(http, ct);
        var loaded = started.Elapsed;
        await WarmAsync(stack.BaseUrl, ct);
        var boardResident = stack.Host!.Status?.ResidentBytes ?? 0;
        var metrics = await http.GetStringAsync("metrics", ct);
        var boardBytes = PrometheusText.Sum(metrics, "contacttrace_health_codes_board_bytes") ?? double.NaN;
        var boardEntries = PrometheusText.Sum(metrics, "contacttrace_health_codes_flagged") ?? double.NaN;

        var cpuBefore = stack.Host.CpuTime;
        var (lookups, latencies, wrong) = await LookUpAsync(async (personId, token) =>
        {
            using var response = await http.GetAsync($"api/health-codes/{personId}", HttpCompletionOption.ResponseContentRead, token);
            var body = await response.Content.ReadAsByteArrayAsync(token);
            return response.IsSuccessStatusCode && body.Length > 40;
        }, ct);
        var hostCpu = stack.Host.CpuTime - cpuBefore;
        var peak = stack.Host.Status;
        await stack.StopHostAsync();

        var (sqlLookups, sqlLatencies, sqlWrong) = await LookUpAsync(async (personId, token) =>
        {
            await using var command = stack.Data.CreateCommand("SELECT code, reasons::text, since FROM health_codes WHERE person_id = $1");
            command.Parameters.Add(new NpgsqlParameter { Value = personId });
            await using var reader = await command.ExecuteReaderAsync(token);
            return true;
        }, ct);

        var perEntry = boardEntries > 0 ? boardBytes / boardEntries : double.NaN;
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bench codes: {Figures.Count(options.Persons)} persons, {Figures.Count(stored)} not green, {options.Clients} requests in flight for {Durations.Format(options.Duration)}; {Environment.ProcessorCount} cores (the bench client shares them); load average before {loadBefore}, after {LoadAverage.Read()}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"board: {boardEntries:N0} entries, {Figures.Megabytes((long)boardBytes)} by its own count (~{perEntry:F0} bytes each), loaded in {Figures.Seconds(loaded)} (host start included); host RSS empty {Figures.Megabytes(emptyResident)}, with the board {Figures.Megabytes(boardResident)}; peak {Figures.Megabytes(peak?.PeakResidentBytes ?? 0)}; host CPU during lookups {Figures.Seconds(hostCpu)}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"at 10,000,000 persons with the same share flagged: ~{Figures.Megabytes((long)(perEntry * 10_000_000 * options.Flagged))} per silo (green persons cost nothing)"));
        Console.WriteLine("baseline: the same lookups as primary-key queries on health_codes from the bench (Npgsql, pooled), same concurrency and duration");
        new FigureTable("", "ContactTrace (HTTP, from memory)", "baseline (SQL point query)")
            .Add("lookups/s", Figures.Rate(lookups / options.Duration.TotalSeconds), Figures.Rate(sqlLookups / options.Duration.TotalSeconds))
            .Add("p50", Figures.Milliseconds(latencies.Percentile(50)), Figures.Milliseconds(sqlLatencies.Percentile(50)))
            .Add("p99", Figures.Milliseconds(latencies.Percentile(99)), Figures.Milliseconds(sqlLatencies.Percentile(99)))
            .Add("failed", Figures.Count(wrong), Figures.Count(sqlWrong))
            .Print(Console.Out);
        var rate = lookups / options.Duration.TotalSeconds;
        Console.WriteLine($"goal >= 50,000 lookups/s and p99 <= 5 ms: {(rate >= 50_000 && latencies.Percentile(99) <= 5 ? "met" : "MISSED")}");
        return wrong == 0 ? 0 : 1;
    }

    /// <summary>C workers looking up random persons for the duration; each keeps its own latencies, merged at the end.</summary>
    private async Task<(long Count, Latencies Latencies, long Failed)> LookUpAsync(Func<string, CancellationToken, Task<bool>> lookUp, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        stop.CancelAfter(options.Duration);
        long count = 0, failed = 0;
        var all = new Latencies();
        await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            var mine = new Latencies();
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    if (!await lookUp($"cp-{random.Next(options.Persons)}", stop.Token))
                    {
                        Interlocked.Increment(ref failed);
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    break;
                }

                mine.Add(Stopwatch.GetElapsedTime(started));
                Interlocked.Increment(ref count);
            }

            all.AddRange(mine);
        }, ct)));
        return (count, all, failed);
    }

    private HttpClient Client(Uri baseUrl)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Clients, UseProxy = false }) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("X-Api-Key", BenchStack.AdminKey);
        return http;
    }

    // The first flagged person answers non-green once the board has loaded its snapshot.
    private static async Task WaitLoadedAsync(HttpClient http, CancellationToken ct)
    {
        var waited = Stopwatch.StartNew();
        while ((await http.GetStringAsync("api/health-codes/cp-0", ct)).Contains("\"green\"", StringComparison.Ordinal))
        {
            if (waited.Elapsed > TimeSpan.FromMinutes(5))
            {
                throw new TimeoutException("the host's health-code board did not load within 5 minutes");
            }

            await Task.Delay(100, ct);
        }
    }

    private async Task WarmAsync(Uri baseUrl, CancellationToken ct)
    {
        using var http = Client(baseUrl);
        for (var i = 0; i < 2000; i++)
        {
            using var response = await http.GetAsync($"api/health-codes/cp-{i}", ct);
        }
    }
}
