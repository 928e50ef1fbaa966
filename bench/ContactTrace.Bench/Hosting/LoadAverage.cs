namespace ContactTrace.Bench.Hosting;

/// <summary>
/// The 1/5/15-minute load averages from <c>/proc/loadavg</c>, printed with the figures: on a shared two-core
/// machine a busy neighbour moves both contenders, and the reader should know.
/// </summary>
internal static class LoadAverage
{
    public static string Read()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
    }
}
