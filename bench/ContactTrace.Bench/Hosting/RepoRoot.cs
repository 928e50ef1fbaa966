using ContactTrace.Bench.Cli;

namespace ContactTrace.Bench.Hosting;

/// <summary>The repository the bench belongs to: the first directory above it that holds ContactTrace.sln.</summary>
internal static class RepoRoot
{
    public const string SolutionFile = "ContactTrace.sln";

    /// <summary>The repository given with <c>--repo</c>, e.g. a snapshot of a commit; else the one the bench runs from.</summary>
    public static string Find(string? given)
    {
        if (given is not null)
        {
            return File.Exists(Path.Combine(given, SolutionFile))
                ? Path.GetFullPath(given)
                : throw new UsageException($"--repo '{given}' holds no {SolutionFile}.");
        }

        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
                {
                    return dir.FullName;
                }
            }
        }

        throw new UsageException($"no {SolutionFile} above {AppContext.BaseDirectory} or the current directory; run the bench from the repository.");
    }
}
