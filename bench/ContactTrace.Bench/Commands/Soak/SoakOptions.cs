using ContactTrace.Bench.Cli;

namespace ContactTrace.Bench.Commands.Soak;

/// <summary>
/// The options of <c>bench soak</c>: the city (whole days ending yesterday, each person 2–4 visits a day: the first
/// <see cref="HistoryDays"/> loaded before the load, the last <see cref="LiveDays"/> sent by the scan posters),
/// how long the mixed load runs, the scan posters (how many, batch size, an optional total rate), how often a case is
/// reported and the reader reads, how long the backlog may take to drain, how long the host is then left idle before its
/// memory is read again, and the clients' request timeout. <see cref="CheckInAfter"/> is how long, in the city's time,
/// the hotels' desks take to check a placed guest in (null: nobody is checked in, every close contact's window stays
/// open). <see cref="HostEnvironment"/> (<c>--host-env NAME=VALUE,…</c>)
/// reaches the host only — for experiments such as a heap limit or another collector, which must not change the
/// client's own process.
/// </summary>
internal sealed record class SoakOptions(
    CityParameters City,
    TimeSpan Duration,
    int Posters,
    int Batch,
    int ScanRate,
    int LiveDays,
    TimeSpan CaseEvery,
    TimeSpan ReadEvery,
    TimeSpan DrainBudget,
    TimeSpan Idle,
    TimeSpan RequestTimeout,
    TimeSpan? CheckInAfter,
    bool Keep,
    string? Repo,
    IReadOnlyDictionary<string, string> HostEnvironment)
{
    /// <summary>The most visits a person makes in a day; <see cref="VisitThinning"/> keeps 2 to this many.</summary>
    public const int MaxVisitsPerDay = 4;

    /// <summary>One scanned place per 20 persons by default: issue 18's own soak city had 20,000 persons and 1,000 venues.</summary>
    public const int PersonsPerVenue = 20;

    private const int DefaultMinimumVenues = 18;

    public int Minutes => (int)Duration.TotalMinutes;

    public int HistoryDays => City.Days - LiveDays;

    public static SoakOptions Read(Arguments args)
    {
        var days = args.Int("days", 5, 2, BenchCity.MaxDays);
        var persons = args.Int("persons", 450_000, 1, 5_000_000);
        var city = CityArguments.Validated(new CityParameters
        {
            Persons = persons,
            Venues = args.Int("venues", Math.Max(DefaultMinimumVenues, persons / PersonsPerVenue), DefaultMinimumVenues, 1_000_000),
            Days = days,
            ScansPerDay = MaxVisitsPerDay,
            Seed = args.Int("seed", 1, int.MinValue, int.MaxValue),
            StartDate = CityArguments.RecentStart(days),
        });
        var options = new SoakOptions(
            city,
            TimeSpan.FromMinutes(args.Int("minutes", 10, 1, 180)),
            args.Int("posters", 2, 1, 9),
            args.Int("batch", 2000, 1, 50_000),
            args.Int("scan-rate", 6000, 0, 10_000_000),
            args.Int("live-days", 3, 1, days - 1),
            args.Duration("case-every", TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)),
            args.Duration("read-every", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)),
            args.Duration("drain-budget", TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(10), TimeSpan.FromHours(2)),
            args.Duration("idle", TimeSpan.FromMinutes(2), TimeSpan.Zero, TimeSpan.FromHours(1)),
            args.Duration("request-timeout", TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10)),
            CheckInAfterOf(args),
            args.Flag("keep"),
            args.Text("repo"),
            ParseHostEnvironment(args.Text("host-env")));
        args.ThrowIfUnused();
        return options;
    }

    private static TimeSpan? CheckInAfterOf(Arguments args)
    {
        var after = args.Duration("check-in-after", TimeSpan.FromHours(12), TimeSpan.Zero, TimeSpan.FromDays(14));
        return args.Flag("no-check-ins") ? null : after;
    }

    private static Dictionary<string, string> ParseHostEnvironment(string? text)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new UsageException($"--host-env: '{pair}' is not NAME=VALUE.");
            }

            variables[pair[..equals]] = pair[(equals + 1)..];
        }

        return variables;
    }

    public string CommandLine => string.Create(CultureInfo.InvariantCulture,
        $"bench soak --minutes {Minutes} --persons {City.Persons} --venues {City.VenueCount} --days {City.Days} --live-days {LiveDays} --seed {City.Seed} ") +
        string.Create(CultureInfo.InvariantCulture,
            $"--posters {Posters} --batch {Batch} --scan-rate {ScanRate} --case-every {Durations.Format(CaseEvery)} --read-every {Durations.Format(ReadEvery)} ") +
        $"--drain-budget {Durations.Format(DrainBudget)} --idle {Durations.Format(Idle)} --request-timeout {Durations.Format(RequestTimeout)} " +
        (CheckInAfter is { } after ? $"--check-in-after {Durations.Format(after)}" : "--no-check-ins") +
        (HostEnvironment.Count == 0 ? "" : $" --host-env {string.Join(',', HostEnvironment.Select(v => $"{v.Key}={v.Value}"))}");
}
