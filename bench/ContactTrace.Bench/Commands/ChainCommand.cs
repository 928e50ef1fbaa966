using ContactTrace.Bench.Cli;
using ContactTrace.Bench.Commands.Chain;

namespace ContactTrace.Bench.Commands;

/// <summary><c>bench chain</c>, the benchmark of issue 6 (see <see cref="ChainScenario"/>); stops everything it started.</summary>
internal static class ChainCommand
{
    public static Task<int> RunAsync(Arguments args, CancellationToken ct)
    {
        var options = ChainOptions.Read(args);
        return ScenarioCommand.RunAsync("chain", options.CommandLine, options.Repo, options.Keep, async (repoRoot, work) =>
        {
            var results = await new ChainScenario(options, repoRoot, work).ExecuteAsync(ct);
            new ChainReport(options, results).Print(Console.Out);
            return 0;
        });
    }
}
