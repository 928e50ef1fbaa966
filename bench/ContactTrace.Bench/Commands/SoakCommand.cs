using ContactTrace.Bench.Cli;
using ContactTrace.Bench.Commands.Soak;
using ContactTrace.Bench.Hosting;

namespace ContactTrace.Bench.Commands;

/// <summary>
/// <c>bench soak</c>, the mixed-load benchmark of issue 18 (see <see cref="SoakScenario"/>). Exits 1 when an
/// integrity check failed; stops everything it started, also on failure and Ctrl-C.
/// </summary>
internal static class SoakCommand
{
    public static async Task<int> RunAsync(Arguments args, CancellationToken ct)
    {
        var options = SoakOptions.Read(args);
        Console.WriteLine(options.CommandLine);
        var repoRoot = RepoRoot.Find(options.Repo);
        using var work = new WorkDirectory("soak", options.Keep);
        try
        {
            var results = await new SoakScenario(options, repoRoot, work.Path).ExecuteAsync(ct);
            new SoakReport(options, results).Print(Console.Out);
            return results.IntegrityHolds ? 0 : 1;
        }
        catch (Exception e) when (e is not OperationCanceledException and not UsageException)
        {
            await Console.Error.WriteLineAsync($"bench soak failed: {e}");
            return 1;
        }
    }
}
