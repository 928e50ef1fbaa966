using System.Text.Json;
using ContactTrace.Bench.Api;
using ContactTrace.Bench.Hosting;
using ContactTrace.Bench.Posting;
using ContactTrace.Bench.Report;

namespace ContactTrace.Bench.Commands.Chain;

/// <summary>
/// <c>bench chain</c>, the benchmark of issue 6: a generated outbreak that is one cluster bulk-loaded into the
/// host's tables (<see cref="OutbreakCopy"/>), then the chain summary (<c>GET /api/cases/{id}/chain</c>, JSON,
/// default page, a random case of the cluster each time) and the daily bulletin (JSON and text, a different day
/// of the outbreak each time, until 15:00) timed one request at a time, next to plain SQL on the same tables —
/// once the bulletin's figures from both have been checked equal (<see cref="BulletinCheck"/>).
/// </summary>
internal sealed class ChainScenario(ChainOptions options, string repoRoot, string workDirectory)
{
    private const int Warmup = 5;
    public const string Until = "15:00";

    public async Task<ChainResults> ExecuteAsync(CancellationToken ct)
    {
        var loadBefore = LoadAverage.Read();
        var outbreak = Outbreak.Generate(options.Cases, options.Days, options.Seed);
        Console.WriteLine($"outbreak: {Figures.Count(outbreak.Cases.Count)} cases in cluster {outbreak.ClusterId}, {Figures.Count(outbreak.Contacts.Count)} contacts, reported {outbreak.FirstDay:yyyy-MM-dd} + {outbreak.Days} days");
        await using var stack = await BenchStack.StartPostgresAsync(repoRoot, workDirectory, "contacttrace_chain", ct);
        stack.Postgres.Keep = options.Keep;
        try
        {
            await stack.StartHostAsync(repoRoot, workDirectory, new Dictionary<string, string>(StringComparer.Ordinal), ct);
            using var admin = new ContactTraceClient(stack.BaseUrl, BenchStack.AdminKey, 4);
            foreach (var district in Districts.All)
            {
                await admin.PutHotelAsync(new Hotel(OutbreakCopy.HotelOf(district.Code), $"{district.Label}隔离点", district.Code, 100_000), ct);
            }

            await OutbreakCopy.WriteAsync(stack.Data, outbreak, ct);
            await stack.Postgres.CheckpointAsync(ct);
            return await MeasureAsync(stack, outbreak, loadBefore, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"host log (last lines):\n{stack.HostLogTail()}");
            throw;
        }
    }

    private async Task<ChainResults> MeasureAsync(BenchStack stack, Outbreak outbreak, string loadBefore, CancellationToken ct)
    {
        using var client = new TracingClient(stack.BaseUrl, BenchStack.AdminKey, 2);
        var random = new Random(options.Seed);
        string RandomCase() => outbreak.Cases[random.Next(outbreak.Cases.Count)].CaseId;
        string Day(int i) => outbreak.FirstDay.AddDays(i % outbreak.Days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var sample = await client.GetTextAsync($"api/cases/{RandomCase()}/chain", ct);
        using var chain = JsonDocument.Parse(sample);
        var root = chain.RootElement;
        var bulletin = await client.GetTextAsync($"api/reports/daily?date={Day(outbreak.Days - 1)}&until={Until}&format=text", ct);
        var check = await BulletinCheck.RunAsync(client, stack.Data, outbreak, ct);

        Console.WriteLine($"timing {options.Requests} requests of each kind, one at a time ({Warmup} unmeasured first)…");
        var chainTimes = await TimeAsync(i => client.GetBodyAsync($"api/cases/{RandomCase()}/chain", ct), ct);
        var bulletinJson = await TimeAsync(i => client.GetBodyAsync($"api/reports/daily?date={Day(i)}&until={Until}", ct), ct);
        var bulletinText = await TimeAsync(i => client.GetBodyAsync($"api/reports/daily?date={Day(i)}&until={Until}&format=text", ct), ct);
        var sqlChain = await TimeAsync(i => PlainSqlQueries.ChainAsync(stack.Data, RandomCase(), ct), ct);
        var sqlBulletin = await TimeAsync(i =>
        {
            var day = outbreak.FirstDay.AddDays(i % outbreak.Days).ToDateTime(TimeOnly.MinValue);
            var start = new DateTimeOffset(day, CityClock.LocalOffset);
            return PlainSqlQueries.BulletinAsync(stack.Data, start, start.AddHours(15), ct);
        }, ct);

        return new ChainResults(outbreak.Cases.Count, outbreak.Contacts.Count,
            root.GetProperty("caseCount").GetInt32(), root.GetProperty("contactCount").GetInt32(),
            root.GetProperty("nodes").GetArrayLength(), root.GetProperty("edges").GetArrayLength(), sample.Length, bulletin, check,
            chainTimes, bulletinJson, bulletinText, sqlChain, sqlBulletin, loadBefore, LoadAverage.Read());
    }

    private async Task<Latencies> TimeAsync(Func<int, Task> request, CancellationToken ct)
    {
        for (var i = 0; i < Warmup; i++)
        {
            await request(i);
        }

        var latencies = new Latencies();
        for (var i = 0; i < options.Requests; i++)
        {
            ct.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            await request(i);
            latencies.Add(clock.Elapsed);
        }

        return latencies;
    }
}
