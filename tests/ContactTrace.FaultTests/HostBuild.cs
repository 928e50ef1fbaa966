namespace ContactTrace.FaultTests;

/// <summary>
/// The <c>contacttrace</c> host the fault tests start as real processes: the build output of src/ContactTrace.Host in
/// this test run's configuration (the project reference builds it first; it is built here only if missing), copied
/// once per test run to a folder of its own, so that a concurrent rebuild never changes files under a running silo.
/// </summary>
internal static class HostBuild
{
    private static readonly Lazy<Task<string>> Prepared = new(PrepareAsync);

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The folder holding <c>contacttrace.dll</c> and everything it needs.</summary>
    public static Task<string> DirectoryAsync() => Prepared.Value;

    private static async Task<string> PrepareAsync()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var output = Path.Combine(RepositoryRoot, "src", "ContactTrace.Host", "bin", configuration, "net10.0");
        if (!File.Exists(Path.Combine(output, "contacttrace.dll")))
        {
            var build = await ChildProcess.RunAsync("dotnet", ["build", Path.Combine(RepositoryRoot, "src", "ContactTrace.Host"), "-c", configuration], TimeSpan.FromMinutes(5));
            if (build.ExitCode != 0)
            {
                throw new InvalidOperationException($"dotnet build of the host failed ({build.ExitCode}):\n{build.Output}");
            }
        }

        var copy = Path.Combine(Path.GetTempPath(), $"contacttrace-faults-{Environment.ProcessId}", "app");
        CopyDirectory(output, copy);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(Path.GetDirectoryName(copy)!);
        return copy;
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ContactTrace.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No ContactTrace.sln above {AppContext.BaseDirectory}.");
    }
}
