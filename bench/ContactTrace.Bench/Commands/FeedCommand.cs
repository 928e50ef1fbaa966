using ContactTrace.Bench.Cli;
using ContactTrace.Bench.Commands.Feed;
using ContactTrace.Bench.Hosting;

namespace ContactTrace.Bench.Commands;

/// <summary><c>bench feed</c>, the benchmark of issue 5 (see <see cref="FeedScenario"/>); stops everything it started.</summary>
internal static class FeedCommand
{
    public static async Task<int> RunAsync(Arguments args, CancellationToken ct)
    {
        var options = FeedOptions.Read(args);
        Console.WriteLine(options.CommandLine);
        var repoRoot = RepoRoot.Find(options.Repo);
        using var work = new WorkDirectory("feed", options.Keep);
        try
        {
            var results = await new FeedScenario(options, repoRoot, work.Path).ExecuteAsync(ct);
            new FeedReport(options, results).Print(Console.Out);
            return 0;
        }
        catch (Exception e) when (e is not OperationCanceledException and not UsageException)
        {
            await Console.Error.WriteLineAsync($"bench feed failed: {e}");
            return 1;
        }
    }
}
