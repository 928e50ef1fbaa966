namespace ContactTrace.Bench.Cli;

/// <summary>The city options every command shares, read into <see cref="CityParameters"/>.</summary>
internal static class CityArguments
{
    /// <summary>Reads the city options; without <c>--start</c> the start is <paramref name="defaultStart"/> of the day count.</summary>
    public static CityParameters Read(Arguments args, Func<int, DateOnly> defaultStart)
    {
        var days = args.Int("days", 1, 1, 3660);
        var parameters = new CityParameters
        {
            Persons = args.Int("persons", 200_000, 1, 50_000_000),
            Days = days,
            ScansPerDay = args.Int("scans-per-day", 5, 1, CityParameters.MaxScansPerDay),
            Seed = args.Int("seed", 1, int.MinValue, int.MaxValue),
            StartDate = args.Date("start") ?? defaultStart(days),
        };
        var venues = args.Text("venues") is null ? (int?)null : args.Int("venues", 0, 18, 10_000_000);
        var hotels = args.Text("hotels") is null ? (int?)null : args.Int("hotels", 0, 0, 1_000_000);
        return Validated(parameters with { Venues = venues, Hotels = hotels });
    }

    /// <summary>
    /// A start that puts <paramref name="days"/> whole days of scans just before today in Harbin: the host
    /// rejects scans from the future and older than its retention (28 days by default).
    /// </summary>
    public static DateOnly RecentStart(int days) => CityClock.LocalDate(DateTimeOffset.UtcNow).AddDays(-days);

    public static void Describe(CityParameters p, TextWriter writer) => writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"city: seed {p.Seed}, {p.Persons:N0} persons, {p.VenueCount:N0} venues, {p.HotelCount:N0} hotels, {p.Days} day(s) from {p.StartDate:yyyy-MM-dd} × {p.ScansPerDay} scans/person = {p.TotalScans:N0} scans"));

    /// <summary>The generator's fixed default start, so that a file is the same whatever day it is made on.</summary>
    public static DateOnly FixedStart(int days) => new CityParameters().StartDate;

    public static CityParameters Validated(CityParameters parameters)
    {
        try
        {
            return parameters.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new UsageException($"{e.ParamName}: {e.Message}");
        }
    }
}
