namespace ContactTrace.Bench.Hosting;

/// <summary>
/// Figures of a Linux process from <c>/proc/&lt;pid&gt;/status</c>: peak and current resident memory in bytes
/// (VmHWM, VmRSS) and its thread count.
/// </summary>
internal sealed record class ProcStatus(long PeakResidentBytes, long ResidentBytes, int Threads = 0)
{
    /// <summary>Null when the process is gone or the system has no /proc.</summary>
    public static ProcStatus? Read(int pid)
    {
        try
        {
            var fields = File.ReadLines($"/proc/{pid}/status")
                .Select(line => line.Split(':', 2))
                .Where(parts => parts.Length == 2)
                .ToDictionary(parts => parts[0], parts => parts[1].Trim(), StringComparer.Ordinal);
            return new ProcStatus(Kilobytes(fields, "VmHWM"), Kilobytes(fields, "VmRSS"), (int)Number(fields, "Threads"));
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static long Kilobytes(Dictionary<string, string> fields, string name) => Number(fields, name) * 1024;

    private static long Number(Dictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var value)
            ? long.Parse(value.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture)
            : 0;
}
