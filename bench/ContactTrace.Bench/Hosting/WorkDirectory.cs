namespace ContactTrace.Bench.Hosting;

/// <summary>A scratch directory for one run (PostgreSQL data, host log), removed afterwards unless kept.</summary>
internal sealed class WorkDirectory : IDisposable
{
    private readonly bool _keep;

    public WorkDirectory(string scenario, bool keep)
    {
        _keep = keep;
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"contacttrace-bench-{scenario}-{Environment.ProcessId}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        if (_keep)
        {
            Console.WriteLine($"work directory kept (--keep): {Path}");
            return;
        }

        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"Could not remove {Path}: {e.Message}");
        }
    }
}
