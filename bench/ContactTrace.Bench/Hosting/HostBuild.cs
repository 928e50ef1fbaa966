namespace ContactTrace.Bench.Hosting;

/// <summary>
/// The Release build of <c>src/ContactTrace.Host</c>, built first when it is missing or older than any source
/// under <c>src/</c> — a benchmark of yesterday's binary measures nothing useful.
/// </summary>
internal static class HostBuild
{
    private static readonly string[] SourcePatterns = ["*.cs", "*.csproj", "*.sql", "*.json", "*.props"];

    public static string DllPath(string repoRoot) =>
        Path.Combine(repoRoot, "src", "ContactTrace.Host", "bin", "Release", "net10.0", "contacttrace.dll");

    public static async Task<string> EnsureAsync(string repoRoot, CancellationToken ct)
    {
        var dll = DllPath(repoRoot);
        var newestSource = NewestSource(repoRoot);
        if (File.Exists(dll) && File.GetLastWriteTimeUtc(dll) >= newestSource)
        {
            return dll;
        }

        Console.WriteLine(File.Exists(dll) ? "host build is older than src/: rebuilding (Release)…" : "building the host (Release)…");
        var project = Path.Combine(repoRoot, "src", "ContactTrace.Host", "ContactTrace.Host.csproj");
        await ProcessRunner.RunAsync("dotnet", ["build", project, "-c", "Release", "-nologo", "-v", "q"], repoRoot, ct);
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"The build did not produce {dll}.");
    }

    private static DateTime NewestSource(string repoRoot)
    {
        var src = new DirectoryInfo(Path.Combine(repoRoot, "src"));
        var sources = SourcePatterns
            .SelectMany(pattern => src.EnumerateFiles(pattern, SearchOption.AllDirectories))
            .Where(f => !IsBuildOutput(f.FullName))
            .Select(f => f.LastWriteTimeUtc);
        var rootProps = new[] { "Directory.Build.props", "Directory.Packages.props" }
            .Select(name => new FileInfo(Path.Combine(repoRoot, name)))
            .Where(f => f.Exists)
            .Select(f => f.LastWriteTimeUtc);
        return sources.Concat(rootProps).DefaultIfEmpty(DateTime.MinValue).Max();
    }

    private static bool IsBuildOutput(string path) =>
        path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
        || path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal);
}
