using ContactTrace.CityGenerator;

namespace ContactTrace.Host.FunctionalTests;

/// <summary>
/// A small city for the oracle tests: persons in households, venues of mixed kinds and their scans, all ids
/// prefixed with a tag so that several cities share one database. Generated cities come from
/// <see cref="City"/> with a seed, their scan stream moved so that it ends just before now.
/// </summary>
internal sealed class OracleCity(string tag, IReadOnlyList<Person> persons, IReadOnlyList<Venue> venues, IReadOnlyList<Scan> scans)
{
    private const int Parallelism = 16;

    public string Tag { get; } = tag;

    public IReadOnlyList<Person> Persons { get; } = persons;

    public IReadOnlyList<Venue> Venues { get; } = venues;

    public IReadOnlyList<Scan> Scans { get; } = scans;

    /// <summary>A seeded city of 3 days of scans, the last one ending <paramref name="lastScanEnd"/>.</summary>
    public static OracleCity Generate(string tag, int seed, int persons, int venues, int scansPerDay, DateTimeOffset lastScanEnd)
    {
        var city = City.Generate(new CityParameters
        {
            Persons = persons,
            Venues = venues,
            Hotels = 0,
            Days = 3,
            ScansPerDay = scansPerDay,
            Seed = seed,
        });
        var generated = city.Scans().ToList();
        var latest = generated.Max(s => s.LeftAt ?? s.ScannedAt);
        var shift = TimeSpan.FromSeconds(Math.Floor((lastScanEnd - latest).TotalSeconds));

        return new OracleCity(
            tag,
            [.. city.Persons.Select(p => p with { PersonId = Id(tag, p.PersonId), HouseholdId = Id(tag, p.HouseholdId) })],
            [.. city.Venues.Select(v => v with { VenueId = Id(tag, v.VenueId) })],
            [.. generated.Select(s => new Scan(Id(tag, s.ScanId), Id(tag, s.PersonId), Id(tag, s.VenueId), s.ScannedAt + shift, s.LeftAt + shift))]);
    }

    public static string Id(string tag, string id) => $"{tag}-{id}";

    public string KindOf(string venueId) => Venues.First(v => v.VenueId == venueId).Kind;

    /// <summary>Registers venues and persons and posts every scan, asserting that all were accepted.</summary>
    public async Task RegisterAsync(HttpClient client, CancellationToken ct)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct };
        await Parallel.ForEachAsync(Venues, options, async (venue, token) =>
        {
            var response = await client.PutAsJsonAsync($"/api/venues/{venue.VenueId}", new { name = venue.Name, district = venue.District, kind = venue.Kind }, token);
            Assert.True(response.IsSuccessStatusCode, $"PUT venue {venue.VenueId}: {response.StatusCode} {await response.Content.ReadAsStringAsync(token)}");
        });
        await Parallel.ForEachAsync(Persons, options, async (person, token) =>
        {
            var response = await client.PutAsJsonAsync($"/api/persons/{person.PersonId}", new { district = person.District, householdId = person.HouseholdId is { Length: > 0 } household ? household : null }, token);
            Assert.True(response.IsSuccessStatusCode, $"PUT person {person.PersonId}: {response.StatusCode} {await response.Content.ReadAsStringAsync(token)}");
        });
        await PostScansAsync(client, Scans, ct);
    }

    public static async Task PostScansAsync(HttpClient client, IReadOnlyList<Scan> scans, CancellationToken ct)
    {
        var body = scans.Select(s => new { scanId = s.ScanId, personId = s.PersonId, venueId = s.VenueId, scannedAt = s.ScannedAt, leftAt = s.LeftAt });
        var response = await client.PostAsJsonAsync("/api/scans", body, ct);
        var answer = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST scans: {response.StatusCode} {answer}");
        var accepted = JsonDocument.Parse(answer).RootElement.GetProperty("accepted").GetInt32();
        Assert.True(accepted == scans.Count, $"POST scans accepted {accepted} of {scans.Count}: {answer[..Math.Min(answer.Length, 2000)]}");
    }
}
