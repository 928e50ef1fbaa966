namespace ContactTrace.Bench.Hosting;

/// <summary>Memory figures of a Linux process from <c>/proc/&lt;pid&gt;/status</c>, in bytes.</summary>
internal sealed record class ProcStatus(long PeakResidentBytes, long ResidentBytes)
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
            return new ProcStatus(Kilobytes(fields, "VmHWM"), Kilobytes(fields, "VmRSS"));
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static long Kilobytes(Dictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var value)
            ? long.Parse(value.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture) * 1024
            : 0;
}
