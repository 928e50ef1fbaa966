using ContactTrace.Bench.Cli;
using ContactTrace.Bench.Commands.Dense;
using ContactTrace.Bench.Hosting;

namespace ContactTrace.Bench.Commands;

/// <summary>
/// <c>bench dense</c>, the crowded-venue benchmark of issue 11 (see <see cref="DenseScenario"/>). Exits 1 when the
/// host's trace did not complete; stops everything it started, also on failure and Ctrl-C.
/// </summary>
internal static class DenseCommand
{
    public static async Task<int> RunAsync(Arguments args, CancellationToken ct)
    {
        var options = DenseOptions.Read(args);
        Console.WriteLine(options.CommandLine);
        var repoRoot = RepoRoot.Find(options.Repo);
        using var work = new WorkDirectory("dense", options.Keep);
        try
        {
            var results = await new DenseScenario(options, repoRoot, work.Path).ExecuteAsync(ct);
            new DenseReport(options, results).Print(Console.Out);
            return results.Trace.Outcome == TraceOutcome.Completed ? 0 : 1;
        }
        catch (Exception e) when (e is not OperationCanceledException and not UsageException)
        {
            await Console.Error.WriteLineAsync($"bench dense failed: {e}");
            return 1;
        }
    }
}
