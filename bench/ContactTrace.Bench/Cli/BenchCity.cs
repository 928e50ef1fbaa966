namespace ContactTrace.Bench.Cli;

/// <summary>
/// The city options of the trace and feed benchmarks, with their own defaults: whole days of scans ending
/// yesterday in Harbin, so every scan is inside the host's retention and none is from the future; venues default
/// to the generator's one per 50 persons.
/// </summary>
internal static class BenchCity
{
    public const int MaxDays = 26;

    public static CityParameters Read(Arguments args, int persons, int days, int scansPerDay)
    {
        var dayCount = args.Int("days", days, 1, MaxDays);
        var parameters = new CityParameters
        {
            Persons = args.Int("persons", persons, 1, 50_000_000),
            Days = dayCount,
            ScansPerDay = args.Int("scans-per-day", scansPerDay, 1, CityParameters.MaxScansPerDay),
            Seed = args.Int("seed", 1, int.MinValue, int.MaxValue),
            StartDate = CityArguments.RecentStart(dayCount),
            Venues = args.Text("venues") is null ? null : args.Int("venues", 0, 18, 10_000_000),
        };
        return CityArguments.Validated(parameters);
    }
}
