using ContactTrace.Bench.Cli;

namespace ContactTrace.Bench.Commands.Feed;

/// <summary>The options of <c>bench feed</c>: a smaller city, the burst, POSTs in flight, and the feed's poll interval.</summary>
internal sealed record class FeedOptions(CityParameters City, int Burst, int Concurrency, int OracleConcurrency, int PollMilliseconds, int Warmup, bool Keep, string? Repo)
{
    public static FeedOptions Read(Arguments args)
    {
        var options = new FeedOptions(
            BenchCity.Read(args, persons: 20_000, days: 3, scansPerDay: 7),
            args.Int("burst", 1000, 1, 100_000),
            args.Int("concurrency", 64, 1, 512),
            args.Int("oracle-concurrency", 16, 1, 512),
            args.Int("poll-ms", 10, 1, 1000),
            args.Int("warmup", 3, 0, 100),
            args.Flag("keep"),
            args.Text("repo"));
        args.ThrowIfUnused();
        return options;
    }

    public string CommandLine => string.Create(CultureInfo.InvariantCulture,
        $"bench feed --persons {City.Persons} --days {City.Days} --scans-per-day {City.ScansPerDay} --seed {City.Seed} --burst {Burst} --concurrency {Concurrency} --oracle-concurrency {OracleConcurrency} --poll-ms {PollMilliseconds} --warmup {Warmup}") +
        (City.Venues is { } venues ? string.Create(CultureInfo.InvariantCulture, $" --venues {venues}") : "");
}
