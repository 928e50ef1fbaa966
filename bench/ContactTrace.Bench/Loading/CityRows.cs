namespace ContactTrace.Bench.Loading;

/// <summary>
/// The rows <see cref="CityLoader"/> writes: persons, venues, and <see cref="Days"/> local days of scans from
/// <see cref="FirstDay"/> on, each day's scans generated when it is copied.
/// </summary>
internal sealed record class CityRows(
    IReadOnlyList<Person> Persons,
    IReadOnlyCollection<Venue> Venues,
    DateOnly FirstDay,
    int Days,
    Func<int, IEnumerable<Scan>> ScansOfDay)
{
    public static CityRows Of(City city) => new(city.Persons, city.Venues, city.Parameters.StartDate, city.Parameters.Days, city.ScansOfDay);
}
