using ContactTrace.Bench.Cli;
using ContactTrace.Bench.Commands.Soak;

namespace ContactTrace.Bench.Commands;

/// <summary>
/// <c>bench soak</c>, the mixed-load benchmark of issue 18 (see <see cref="SoakScenario"/>). Exits 1 when an
/// integrity check failed; stops everything it started, also on failure and Ctrl-C.
/// </summary>
internal static class SoakCommand
{
    public static Task<int> RunAsync(Arguments args, CancellationToken ct)
    {
        var options = SoakOptions.Read(args);
        return ScenarioCommand.RunAsync("soak", options.CommandLine, options.Repo, options.Keep, async (repoRoot, work) =>
        {
            var results = await new SoakScenario(options, repoRoot, work).ExecuteAsync(ct);
            new SoakReport(options, results).Print(Console.Out);
            return results.IntegrityHolds ? 0 : 1;
        });
    }
}
