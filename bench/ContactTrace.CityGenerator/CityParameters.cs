namespace ContactTrace.CityGenerator;

/// <summary>
/// Everything a synthetic city depends on. The same parameters give a byte-identical city and scan stream, so a
/// benchmark, a test and its baseline can each regenerate the same rows instead of sharing files.
/// </summary>
public sealed record class CityParameters
{
    public const int MaxScansPerDay = 100;

    /// <summary>One day's scans are planned in memory (about 13 bytes each) to sort them by time.</summary>
    public const long MaxScansPerCityDay = 200_000_000;

    public int Persons { get; init; } = 200_000;

    /// <summary>Venue count; by default one venue per 50 persons.</summary>
    public int? Venues { get; init; }

    /// <summary>Isolation hotel count; by default one per 4,000 persons and at least one per district.</summary>
    public int? Hotels { get; init; }

    public int Days { get; init; } = 1;

    public int ScansPerDay { get; init; } = 5;

    /// <summary>The first local (Asia/Shanghai) calendar day with scans.</summary>
    public DateOnly StartDate { get; init; } = new(2022, 11, 20);

    public int Seed { get; init; } = 1;

    /// <summary>Share of scans at the person's regular place (work, school, dormitory).</summary>
    public double RegularVenueShare { get; init; } = 0.2;

    /// <summary>Share of the other scans made in the person's own district rather than anywhere in the city.</summary>
    public double OwnDistrictShare { get; init; } = 0.8;

    /// <summary>Share of scans that also record when the person left (5–120 minutes later).</summary>
    public double LeftAtShare { get; init; } = 0.3;

    // Every kind and every district gets at least one venue, so a city is never too small to cover them.
    public int VenueCount => Venues ?? Math.Max(MinimumVenues, Persons / 50);

    public int HotelCount => Hotels ?? Math.Max(Districts.All.Length, Persons / 4000);

    public long ScansPerCityDay => (long)Persons * ScansPerDay;

    public long TotalScans => ScansPerCityDay * Days;

    internal static int MinimumVenues => Math.Max(Districts.All.Length, VenueKindMix.All.Length);

    /// <summary>Throws, naming the parameter, when the city cannot be generated.</summary>
    public CityParameters Validate()
    {
        Require(Persons is >= 1 and <= 50_000_000, nameof(Persons), "must be 1..50,000,000");
        Require(VenueCount >= MinimumVenues && VenueCount <= 10_000_000, nameof(Venues), $"must be {MinimumVenues}..10,000,000");
        Require(HotelCount is >= 0 and <= 1_000_000, nameof(Hotels), "must be 0..1,000,000");
        Require(Days is >= 1 and <= 3660, nameof(Days), "must be 1..3660");
        Require(ScansPerDay is >= 1 and <= MaxScansPerDay, nameof(ScansPerDay), $"must be 1..{MaxScansPerDay}");
        Require(ScansPerCityDay <= MaxScansPerCityDay, nameof(ScansPerDay), $"persons × scans per day must be at most {MaxScansPerCityDay:N0}: one day is planned in memory");
        Require(IsShare(RegularVenueShare), nameof(RegularVenueShare), "must be 0..1");
        Require(IsShare(OwnDistrictShare), nameof(OwnDistrictShare), "must be 0..1");
        Require(IsShare(LeftAtShare), nameof(LeftAtShare), "must be 0..1");
        return this;
    }

    private static bool IsShare(double value) => value is >= 0 and <= 1;

    private static void Require(bool condition, string name, string message)
    {
        if (!condition)
        {
            throw new ArgumentOutOfRangeException(name, message);
        }
    }
}
