using ContactTrace.Bench.Api;
using ContactTrace.Bench.Cli;
using ContactTrace.Bench.Posting;
using ContactTrace.Bench.Registration;
using ContactTrace.Bench.Report;

namespace ContactTrace.Bench.Commands;

/// <summary>
/// <c>bench load</c>: a running host gets a generated city — venues, hotels and persons registered, then every
/// scan posted in batches. Used for demos and to prepare the trace benchmarks.
/// </summary>
internal static class LoadCommand
{
    public static async Task<int> RunAsync(Arguments args, CancellationToken ct)
    {
        var url = LoopbackUrl.Parse(args.RequiredText("url"));
        var apiKey = args.RequiredText("api-key");
        var parameters = CityArguments.Read(args, CityArguments.RecentStart);
        var clients = args.Int("clients", 4, 1, 256);
        var batch = args.Int("batch", 10_000, 1, 50_000);
        var concurrency = args.Int("concurrency", 32, 1, 256);
        var format = args.Flag("ndjson") ? ScanBatchFormat.Ndjson : ScanBatchFormat.JsonArray;
        var scans = !args.Flag("no-scans");
        args.ThrowIfUnused();

        var city = City.Generate(parameters);
        CityArguments.Describe(parameters, Console.Out);
        using var client = new ContactTraceClient(url, apiKey, Math.Max(clients, concurrency));
        var registrar = new CityRegistrar(client, concurrency);
        await registrar.VenuesAsync(city, ct);
        await registrar.HotelsAsync(city, ct);
        await registrar.PersonsAsync(city, ct);
        if (scans)
        {
            var result = await new ScanPoster(client, clients)
                .PostAsync(ScanBatches.Serialize(city.Scans(), batch, format), city.ScanCount, "scans", ct);
            Print(result, clients, batch);
        }

        if (client.Throttled > 0)
        {
            Console.WriteLine($"the host's rate limit answered 429 {Figures.Count(client.Throttled)} times; each was waited out and retried (raise ContactTrace:RateLimit:PermitsPerSecond for bulk loads)");
        }

        return 0;
    }

    private static void Print(PostingResult result, int clients, int batch)
    {
        Console.WriteLine(
            $"posted {Figures.Count(result.Posted)} scans in {Figures.Seconds(result.Elapsed)} with {clients} clients, batches of {Figures.Count(batch)}: " +
            $"{Figures.Rate(result.AcceptedPerSecond)} accepted; accepted {Figures.Count(result.Accepted)}, duplicates {Figures.Count(result.Duplicates)}, " +
            $"rejected {Figures.Count(result.Rejected)}, retries {Figures.Count(result.Retries)}; batch p50 {Figures.Milliseconds(result.P50Milliseconds)}, p99 {Figures.Milliseconds(result.P99Milliseconds)}");
        foreach (var rejection in result.RejectionSamples)
        {
            Console.WriteLine($"  rejected: #{rejection.Index} {rejection.ScanId} {rejection.Field}: {rejection.Message}");
        }
    }
}
