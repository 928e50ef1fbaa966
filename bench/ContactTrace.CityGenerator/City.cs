namespace ContactTrace.CityGenerator;

/// <summary>
/// A synthetic Harbin: persons in households over the 18 districts and counties, venues of every kind with
/// skewed popularity, isolation hotels, and a lazily generated, time-ordered stream of scans. Everything is
/// deterministic from <see cref="CityParameters"/>.
/// </summary>
public sealed class City
{
    private readonly CityLayout _layout;

    private City(CityParameters parameters, CityLayout layout)
    {
        Parameters = parameters;
        _layout = layout;
        Persons = new ComputedList<Person>(parameters.Persons, PersonAt);
        Households = new ComputedList<Household>(layout.Households.Count, HouseholdAt);
    }

    public CityParameters Parameters { get; }

    public IReadOnlyList<Person> Persons { get; }

    public IReadOnlyList<Household> Households { get; }

    public ImmutableArray<Venue> Venues => _layout.Venues.Venues;

    public ImmutableArray<Hotel> Hotels => _layout.Hotels;

    public long ScanCount => Parameters.TotalScans;

    public static City Generate(CityParameters parameters) => new(parameters.Validate(), CityLayout.Generate(parameters));

    /// <summary>
    /// Every scan of every day, in time order, generated as it is read. Only one day is planned at a time, in
    /// about 13 bytes per scan of that day; never the whole stream.
    /// </summary>
    public IEnumerable<Scan> Scans() => Enumerable.Range(0, Parameters.Days).SelectMany(ScansOfDay);

    /// <summary>The scans of day <paramref name="day"/> (0 = <see cref="CityParameters.StartDate"/>), in time order.</summary>
    public IEnumerable<Scan> ScansOfDay(int day)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(day);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(day, Parameters.Days);
        return ScanDay.Generate(Parameters, _layout, day);
    }

    private Person PersonAt(int index)
    {
        var household = _layout.Households.HouseholdOfPerson[index];
        return new Person(CityIds.Person(index), DistrictCode(_layout.Households.District[household]), CityIds.Household(household));
    }

    private Household HouseholdAt(int index)
    {
        var layout = _layout.Households;
        var members = Enumerable.Range(layout.Start[index], layout.Start[index + 1] - layout.Start[index]).Select(CityIds.Person);
        return new Household(CityIds.Household(index), DistrictCode(layout.District[index]), [.. members]);
    }

    private static string DistrictCode(int district) => Districts.All[district].Code;
}
