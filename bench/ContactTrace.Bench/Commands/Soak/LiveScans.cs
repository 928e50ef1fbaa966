using ContactTrace.Bench.Posting;

namespace ContactTrace.Bench.Commands.Soak;

/// <summary>
/// The scans a poster sends during the soak: random persons of the city at venues drawn by popularity, stamped in the
/// last <see cref="MaxAge"/> before now (so they fall into the windows of the cases being reported and of their
/// contacts, and re-trace them), no <c>leftAt</c>. Ids are <c>sk{poster}-{batch:D7}-{index:D5}</c>: the first
/// <see cref="BatchPrefixLength"/> characters name the batch, which the integrity check groups by.
/// </summary>
internal sealed class LiveScans(City city, WeightedPicker venues, int poster, int seed)
{
    public const string IdPrefix = "sk";
    public const int BatchPrefixLength = 11;
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    private readonly Random _random = new(unchecked(seed * 31 + poster));

    public static WeightedPicker VenuePicker(City city) =>
        WeightedPicker.Create(city.Venues.Select((v, i) => (i, v.Popularity)))
            ?? throw new InvalidOperationException("The city has no venue with a positive popularity.");

    public static string BatchId(int poster, int batch) => string.Create(CultureInfo.InvariantCulture, $"{IdPrefix}{poster}-{batch:D7}");

    public ScanBatch Next(int batch, int size)
    {
        var now = DateTimeOffset.UtcNow;
        var prefix = BatchId(poster, batch);
        var scans = new Scan[size];
        for (var i = 0; i < size; i++)
        {
            var scannedAt = now.AddSeconds(-_random.Next((int)MaxAge.TotalSeconds));
            var person = city.Persons[_random.Next(city.Persons.Count)];
            var venue = city.Venues[venues.Pick(_random)];
            scans[i] = new Scan(string.Create(CultureInfo.InvariantCulture, $"{prefix}-{i:D5}"), person.PersonId, venue.VenueId, scannedAt, null);
        }

        return ScanBatches.Serialize(scans, size, ScanBatchFormat.JsonArray).Single();
    }
}
