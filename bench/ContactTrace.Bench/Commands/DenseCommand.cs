using ContactTrace.Bench.Cli;
using ContactTrace.Bench.Commands.Dense;

namespace ContactTrace.Bench.Commands;

/// <summary>
/// <c>bench dense</c>, the crowded-venue benchmark of issue 11 (see <see cref="DenseScenario"/>). Exits 1 when the
/// host's trace did not complete; stops everything it started, also on failure and Ctrl-C.
/// </summary>
internal static class DenseCommand
{
    public static Task<int> RunAsync(Arguments args, CancellationToken ct)
    {
        var options = DenseOptions.Read(args);
        return ScenarioCommand.RunAsync("dense", options.CommandLine, options.Repo, options.Keep, async (repoRoot, work) =>
        {
            var results = await new DenseScenario(options, repoRoot, work).ExecuteAsync(ct);
            new DenseReport(options, results).Print(Console.Out);
            return results.Trace.Outcome == TraceOutcome.Completed ? 0 : 1;
        });
    }
}
