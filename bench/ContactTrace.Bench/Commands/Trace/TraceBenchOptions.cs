using ContactTrace.Bench.Cli;

namespace ContactTrace.Bench.Commands.Trace;

/// <summary>
/// The options of <c>bench trace</c>: the city (<see cref="BenchCity"/>), how many typical cases one at a time,
/// how big the burst is and how many of its requests are in flight, how many oracle runs at once (default the host's
/// ContactTrace:TraceConcurrency, 16), the superspreader's visits, warm-up cases,
/// and how often a case is polled.
/// </summary>
internal sealed record class TraceBenchOptions(
    CityParameters City,
    int Typical,
    int Burst,
    int Concurrency,
    int OracleConcurrency,
    int SuperspreaderVisits,
    int Warmup,
    int PollMilliseconds,
    bool Keep,
    string? Repo)
{
    public static TraceBenchOptions Read(Arguments args)
    {
        var city = BenchCity.Read(args, persons: 200_000, days: 3, scansPerDay: 7);
        var options = new TraceBenchOptions(
            city,
            args.Int("typical", 100, 0, 10_000),
            args.Int("burst", 1000, 0, 100_000),
            args.Int("concurrency", 64, 1, 512),
            args.Int("oracle-concurrency", 16, 1, 512),
            args.Int("superspreader-visits", 12, 0, 48),
            args.Int("warmup", 3, 0, 100),
            args.Int("poll-ms", 3, 1, 1000),
            args.Flag("keep"),
            args.Text("repo"));
        args.ThrowIfUnused();
        return options;
    }

    /// <summary>The command line that reproduces this run, printed at the top and with the figures.</summary>
    public string CommandLine =>
        string.Create(CultureInfo.InvariantCulture,
            $"bench trace --persons {City.Persons} --days {City.Days} --scans-per-day {City.ScansPerDay} --typical {Typical} --burst {Burst} --seed {City.Seed}") +
        (City.Venues is { } venues ? string.Create(CultureInfo.InvariantCulture, $" --venues {venues}") : "") +
        string.Create(CultureInfo.InvariantCulture,
            $" --concurrency {Concurrency} --oracle-concurrency {OracleConcurrency} --superspreader-visits {SuperspreaderVisits} --warmup {Warmup} --poll-ms {PollMilliseconds}");
}
