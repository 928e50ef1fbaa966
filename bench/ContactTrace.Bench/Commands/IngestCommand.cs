using ContactTrace.Bench.Cli;
using ContactTrace.Bench.Commands.Ingest;
using ContactTrace.Bench.Hosting;

namespace ContactTrace.Bench.Commands;

/// <summary>
/// <c>bench ingest</c>, the benchmark of issue 3: N generated scans over HTTP into a host on a throwaway
/// PostgreSQL, then the naive binary-COPY load of the same rows, printed side by side. It starts and stops
/// everything itself, also on failure and Ctrl-C.
/// </summary>
internal static class IngestCommand
{
    public static async Task<int> RunAsync(Arguments args, CancellationToken ct)
    {
        var options = IngestOptions.Read(args);
        var repoRoot = RepoRoot.Find(options.Repo);
        var workDirectory = Path.Combine(Path.GetTempPath(), $"contacttrace-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(workDirectory);
        try
        {
            var report = await new IngestRun(options, repoRoot, workDirectory).ExecuteAsync(ct);
            report.Print(Console.Out);
            return 0;
        }
        catch (Exception e) when (e is not OperationCanceledException and not UsageException)
        {
            await Console.Error.WriteLineAsync($"bench ingest failed: {e.Message}");
            return 1;
        }
        finally
        {
            RemoveWorkDirectory(workDirectory, options.Keep);
        }
    }

    private static void RemoveWorkDirectory(string path, bool keep)
    {
        if (keep)
        {
            Console.WriteLine($"work directory kept (--keep): {path}");
            return;
        }

        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"Could not remove {path}: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            Console.Error.WriteLine($"Could not remove {path}: {e.Message}");
        }
    }
}
