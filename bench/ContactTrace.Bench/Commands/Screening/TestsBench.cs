using System.Net.Http.Headers;
using System.Text.Json;
using ContactTrace.Bench.Cli;
using ContactTrace.Bench.Hosting;
using ContactTrace.Bench.Posting;
using ContactTrace.Bench.Report;
using Npgsql;
using NpgsqlTypes;

namespace ContactTrace.Bench.Commands.Screening;

/// <summary>
/// <c>bench tests</c> (issue 13): N laboratory results, a share of them positive, posted over HTTP in batches by C
/// clients into a host on a throwaway PostgreSQL — every result durable and every positive a case before each
/// answer — beside the baseline, a plain binary COPY of the same rows into a bare table.
/// </summary>
internal sealed class TestsBench(TestsBench.Options options, string repoRoot, string workDirectory)
{
    public sealed record class Options(int Results, int Persons, int Clients, int Batch, double Positives, int FanOut, bool Keep, string? Repo)
    {
        public string CommandLine => string.Create(CultureInfo.InvariantCulture,
            $"bench tests --results {Results} --persons {Persons} --clients {Clients} --batch {Batch} --positives {Positives} --fan-out {FanOut}");

        public static Options Read(Arguments args)
        {
            var positives = args.Text("positives") is { } text ? double.Parse(text, CultureInfo.InvariantCulture) : 0.01;
            var options = new Options(args.Int("results", 500_000, 1, 5_000_000), args.Int("persons", 200_000, 10, 10_000_000), args.Int("clients", 4, 1, 64),
                args.Int("batch", 50_000, 1, 50_000), positives is >= 0 and <= 1 ? positives : throw new UsageException("--positives must be a share from 0 to 1."),
                args.Int("fan-out", 32, 1, 256), args.Flag("keep"), args.Text("repo"));
            args.ThrowIfUnused();
            return options;
        }
    }

    private sealed record class Result(string TestId, string PersonId, DateTimeOffset SampledAt, DateTimeOffset ResultAt, bool Positive, string Context);

    public static Task<int> RunAsync(Arguments args, CancellationToken ct)
    {
        var options = Options.Read(args);
        return ScenarioCommand.RunAsync("tests", options.CommandLine, options.Repo, options.Keep,
            (repoRoot, work) => new TestsBench(options, repoRoot, work).ExecuteAsync(ct));
    }

    private async Task<int> ExecuteAsync(CancellationToken ct)
    {
        var loadBefore = LoadAverage.Read();
        await using var stack = await BenchStack.StartPostgresAsync(repoRoot, workDirectory, "contacttrace_tests", ct);
        stack.Postgres.Keep = options.Keep;
        await stack.StartHostAsync(repoRoot, workDirectory, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ContactTrace__Screening__PositiveFanOut"] = options.FanOut.ToString(CultureInfo.InvariantCulture),
        }, ct);
        await BenchSql.ExecuteAsync(stack.Data, string.Create(CultureInfo.InvariantCulture,
            $"INSERT INTO persons (person_id, district) SELECT 'tp-' || i, 'daoli' FROM generate_series(0, {options.Persons - 1}) AS i"), ct);

        var results = Generate().ToList();
        var batches = results.Chunk(options.Batch).Select(Serialize).ToList();
        Console.WriteLine($"{Figures.Count(results.Count)} results ({Figures.Count(results.Count(r => r.Positive))} positive) in {batches.Count} batches, " +
            $"{Figures.Megabytes(batches.Sum(b => (long)b.Length))} of JSON; {Figures.Count(options.Persons)} persons registered");

        await stack.Postgres.CheckpointAsync(ct);
        var cpuBefore = stack.Host!.CpuTime;
        var (elapsed, latencies, totals) = await PostAsync(stack.BaseUrl, batches, ct);
        var hostCpu = stack.Host.CpuTime - cpuBefore;
        var stored = await BenchSql.CountAsync(stack.Data, "SELECT count(*) FROM tests", ct);
        var cases = await BenchSql.CountAsync(stack.Data, "SELECT count(*) FROM cases", ct);
        var memory = stack.Host.Status;
        await stack.StopHostAsync();

