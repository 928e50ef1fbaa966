using ContactTrace.Bench.Cli;
using ContactTrace.Bench.Commands.Chain;
using ContactTrace.Bench.Hosting;

namespace ContactTrace.Bench.Commands;

/// <summary><c>bench chain</c>, the benchmark of issue 6 (see <see cref="ChainScenario"/>); stops everything it started.</summary>
internal static class ChainCommand
{
    public static async Task<int> RunAsync(Arguments args, CancellationToken ct)
    {
        var options = ChainOptions.Read(args);
        Console.WriteLine(options.CommandLine);
        var repoRoot = RepoRoot.Find(options.Repo);
        using var work = new WorkDirectory("chain", options.Keep);
        try
        {
            var results = await new ChainScenario(options, repoRoot, work.Path).ExecuteAsync(ct);
            new ChainReport(options, results).Print(Console.Out);
            return 0;
        }
        catch (Exception e) when (e is not OperationCanceledException and not UsageException)
        {
            await Console.Error.WriteLineAsync($"bench chain failed: {e}");
            return 1;
        }
    }
}
