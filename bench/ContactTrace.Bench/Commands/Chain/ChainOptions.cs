using ContactTrace.Bench.Cli;

namespace ContactTrace.Bench.Commands.Chain;

/// <summary>The options of <c>bench chain</c>: the outbreak's size and spread, and how many requests of each kind.</summary>
internal sealed record class ChainOptions(int Cases, int Days, int Requests, int Seed, bool Keep, string? Repo)
{
    public static ChainOptions Read(Arguments args)
    {
        var options = new ChainOptions(
            args.Int("cases", 5000, 2, 1_000_000),
            args.Int("days", 20, 1, 365),
            args.Int("requests", 200, 1, 100_000),
            args.Int("seed", 1, int.MinValue, int.MaxValue),
            args.Flag("keep"),
            args.Text("repo"));
        args.ThrowIfUnused();
        return options;
    }

    public string CommandLine => string.Create(CultureInfo.InvariantCulture,
        $"bench chain --cases {Cases} --days {Days} --requests {Requests} --seed {Seed}");
}
