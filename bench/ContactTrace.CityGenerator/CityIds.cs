namespace ContactTrace.CityGenerator;

/// <summary>
/// Ids of generated entities: a prefix and a zero-padded running number, so that they sort in creation order
/// and can be recomputed from the index without keeping strings for millions of persons.
/// </summary>
public static class CityIds
{
    public static string Person(int index) => "p" + index.ToString("D7", CultureInfo.InvariantCulture);

    public static string Household(int index) => "hh" + index.ToString("D6", CultureInfo.InvariantCulture);

    public static string Venue(int index) => "v" + index.ToString("D5", CultureInfo.InvariantCulture);

    public static string Hotel(int index) => "h" + index.ToString("D4", CultureInfo.InvariantCulture);

    public static string Scan(long number) => "s" + number.ToString("D10", CultureInfo.InvariantCulture);
}