        await stack.Postgres.CheckpointAsync(ct);
        var (baselineElapsed, baselineLatencies) = await CopyBaselineAsync(stack.Data, results, ct);

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bench tests: {Figures.Count(results.Count)} results, {options.Clients} clients, batches of {Figures.Count(options.Batch)}; {Environment.ProcessorCount} cores; load average before {loadBefore}, after {LoadAverage.Read()}"));
        Console.WriteLine($"answers: {Figures.Count(totals.Accepted)} accepted, {Figures.Count(totals.Duplicates)} duplicates, {Figures.Count(totals.Rejected)} rejected, " +
            $"{Figures.Count(totals.Cases)} cases created; stored rows {Figures.Count(stored)}, cases {Figures.Count(cases)}; host CPU {Figures.Seconds(hostCpu)}, VmHWM {Figures.Megabytes(memory?.PeakResidentBytes ?? 0)}");
        Console.WriteLine("baseline: binary COPY of the same rows, in the same batches, from one connection into a bare table (no index, no trigger)");
        new FigureTable("", "ContactTrace (HTTP, durable, positives reported)", "baseline (plain COPY)")
            .Add("results/s", Figures.Rate(results.Count / elapsed.TotalSeconds), Figures.Rate(results.Count / baselineElapsed.TotalSeconds))
            .Add("wall time", Figures.Seconds(elapsed), Figures.Seconds(baselineElapsed))
            .Add("batch p50", Figures.Milliseconds(latencies.Percentile(50)), Figures.Milliseconds(baselineLatencies.Percentile(50)))
            .Add("batch p99", Figures.Milliseconds(latencies.Percentile(99)), Figures.Milliseconds(baselineLatencies.Percentile(99)))
            .Print(Console.Out);
        var rate = results.Count / elapsed.TotalSeconds;
        Console.WriteLine($"goal >= 50,000 results/s: {(rate >= 50_000 ? "met" : "MISSED")}; every result stored once: {(stored == results.Count ? "yes" : "NO")}");
        return stored == results.Count && totals.Accepted == results.Count ? 0 : 1;
    }

    // Deterministic: results sampled in the last day, read two hours later; a share positive; one in ten key population.
    private IEnumerable<Result> Generate()
    {
        var random = new Random(13);
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < options.Results; i++)
        {
            var sampled = now.AddMinutes(-150 - random.Next(20 * 60));
            yield return new Result($"bt-{i}", $"tp-{random.Next(options.Persons)}", sampled, sampled.AddHours(2), random.NextDouble() < options.Positives,
                i % 10 == 0 ? "key-population-open" : "community-round");
        }
    }

    private static byte[] Serialize(Result[] batch)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var r in batch)
            {
                json.WriteStartObject();
                json.WriteString("testId", r.TestId);
                json.WriteString("personId", r.PersonId);
                json.WriteString("sampledAt", r.SampledAt);
                json.WriteString("resultAt", r.ResultAt);
                json.WriteString("result", r.Positive ? "positive" : "negative");
                json.WriteStartObject("context");
                json.WriteString("kind", r.Context);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return buffer.ToArray();
    }

    private async Task<(TimeSpan Elapsed, Latencies Latencies, (long Accepted, long Duplicates, long Rejected, long Cases) Totals)> PostAsync(
        Uri baseUrl, List<byte[]> batches, CancellationToken ct)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Clients, UseProxy = false })
        {
            BaseAddress = baseUrl,
            Timeout = TimeSpan.FromMinutes(5),
        };
        http.DefaultRequestHeaders.Add("X-Api-Key", BenchStack.AdminKey);
        var latencies = new Latencies();
        long accepted = 0, duplicates = 0, rejected = 0, cases = 0;
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) is var index && index < batches.Count)
            {
                var started = Stopwatch.GetTimestamp();
                using var content = new ByteArrayContent(batches[index]) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
                using var response = await http.PostAsync("api/tests", content, ct);
                var body = await response.Content.ReadAsStringAsync(ct);
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"POST /api/tests answered {(int)response.StatusCode}: {body[..Math.Min(body.Length, 500)]}");
                }

                latencies.Add(Stopwatch.GetElapsedTime(started));
                var answer = JsonDocument.Parse(body).RootElement;
                Interlocked.Add(ref accepted, answer.GetProperty("accepted").GetInt32());
                Interlocked.Add(ref duplicates, answer.GetProperty("duplicates").GetInt32());
                Interlocked.Add(ref rejected, answer.GetProperty("rejected").GetArrayLength());
                Interlocked.Add(ref cases, answer.GetProperty("casesCreated").GetArrayLength());
            }
        }));
        return (clock.Elapsed, latencies, (accepted, duplicates, rejected, cases));
    }

    private async Task<(TimeSpan Elapsed, Latencies Latencies)> CopyBaselineAsync(NpgsqlDataSource data, List<Result> results, CancellationToken ct)
    {
        await BenchSql.ExecuteAsync(data, """
            CREATE TABLE tests_baseline (test_id text, person_id text, sampled_at timestamptz, result_at timestamptz, positive boolean, context text)
            """, ct);
        await using var connection = await data.OpenConnectionAsync(ct);
        var latencies = new Latencies();
        var clock = Stopwatch.StartNew();
        foreach (var batch in results.Chunk(options.Batch))
        {
            var started = Stopwatch.GetTimestamp();
            await using (var writer = await connection.BeginBinaryImportAsync("COPY tests_baseline FROM STDIN (FORMAT BINARY)", ct))
            {
                foreach (var r in batch)
                {
                    await writer.StartRowAsync(ct);
                    await writer.WriteAsync(r.TestId, NpgsqlDbType.Text, ct);
                    await writer.WriteAsync(r.PersonId, NpgsqlDbType.Text, ct);
                    await writer.WriteAsync(r.SampledAt, NpgsqlDbType.TimestampTz, ct);
                    await writer.WriteAsync(r.ResultAt, NpgsqlDbType.TimestampTz, ct);
                    await writer.WriteAsync(r.Positive, NpgsqlDbType.Boolean, ct);
                    await writer.WriteAsync(r.Context, NpgsqlDbType.Text, ct);
                }

                await writer.CompleteAsync(ct);
            }

            latencies.Add(Stopwatch.GetElapsedTime(started));
        }

        return (clock.Elapsed, latencies);
    }
}
