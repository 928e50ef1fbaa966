using ContactTrace.Bench.Api;
using ContactTrace.Bench.Report;

namespace ContactTrace.Bench.Registration;

/// <summary>Registers a city's venues, hotels and persons with a bounded number of requests in flight.</summary>
internal sealed class CityRegistrar(ContactTraceClient client, int concurrency)
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(3);

    public Task VenuesAsync(City city, CancellationToken ct) =>
        RegisterAsync("venues", city.Venues, city.Venues.Length, client.PutVenueAsync, ct);

    public Task HotelsAsync(City city, CancellationToken ct) =>
        RegisterAsync("hotels", city.Hotels, city.Hotels.Length, client.PutHotelAsync, ct);

    public Task PersonsAsync(City city, CancellationToken ct) =>
        RegisterAsync("persons", city.Persons, city.Persons.Count, client.PutPersonAsync, ct);

    private async Task RegisterAsync<T>(string what, IEnumerable<T> items, int count, Func<T, CancellationToken, Task> put, CancellationToken ct)
    {
        var done = 0;
        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        var options = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct };
        await Parallel.ForEachAsync(items, options, async (item, token) =>
        {
            await put(item, token);
            var finished = Interlocked.Increment(ref done);
            if (clock.Elapsed - lastReport > ProgressInterval)
            {
                lastReport = clock.Elapsed;
                Console.WriteLine($"  registering {what}: {Figures.Count(finished)}/{Figures.Count(count)}");
            }
        });
        Console.WriteLine($"registered {Figures.Count(count)} {what} in {Figures.Seconds(clock.Elapsed)} ({Figures.Rate(count / clock.Elapsed.TotalSeconds)}, {concurrency} in flight)");
    }
}
