using ContactTrace.Bench.Cli;

namespace ContactTrace.Bench.Commands.Dense;

/// <summary>
/// The options of <c>bench dense</c>: how many persons crowd the two venues and how often each visits each, the
/// rooms of all hotels together (fewer than the close contacts to test scarce capacity), how long the host's trace
/// and the SQL oracle may take, the host's memory limit, and how often the case is polled.
/// </summary>
internal sealed record class DenseOptions(
    int Persons,
    int Visits,
    int Rooms,
    int Seed,
    TimeSpan Timeout,
    TimeSpan OracleBudget,
    int HostMemoryGigabytes,
    int PollMilliseconds,
    bool Keep,
    string? Repo)
{
    /// <summary>18 hotels (one per district) of at most 100,000 rooms each, the host's limit per hotel.</summary>
    public const int MaxRooms = 1_800_000;

    public static DenseOptions Read(Arguments args)
    {
        var persons = args.Int("persons", 5000, 2, 200_000);
        var options = new DenseOptions(
            persons,
            args.Int("visits", 6, 1, 50),
            args.Int("rooms", Math.Min(2 * persons, MaxRooms), 0, MaxRooms),
            args.Int("seed", 1, int.MinValue, int.MaxValue),
            args.Duration("timeout", TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(5), TimeSpan.FromHours(2)),
            args.Duration("oracle-budget", TimeSpan.FromMinutes(10), TimeSpan.Zero, TimeSpan.FromHours(2)),
            args.Int("host-memory-gb", 8, 1, 1024),
            args.Int("poll-ms", 50, 1, 10_000),
            args.Flag("keep"),
            args.Text("repo"));
        args.ThrowIfUnused();
        return options;
    }

    public string CommandLine => string.Create(CultureInfo.InvariantCulture,
        $"bench dense --persons {Persons} --visits {Visits} --rooms {Rooms} --seed {Seed} --timeout {Durations.Format(Timeout)} ") +
        string.Create(CultureInfo.InvariantCulture,
            $"--oracle-budget {Durations.Format(OracleBudget)} --host-memory-gb {HostMemoryGigabytes} --poll-ms {PollMilliseconds}");
}
