using ContactTrace.Bench.Cli;
using ContactTrace.Bench.Commands.Trace;
using ContactTrace.Bench.Hosting;

namespace ContactTrace.Bench.Commands;

/// <summary>
/// <c>bench trace</c>, the benchmark of issue 4 (see <see cref="TraceScenario"/>). It starts and stops everything
/// itself, also on failure and Ctrl-C.
/// </summary>
internal static class TraceCommand
{
    public static async Task<int> RunAsync(Arguments args, CancellationToken ct)
    {
        var options = TraceBenchOptions.Read(args);
        Console.WriteLine(options.CommandLine);
        var repoRoot = RepoRoot.Find(options.Repo);
        using var work = new WorkDirectory("trace", options.Keep);
        try
        {
            var results = await new TraceScenario(options, repoRoot, work.Path).ExecuteAsync(ct);
            new TraceReport(options, results).Print(Console.Out);
            return 0;
        }
        catch (Exception e) when (e is not OperationCanceledException and not UsageException)
        {
            await Console.Error.WriteLineAsync($"bench trace failed: {e}");
            return 1;
        }
    }
}
