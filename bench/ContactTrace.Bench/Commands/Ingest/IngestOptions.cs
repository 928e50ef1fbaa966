using ContactTrace.Bench.Cli;
using ContactTrace.Bench.Posting;

namespace ContactTrace.Bench.Commands.Ingest;

/// <summary>
/// The options of <c>bench ingest</c>. The city is sized from the scan count: as many whole days of
/// <c>persons × scans-per-day</c> as N needs, ending yesterday in Harbin, so every scan is inside the host's
/// default 28-day retention and none is from the future. With a warm-up, one more day comes first: the host
/// warms up on its scans (other ids, same venues) and the measured rows follow, the same rows the baseline gets.
/// </summary>
internal sealed record class IngestOptions(
    long Scans, int Clients, int Batch, ScanBatchFormat Format, bool Keep, bool Baseline, CityParameters City, string? Repo, long Warmup)
{
    public const long MaxScans = 20_000_000;

    /// <summary>Days of scans that stay well inside the default 28-day retention.</summary>
    public const int MaxDays = 26;

    public static IngestOptions Read(Arguments args)
    {
        if (args.Text("days") is not null)
        {
            throw new UsageException("ingest sizes the days from --scans; set --persons or --scans-per-day instead of --days.");
        }

        var scans = args.Long("scans", 1_000_000, 1, MaxScans);
        var warmup = args.Long("warmup", 0, 0, MaxScans);
        var options = new IngestOptions(
            scans,
            args.Int("clients", 4, 1, 256),
            args.Int("batch", 10_000, 1, 50_000),
            args.Flag("ndjson") ? ScanBatchFormat.Ndjson : ScanBatchFormat.JsonArray,
            args.Flag("keep"),
            !args.Flag("no-baseline"),
            SizeCity(CityArguments.Read(args, CityArguments.RecentStart), scans, warmup, args.Date("start") is not null),
            args.Text("repo"),
            warmup);
        args.ThrowIfUnused();
        return options;
    }

    private int WarmupDays => Warmup > 0 ? 1 : 0;

    /// <summary>The rows measured, on the host and in the baseline alike.</summary>
    public IEnumerable<Scan> MeasuredScans(City city) =>
        Enumerable.Range(WarmupDays, City.Days - WarmupDays).SelectMany(city.ScansOfDay).Take((int)Scans);

    /// <summary>The rows the host warms up on before the measurement: the first ones of the extra first day.</summary>
    public IEnumerable<Scan> WarmupScans(City city) => Warmup > 0 ? city.ScansOfDay(0).Take((int)Warmup) : [];

    private static CityParameters SizeCity(CityParameters city, long scans, long warmup, bool startGiven)
    {
        if (warmup > city.ScansPerCityDay)
        {
            throw new UsageException($"--warmup must be at most one city day of scans ({city.ScansPerCityDay:N0}).");
        }

        var days = (int)((scans + city.ScansPerCityDay - 1) / city.ScansPerCityDay) + (warmup > 0 ? 1 : 0);
        if (days > MaxDays)
        {
            throw new UsageException(
                $"{scans:N0} scans at {city.ScansPerCityDay:N0} a day need {days} days, beyond the host's retention; raise --persons or --scans-per-day.");
        }

        var sized = city with { Days = days };
        return CityArguments.Validated(startGiven ? sized : sized with { StartDate = CityArguments.RecentStart(days) });
    }
}
