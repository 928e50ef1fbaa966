using ContactTrace.Bench.Hosting;
using ContactTrace.Bench.Posting;
using ContactTrace.Bench.Report;
using System.Text.Json;
using Npgsql;

namespace ContactTrace.Bench.Commands.Lists;

/// <summary>
/// A list benchmark (issue 12): a throwaway PostgreSQL and the Release host, rows bulk-loaded with one statement,
/// then each kind of request timed over HTTP, one at a time, with the indexes of migration 0040 — and again
/// after dropping them, the baseline: the same requests on the schema as it was before.
/// </summary>
internal sealed class ListScenario(ListOptions options, string repoRoot, string workDirectory)
{
    private static readonly TimeSpan PhaseBudget = TimeSpan.FromMinutes(5);

    public async Task<int> RunAsync(string loadSql, string[] indexes, IReadOnlyList<ListQuery> queries, double p99GoalMilliseconds, CancellationToken ct)
    {
        var loadBefore = LoadAverage.Read();
        await using var stack = await BenchStack.StartPostgresAsync(repoRoot, workDirectory, $"contacttrace_{options.Command}", ct);
        stack.Postgres.Keep = options.Keep;
        await stack.StartHostAsync(repoRoot, workDirectory, new Dictionary<string, string>(StringComparer.Ordinal), ct);

        var load = Stopwatch.StartNew();
        await ExecuteAsync(stack.Data, loadSql, ct);
        await ExecuteAsync(stack.Data, "ANALYZE", ct);
        Console.WriteLine($"loaded {Figures.Count(options.Rows)} rows in {Figures.Seconds(load.Elapsed)}");

        using var client = new HttpClient { BaseAddress = stack.BaseUrl, Timeout = TimeSpan.FromMinutes(1) };
        client.DefaultRequestHeaders.Add("X-Api-Key", BenchStack.AdminKey);
        var indexed = await TimeAsync(client, queries, ct);
        foreach (var index in indexes)
        {
            await ExecuteAsync(stack.Data, $"DROP INDEX IF EXISTS {index}", ct);
        }

        await ExecuteAsync(stack.Data, "ANALYZE", ct);
        var baseline = await TimeAsync(client, queries, ct);

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bench {options.Command}: {Figures.Count(options.Rows)} rows, {options.Requests} requests of each kind one at a time over HTTP; {Environment.ProcessorCount} cores; load average before {loadBefore}, after {LoadAverage.Read()}"));
        Console.WriteLine($"baseline: the same requests after DROP INDEX {string.Join(", ", indexes)}");
        var table = new FigureTable("request", "ContactTrace p50", "p99", "baseline p50", "p99");
        foreach (var query in queries)
        {
            table.Add(query.Label, Ms(indexed[query.Label], 50), Ms(indexed[query.Label], 99), Ms(baseline[query.Label], 50), Ms(baseline[query.Label], 99));
        }

        var all = Merge(indexed.Values);
        var allBaseline = Merge(baseline.Values);
        table.Add("all", Ms(all, 50), Ms(all, 99), Ms(allBaseline, 50), Ms(allBaseline, 99));
        table.Print(Console.Out);
        var met = all.Percentile(99) <= p99GoalMilliseconds;
        Console.WriteLine($"goal p99 <= {p99GoalMilliseconds} ms: {(met ? "met" : "MISSED")}");
        return 0;
    }

    private async Task<Dictionary<string, Latencies>> TimeAsync(HttpClient client, IReadOnlyList<ListQuery> queries, CancellationToken ct)
    {
        var results = queries.ToDictionary(q => q.Label, _ => new Latencies());
        var deadline = Stopwatch.StartNew();
        for (var i = -3; i < options.Requests && deadline.Elapsed < PhaseBudget; i++)
        {
            foreach (var query in queries)
            {
                var path = query.Path(Math.Abs(i));
                if (query.SecondPage)
                {
                    var first = await GetAsync(client, path, ct);
                    path += $"&after={Uri.EscapeDataString(JsonDocument.Parse(first).RootElement.GetProperty("next").GetString()!)}";
                }

                var watch = Stopwatch.StartNew();
                await GetAsync(client, path, ct);

                if (i >= 0)
                {
                    results[query.Label].Add(watch.Elapsed); // the first three rounds warm up, unmeasured
                }
            }
        }

        return results;
    }

    private static async Task<byte[]> GetAsync(HttpClient client, string path, CancellationToken ct)
    {
        using var response = await client.GetAsync(path, ct);
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        return response.IsSuccessStatusCode
            ? body
            : throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
    }

    private static Latencies Merge(IEnumerable<Latencies> parts)
    {
        var all = new Latencies();
        foreach (var part in parts)
        {
            all.AddRange(part);
        }

        return all;
    }

    private static string Ms(Latencies latencies, double percent) => Figures.Milliseconds(latencies.Percentile(percent));

    private static async Task ExecuteAsync(NpgsqlDataSource data, string sql, CancellationToken ct)
    {
        await using var command = data.CreateCommand(sql);
        command.CommandTimeout = 1800;
        await command.ExecuteNonQueryAsync(ct);
    }
}
