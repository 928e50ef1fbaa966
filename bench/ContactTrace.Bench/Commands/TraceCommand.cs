using ContactTrace.Bench.Cli;
using ContactTrace.Bench.Commands.Trace;

namespace ContactTrace.Bench.Commands;

/// <summary>
/// <c>bench trace</c>, the benchmark of issue 4 (see <see cref="TraceScenario"/>). It starts and stops everything
/// itself, also on failure and Ctrl-C.
/// </summary>
internal static class TraceCommand
{
    public static Task<int> RunAsync(Arguments args, CancellationToken ct)
    {
        var options = TraceBenchOptions.Read(args);
        return ScenarioCommand.RunAsync("trace", options.CommandLine, options.Repo, options.Keep, async (repoRoot, work) =>
        {
            var results = await new TraceScenario(options, repoRoot, work).ExecuteAsync(ct);
            new TraceReport(options, results).Print(Console.Out);
            return 0;
        });
    }
}
