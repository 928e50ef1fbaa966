using ContactTrace.Bench.Cli;
using ContactTrace.Bench.Hosting;

namespace ContactTrace.Bench.Commands;

/// <summary>
/// What every self-contained scenario command does around its scenario: print the command line, find the repository
/// (or <c>--repo</c>), give the run a work directory (kept with <c>--keep</c>), and turn a failure into exit code 1
/// with the exception printed. The scenario itself stops the host and PostgreSQL it started, also on Ctrl-C.
/// </summary>
internal static class ScenarioCommand
{
    /// <param name="run">Runs the scenario in (repository, work directory) and prints its report; returns the exit code.</param>
    public static async Task<int> RunAsync(string name, string commandLine, string? repo, bool keep, Func<string, string, Task<int>> run)
    {
        Console.WriteLine(commandLine);
        var repoRoot = RepoRoot.Find(repo);
        using var work = new WorkDirectory(name, keep);
        try
        {
            return await run(repoRoot, work.Path);
        }
        catch (Exception e) when (e is not OperationCanceledException and not UsageException)
        {
            await Console.Error.WriteLineAsync($"bench {name} failed: {e}");
            return 1;
        }
    }
}
