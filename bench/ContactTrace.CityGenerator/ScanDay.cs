namespace ContactTrace.CityGenerator;

/// <summary>
/// One day of scans. Each person's scans are drawn from the day's own <see cref="Random"/>; the day is then
/// sorted by time (ties by person and draw order) so that the stream arrives the way scan gateways push it.
/// Sort keys pack the second of the day above the draw index, so one primitive sort orders everything.
/// </summary>
internal static class ScanDay
{
    private const int IndexBits = 40;
    private const ulong IndexMask = (1UL << IndexBits) - 1;

    public static IEnumerable<Scan> Generate(CityParameters parameters, CityLayout layout, int day)
    {
        var count = checked((int)parameters.ScansPerCityDay);
        var keys = new ulong[count];
        var venues = new int[count];
        var stays = new byte[count];
        Draw(parameters, layout.Chooser, day, keys, venues, stays);
        Array.Sort(keys);
        return Emit(parameters, layout.Venues.Venues, day, keys, venues, stays);
    }

    private static void Draw(CityParameters parameters, VenueChooser chooser, int day, ulong[] keys, int[] venues, byte[] stays)
    {
        var random = new Random(Seeds.ForDay(parameters.Seed, day));
        for (var person = 0; person < parameters.Persons; person++)
        {
            for (var k = 0; k < parameters.ScansPerDay; k++)
            {
                var index = (person * parameters.ScansPerDay) + k;
                var second = random.Next(CityClock.WindowSeconds);
                venues[index] = chooser.Choose(random, person);
                stays[index] = random.NextDouble() < parameters.LeftAtShare ? (byte)random.Next(5, 121) : (byte)0;
                keys[index] = ((ulong)second << IndexBits) | (uint)index;
            }
        }
    }

    private static IEnumerable<Scan> Emit(
        CityParameters parameters, ImmutableArray<Venue> city, int day, ulong[] keys, int[] venues, byte[] stays)
    {
        var opens = CityClock.WindowStartUtc(parameters.StartDate.AddDays(day));
        var firstNumber = day * parameters.ScansPerCityDay;
        for (var i = 0; i < keys.Length; i++)
        {
            var index = (int)(keys[i] & IndexMask);
            var scannedAt = opens.AddSeconds(keys[i] >> IndexBits);
            DateTimeOffset? leftAt = stays[index] == 0 ? null : scannedAt.AddMinutes(stays[index]);
            yield return new Scan(
                CityIds.Scan(firstNumber + i),
                CityIds.Person(index / parameters.ScansPerDay),
                city[venues[index]].VenueId,
                scannedAt,
                leftAt);
        }
    }
}
