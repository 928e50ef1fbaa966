using ContactTrace.Bench.Cli;
using ContactTrace.Bench.Commands.Feed;

namespace ContactTrace.Bench.Commands;

/// <summary><c>bench feed</c>, the benchmark of issue 5 (see <see cref="FeedScenario"/>); stops everything it started.</summary>
internal static class FeedCommand
{
    public static Task<int> RunAsync(Arguments args, CancellationToken ct)
    {
        var options = FeedOptions.Read(args);
        return ScenarioCommand.RunAsync("feed", options.CommandLine, options.Repo, options.Keep, async (repoRoot, work) =>
        {
            var results = await new FeedScenario(options, repoRoot, work).ExecuteAsync(ct);
            new FeedReport(options, results).Print(Console.Out);
            return 0;
        });
    }
}
