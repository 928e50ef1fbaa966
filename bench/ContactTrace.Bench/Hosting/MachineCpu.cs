namespace ContactTrace.Bench.Hosting;

/// <summary>
/// The machine's CPU counters from the first line of <c>/proc/stat</c>, to tell how busy all cores were during a
/// phase: with host, PostgreSQL and client on two cores, a saturated machine is the first thing to rule out.
/// </summary>
internal sealed record class MachineCpu(long Busy, long Total)
{
    public static MachineCpu Read()
    {
        try
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
                .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            // user nice system idle iowait irq softirq steal …: idle and iowait are not busy.
            var idle = fields[3] + (fields.Length > 4 ? fields[4] : 0);
            var total = fields.Take(8).Sum();
            return new MachineCpu(total - idle, total);
        }
        catch (IOException)
        {
            return new MachineCpu(0, 0);
        }
    }

    /// <summary>Share of all cores busy since <paramref name="earlier"/>, 0..1; NaN without /proc.</summary>
    public double BusySince(MachineCpu earlier) =>
        Total == earlier.Total ? double.NaN : (double)(Busy - earlier.Busy) / (Total - earlier.Total);
}
