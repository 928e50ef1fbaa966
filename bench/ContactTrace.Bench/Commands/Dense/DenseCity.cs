using ContactTrace.Bench.Api;
using ContactTrace.Bench.Loading;

namespace ContactTrace.Bench.Commands.Dense;

/// <summary>
/// Issue 11's crowded day: <c>persons</c> people, each in a household of their own across the six main urban
/// districts, who each visited a bath house (close-class) and a market (open-class) <c>visits</c> times on one local
/// day, at random times in opening hours (07:00–22:00) with no <c>leftAt</c>, so each stay lasts the kind's dwell
/// (60 / 30 min) and everyone is co-present with nearly everyone. Person 0 becomes the case: sampled at 09:00 the
/// next morning and reported at 12:00, so the window covers the whole day. One hotel per district shares the rooms.
/// </summary>
internal sealed class DenseCity
{
    public const string CloseVenueId = "bd-bath-house";
    public const string OpenVenueId = "bd-market";
    public const string CaseId = "bd-case-1";

    private DenseCity(DateOnly day, Person[] persons, Venue[] venues, Scan[] scans, Hotel[] hotels)
    {
        Day = day;
        Persons = persons;
        Venues = venues;
        Scans = scans;
        Hotels = hotels;
    }

    /// <summary>The local day of all visits: two days ago, so that the next morning's sampling is in the past whatever the hour.</summary>
    public DateOnly Day { get; }

    public IReadOnlyList<Person> Persons { get; }

    public IReadOnlyList<Venue> Venues { get; }

    public IReadOnlyList<Scan> Scans { get; }

    public IReadOnlyList<Hotel> Hotels { get; }

    public string CasePersonId => Persons[0].PersonId;

    public static DenseCity Generate(DenseOptions options)
    {
        var day = CityClock.LocalDate(DateTimeOffset.UtcNow).AddDays(-2);
        var urban = Districts.All.Where(d => d.IsMainUrban).Select(d => d.Code).ToArray();
        var persons = Enumerable.Range(0, options.Persons)
            .Select(i => new Person(Id("bd-p", i), urban[i % urban.Length], Id("bd-hh", i)))
            .ToArray();
        Venue[] venues =
        [
            new(CloseVenueId, "基准浴池", urban[0], "bath-house", 1),
            new(OpenVenueId, "基准市场", urban[0], "market", 1),
        ];

        var random = new Random(options.Seed);
        var opens = CityClock.WindowStartUtc(day);
        var scans = new Scan[options.Persons * options.Visits * venues.Length];
        var next = 0;
        foreach (var person in persons)
        {
            foreach (var venue in venues)
            {
                for (var v = 0; v < options.Visits; v++)
                {
                    var scannedAt = opens.AddSeconds(random.Next(CityClock.WindowSeconds));
                    scans[next] = new Scan(Id("bd-s", next), person.PersonId, venue.VenueId, scannedAt, null);
                    next++;
                }
            }
        }

        // The rooms shared out exactly: the first (rooms mod 18) hotels get one more; a hotel without rooms is not registered.
        var (perHotel, extra) = Math.DivRem(options.Rooms, Districts.All.Length);
        var hotels = Districts.All
            .Select((d, i) => new Hotel($"bd-hotel-{d.Code}", $"{d.Label}隔离点", d.Code, perHotel + (i < extra ? 1 : 0)))
            .Where(h => h.Capacity > 0)
            .ToArray();
        return new DenseCity(day, persons, venues, scans, hotels);
    }

    public CityRows Rows => new(Persons, Venues, Day, 1, _ => Scans);

    /// <summary>The case: person 0, sampled at 09:00 local the morning after the crowded day, reported at 12:00.</summary>
    public CaseBody Case()
    {
        var nextMorning = new DateTimeOffset(Day.AddDays(1).ToDateTime(new TimeOnly(9, 0)), CityClock.LocalOffset);
        return new CaseBody(CaseId, CasePersonId, "confirmed", nextMorning, nextMorning.AddHours(3));
    }

    private static string Id(string prefix, int index) => prefix + index.ToString("D6", CultureInfo.InvariantCulture);
}
