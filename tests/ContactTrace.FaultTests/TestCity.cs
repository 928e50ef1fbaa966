namespace ContactTrace.FaultTests;

internal sealed record class ScanRecord(string ScanId, string PersonId, string VenueId, DateTimeOffset ScannedAt, DateTimeOffset? LeftAt)
{
    public object Body() => new { scanId = ScanId, personId = PersonId, venueId = VenueId, scannedAt = ScannedAt, leftAt = LeftAt };
}

internal sealed record class CityPerson(string PersonId, string District, string? HouseholdId);

internal sealed record class CityVenue(string VenueId, string District, string Kind);

/// <summary>An outbreak to trace: the case's id, the positive person, and who the scenario put in contact with them.</summary>
internal sealed record class Outbreak(string CaseId, string CasePersonId, IReadOnlyList<string> ContactIds);

/// <summary>
/// A small synthetic city registered through the API: persons (in households), venues and their scans, all ids
/// prefixed with a tag so that nothing collides with another test.
/// </summary>
internal sealed class TestCity
{
    private const int Parallelism = 16;

    private TestCity(List<CityPerson> persons, List<CityVenue> venues, List<ScanRecord> scans, List<Outbreak> outbreaks)
    {
        Persons = persons;
        Venues = venues;
        Scans = scans;
        Outbreaks = outbreaks;
    }

    public IReadOnlyList<CityPerson> Persons { get; }

    public IReadOnlyList<CityVenue> Venues { get; }

    public IReadOnlyList<ScanRecord> Scans { get; }

    public IReadOnlyList<Outbreak> Outbreaks { get; }

    /// <summary>
    /// <paramref name="count"/> neighbourhoods that share nobody and no venue, so that their cases' traces are
    /// independent of each other (whichever order they run in, none can reach another's case person). Each has
    /// persons in households of 1–4 and four close-class venues where all but the last four persons scan four times
    /// in the 8 hours before <paramref name="until"/>; those four, the shoppers, scan only at the neighbourhood's
    /// market (open class), twice, where the case, its first person, also shops twice. (So that nobody is both
    /// venue-exposed and a close contact through venues: for such a person the product and the oracle disagree on
    /// when their tier-2 window starts, a rules question this fault test is not about.)
    /// </summary>
    public static TestCity Neighbourhoods(string tag, int count, int personsEach, string district, DateTimeOffset until, int seed)
    {
        const int shoppers = 4;
        var random = new Random(seed);
        string[] kinds = ["bus", "restaurant", "office", "gym", "market"];
        var persons = new List<CityPerson>();
        var venues = new List<CityVenue>();
        var scans = new List<ScanRecord>();
        var outbreaks = new List<Outbreak>();
        var from = Minute(until.AddHours(-8));
        for (var n = 0; n < count; n++)
        {
            var prefix = $"{tag}-n{n}";
            var local = venues.Count;
            venues.AddRange(kinds.Select((kind, k) => new CityVenue($"{prefix}-v{k}", district, kind)));
            var market = venues[^1];
            var members = new List<string>();
            var household = 0;
            while (members.Count < personsEach)
            {
                var size = Math.Min(random.Next(1, 5), personsEach - members.Count);
                for (var m = 0; m < size; m++)
                {
                    var personId = $"{prefix}-p{members.Count}";
                    members.Add(personId);
                    persons.Add(new CityPerson(personId, district, $"{prefix}-h{household}"));
                }

                household++;
            }

            for (var p = 0; p < members.Count; p++)
            {
                var shopper = p >= members.Count - shoppers;
                for (var s = 0; s < (shopper ? 2 : 4); s++)
                {
                    var venue = shopper ? market : venues[local + random.Next(kinds.Length - 1)];
                    scans.Add(Visit($"{members[p]}-s{s}", members[p], venue.VenueId, from, random));
                }
            }

            // The case shops at the market twice too: the shoppers it meets there are venue-exposed.
            scans.Add(Visit($"{members[0]}-m0", members[0], market.VenueId, from, random));
            scans.Add(Visit($"{members[0]}-m1", members[0], market.VenueId, from, random));
            outbreaks.Add(new Outbreak($"{prefix}-case", members[0], members.Skip(1).ToList()));
        }

        return new TestCity(persons, venues, scans, outbreaks);
    }

    private static ScanRecord Visit(string scanId, string personId, string venueId, DateTimeOffset from, Random random)
    {
        var scannedAt = from.AddMinutes(random.Next(0, 8 * 60 - 30));
        DateTimeOffset? leftAt = random.Next(2) == 0 ? null : scannedAt.AddMinutes(random.Next(10, 90));
        return new ScanRecord(scanId, personId, venueId, scannedAt, leftAt);
    }

    /// <summary>
    /// One bus per outbreak: the case boards at <paramref name="boardingAt"/>, then each of its
    /// <paramref name="ridersEach"/> riders a minute apart, so that every rider is the case's close contact.
    /// </summary>
    public static TestCity Buses(string tag, int count, int ridersEach, string district, DateTimeOffset boardingAt)
    {
        var persons = new List<CityPerson>();
        var venues = new List<CityVenue>();
        var scans = new List<ScanRecord>();
        var outbreaks = new List<Outbreak>();
        var start = Minute(boardingAt);
        for (var b = 0; b < count; b++)
        {
            var prefix = $"{tag}-b{b}";
            var venueId = $"{prefix}-bus";
            venues.Add(new CityVenue(venueId, district, "bus"));
            var casePerson = $"{prefix}-case-person";
            var riders = Enumerable.Range(1, ridersEach).Select(i => $"{prefix}-r{i}").ToList();
            persons.Add(new CityPerson(casePerson, district, null));
            persons.AddRange(riders.Select(r => new CityPerson(r, district, null)));
            scans.Add(new ScanRecord($"{prefix}-s0", casePerson, venueId, start, null));
            scans.AddRange(riders.Select((r, i) => new ScanRecord($"{prefix}-s{i + 1}", r, venueId, start.AddMinutes(i + 1), null)));
            outbreaks.Add(new Outbreak($"{prefix}-case", casePerson, riders));
        }

        return new TestCity(persons, venues, scans, outbreaks);
    }

    /// <summary>Registers venues and persons (spread over the clients, i.e. over the silos) and posts every scan.</summary>
    public async Task RegisterAsync(IReadOnlyList<HttpClient> clients, CancellationToken ct)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct };
        await Parallel.ForEachAsync(Venues.Select((v, i) => (v, i)), options, async (item, token) =>
            await Api.PutAsync(clients[item.i % clients.Count], $"/api/venues/{item.v.VenueId}", new { name = item.v.VenueId, district = item.v.District, kind = item.v.Kind }, token));
        await Parallel.ForEachAsync(Persons.Select((p, i) => (p, i)), options, async (item, token) =>
            await Api.PutAsync(clients[item.i % clients.Count], $"/api/persons/{item.p.PersonId}", new { district = item.p.District, householdId = item.p.HouseholdId }, token));
        await Api.PostScansAsync(clients[0], Scans, ct);
    }

    public static DateTimeOffset Minute(DateTimeOffset time) => new(time.UtcTicks - time.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
}
