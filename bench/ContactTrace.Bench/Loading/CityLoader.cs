using ContactTrace.Bench.Api;
using ContactTrace.Bench.Hosting;
using ContactTrace.Bench.Report;

namespace ContactTrace.Bench.Loading;

/// <summary>
/// Puts a generated city into a running host the fast way: persons, venues and scans by binary COPY into the
/// host's own tables (exactly the rows the host writes), statistics refreshed as autovacuum would, hotels
/// registered through the API, and every venue grain activated (a venue grain builds its in-memory visit index
/// from the scan table on activation, as it would hold it after live ingestion) — none of it measured.
/// </summary>
internal static class CityLoader
{
    private const int WarmupConcurrency = 16;

    public static Task LoadAsync(City city, BenchStack stack, IReadOnlyList<Hotel> hotels, CancellationToken ct) =>
        LoadAsync(CityRows.Of(city), stack, hotels, ct);

    public static async Task LoadAsync(CityRows city, BenchStack stack, IReadOnlyList<Hotel> hotels, CancellationToken ct)
    {
        await RegistryCopy.PersonsAsync(stack.Data, city.Persons, city.Persons.Count, ct);
        await RegistryCopy.VenuesAsync(stack.Data, city.Venues, ct);
        await ScanCopy.LoadAsync(stack.Data, city, ct);
        await AnalyzeAsync(stack, ct);

        using var admin = new ContactTraceClient(stack.BaseUrl, BenchStack.AdminKey, WarmupConcurrency);
        var clock = Stopwatch.StartNew();
        foreach (var hotel in hotels)
        {
            await admin.PutHotelAsync(hotel, ct);
        }

        Console.WriteLine($"hotels: {hotels.Count} registered through PUT /api/hotels/{{id}}, {Figures.Count(hotels.Sum(h => (long)h.Capacity))} rooms in all, in {Figures.Seconds(clock.Elapsed)}");
        await ActivateVenuesAsync(city, stack, ct);
        await stack.Postgres.CheckpointAsync(ct);
    }

    private static async Task AnalyzeAsync(BenchStack stack, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await using var command = stack.Data.CreateCommand("ANALYZE persons; ANALYZE venues; ANALYZE scans;");
        await command.ExecuteNonQueryAsync(ct);
        Console.WriteLine($"ANALYZE persons, venues, scans in {Figures.Seconds(clock.Elapsed)}");
    }

    private static async Task ActivateVenuesAsync(CityRows city, BenchStack stack, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        using var client = new TracingClient(stack.BaseUrl, BenchStack.AdminKey, WarmupConcurrency);
        var options = new ParallelOptions { MaxDegreeOfParallelism = WarmupConcurrency, CancellationToken = ct };
        await Parallel.ForEachAsync(city.Venues, options, async (venue, token) => await client.GetBodyAsync($"api/venues/{venue.VenueId}", token));
        Console.WriteLine($"venue grains: {city.Venues.Count} activated with GET /api/venues/{{id}} (visit indexes loaded from scans) in {Figures.Seconds(clock.Elapsed)}");
    }
}
