using ContactTrace.Scans;
using Orleans;
using Orleans.Runtime;

namespace ContactTrace.Grains.Tests;

/// <summary>A venue's co-presence answers, on the in-process cluster with in-memory stores and a fake clock.</summary>
[Collection(ClusterCollection.Name)]
public sealed class VenueGrainTests(ClusterFixture fixture)
{
    /// <summary>"Now" for every test here; visits are on the day before, well inside the in-memory horizon.</summary>
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 4, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset Yesterday(int hour, int minute, int second = 0) =>
        new(2026, 11, 19, hour, minute, second, TimeSpan.Zero);

    private static PresenceWindow Window(DateTimeOffset from, DateTimeOffset to) => new(from, to);

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private async Task<IVenueGrain> RegisterVenueAsync(string kind)
    {
        fixture.Time.AdjustTime(Now);
        var venue = fixture.Grains.GetGrain<IVenueGrain>(NewId("v"));
        await venue.SetProfileAsync(new VenueProfile("venue", "daoli", kind));
        return venue;
    }

    /// <summary>As the ingestor does it: durable in the scan store first, then appended to the venue's index.</summary>
    private async Task IngestAsync(IVenueGrain venue, params (string PersonId, DateTimeOffset ScannedAt, DateTimeOffset? LeftAt)[] visits)
    {
        var venueId = venue.GetPrimaryKeyString();
        var scans = visits.Select(v => new Scan(NewId("s"), v.PersonId, venueId, v.ScannedAt, v.LeftAt)).ToList();
        await fixture.Scans.InsertAsync(scans, TestContext.Current.CancellationToken);
        await venue.AppendVisitsAsync([.. visits.Select(v => new Visit(v.PersonId, v.ScannedAt, v.LeftAt))]);
    }

    /// <summary>The windows as sources numbered in order, all of <paramref name="owner"/> (whose own visits are never returned).</summary>
    private static async Task<List<CoPresence>> FindAsync(IVenueGrain venue, string? owner, params PresenceWindow[] windows) =>
        [.. (await venue.FindExposedAsync([.. windows.Select((w, i) => new ExposureSource(i, owner ?? "p-nobody", w))]))
            .OrderBy(c => c.PersonId, StringComparer.Ordinal).ThenBy(c => c.OverlapFrom)];

    [Fact]
    public async Task APresenceThatOnlyTouchesTheWindowIsNotFound()
    {
        var venue = await RegisterVenueAsync("restaurant");
        await IngestAsync(venue, ("p-a", Yesterday(10, 0), null)); // [10:00, 11:00] by the close-class dwell

        var after = await FindAsync(venue, null, Window(Yesterday(11, 0), Yesterday(11, 30)));
        var before = await FindAsync(venue, null, Window(Yesterday(9, 0), Yesterday(10, 0)));

        Assert.Empty(after);
        Assert.Empty(before);
    }

    [Fact]
    public async Task AOneMinuteOverlapIsFoundWithItsIntervalAndOverlap()
    {
        var venue = await RegisterVenueAsync("restaurant");
        await IngestAsync(venue, ("p-a", Yesterday(10, 0), null));

        var found = await FindAsync(venue, null, Window(Yesterday(10, 59), Yesterday(11, 30)));

        Assert.Equal([new CoPresence("p-a", Yesterday(10, 0), Yesterday(11, 0), Yesterday(10, 59), Yesterday(11, 0), 0, 1)], found);
    }

    [Fact]
    public async Task FiftyNineSecondsOfOverlapIsNotFound()
    {
        var venue = await RegisterVenueAsync("restaurant");
        await IngestAsync(venue, ("p-a", Yesterday(10, 0), null));

        var found = await FindAsync(venue, null, Window(Yesterday(10, 59, 1), Yesterday(11, 30)));

        Assert.Empty(found);
    }

    [Fact]
    public async Task AnExplicitLeftAtEndsThePresence()
    {
        var venue = await RegisterVenueAsync("restaurant");
        await IngestAsync(venue, ("p-a", Yesterday(10, 0), Yesterday(10, 10)));

        var afterLeaving = await FindAsync(venue, null, Window(Yesterday(10, 10), Yesterday(10, 40)));
        var lastMinute = await FindAsync(venue, null, Window(Yesterday(10, 9), Yesterday(10, 40)));

        Assert.Empty(afterLeaving);
        Assert.Equal([new CoPresence("p-a", Yesterday(10, 0), Yesterday(10, 10), Yesterday(10, 9), Yesterday(10, 10), 0, 1)], lastMinute);
    }

    [Fact]
    public async Task ALeftAtLaterThanTheDwellKeepsThePersonPresentUntilThen()
    {
        var venue = await RegisterVenueAsync("market");
        await IngestAsync(venue, ("p-a", Yesterday(10, 0), Yesterday(14, 0)));

        var found = await FindAsync(venue, null, Window(Yesterday(13, 0), Yesterday(13, 30)));

        Assert.Equal([new CoPresence("p-a", Yesterday(10, 0), Yesterday(14, 0), Yesterday(13, 0), Yesterday(13, 30), 0, 1)], found);
    }

    [Fact]
    public async Task AtACloseClassVenueAScanWithoutLeftAtLastsSixtyMinutes()
    {
        var venue = await RegisterVenueAsync("restaurant");
        await IngestAsync(venue, ("p-a", Yesterday(10, 0), null));

        var at45 = await FindAsync(venue, null, Window(Yesterday(10, 45), Yesterday(10, 50)));
        var at60 = await FindAsync(venue, null, Window(Yesterday(11, 0), Yesterday(11, 5)));

        Assert.Equal([new CoPresence("p-a", Yesterday(10, 0), Yesterday(11, 0), Yesterday(10, 45), Yesterday(10, 50), 0, 1)], at45);
        Assert.Empty(at60);
    }

    [Fact]
    public async Task AtAnOpenClassVenueAScanWithoutLeftAtLastsThirtyMinutes()
    {
        var venue = await RegisterVenueAsync("supermarket");
        await IngestAsync(venue, ("p-a", Yesterday(10, 0), null));

        var at29 = await FindAsync(venue, null, Window(Yesterday(10, 29), Yesterday(10, 50)));
        var at45 = await FindAsync(venue, null, Window(Yesterday(10, 45), Yesterday(10, 50)));

        Assert.Equal([new CoPresence("p-a", Yesterday(10, 0), Yesterday(10, 30), Yesterday(10, 29), Yesterday(10, 30), 0, 1)], at29);
        Assert.Empty(at45);
    }

    [Fact]
    public async Task ChangingTheVenueKindChangesTheDwellOfItsVisits()
    {
        var venue = await RegisterVenueAsync("restaurant");
        await IngestAsync(venue, ("p-a", Yesterday(10, 0), null), ("p-b", Yesterday(10, 0), Yesterday(10, 50)));
        var asRestaurant = await FindAsync(venue, null, Window(Yesterday(10, 45), Yesterday(10, 50)));

        await venue.SetProfileAsync(new VenueProfile("venue", "daoli", "supermarket"));
        var asSupermarket = await FindAsync(venue, null, Window(Yesterday(10, 45), Yesterday(10, 50)));

        Assert.Equal(["p-a", "p-b"], asRestaurant.Select(c => c.PersonId));
        Assert.Equal(["p-b"], asSupermarket.Select(c => c.PersonId));
    }

    [Fact]
    public async Task TheExcludedPersonIsNotReturned()
    {
        var venue = await RegisterVenueAsync("bath-house");
        await IngestAsync(venue,
            ("p-case", Yesterday(10, 0), Yesterday(11, 0)),
            ("p-other", Yesterday(10, 30), null),
            ("p-case", Yesterday(15, 0), null));

        var found = await FindAsync(venue, "p-case",
            Window(Yesterday(10, 0), Yesterday(11, 0)),
            Window(Yesterday(15, 0), Yesterday(16, 0)));

        Assert.Equal([new CoPresence("p-other", Yesterday(10, 30), Yesterday(11, 30), Yesterday(10, 30), Yesterday(11, 0), 0, 1)], found);
    }

    [Fact]
    public async Task OnlyPersonsOverlappingOneOfTheWindowsAreReturned()
    {
        var venue = await RegisterVenueAsync("bus");
        await IngestAsync(venue,
            ("p-morning", Yesterday(8, 10), Yesterday(8, 40)),
            ("p-noon", Yesterday(12, 0), Yesterday(12, 20)),
            ("p-evening", Yesterday(18, 5), Yesterday(18, 25)));

        var found = await FindAsync(venue, null,
            Window(Yesterday(8, 0), Yesterday(8, 30)),
            Window(Yesterday(18, 0), Yesterday(18, 30)));

        Assert.Equal(["p-evening", "p-morning"], found.Select(c => c.PersonId));
    }

    [Fact]
    public async Task AVisitAppendedTwiceIsReturnedOnce()
    {
        var venue = await RegisterVenueAsync("restaurant");
        var visits = new[] { new Visit("p-a", Yesterday(10, 0), null), new Visit("p-b", Yesterday(10, 5), Yesterday(10, 45)) };
        await fixture.Scans.InsertAsync(
            [.. visits.Select(v => new Scan(NewId("s"), v.PersonId, venue.GetPrimaryKeyString(), v.ScannedAt, v.LeftAt))],
            TestContext.Current.CancellationToken);

        await venue.AppendVisitsAsync([.. visits]);
        await venue.AppendVisitsAsync([.. visits]);
        await venue.AppendVisitsAsync([visits[1], new Visit("p-c", Yesterday(9, 0), null), visits[0]]);
        var found = await FindAsync(venue, null, Window(Yesterday(10, 10), Yesterday(10, 20)));

        Assert.Equal(["p-a", "p-b"], found.Select(c => c.PersonId));
    }

    [Fact]
    public async Task VisitsOlderThanTheInMemoryHorizonAreFoundInTheScanStore()
    {
        var venue = await RegisterVenueAsync("restaurant");
        var old = Now.AddDays(-10);
        await IngestAsync(venue,
            ("p-old", old, null),
            ("p-old-long", old.AddHours(-20), old.AddHours(2)),
            ("p-old-gone", old.AddHours(-2), old.AddHours(-1)));

        var found = await FindAsync(venue, null, Window(old.AddMinutes(30), old.AddMinutes(40)));

        Assert.Equal(
        [
            new CoPresence("p-old", old, old.AddHours(1), old.AddMinutes(30), old.AddMinutes(40), 0, 1),
            new CoPresence("p-old-long", old.AddHours(-20), old.AddHours(2), old.AddMinutes(30), old.AddMinutes(40), 0, 1),
        ], found);
    }

    [Fact]
    public async Task AWindowAcrossTheHorizonFindsVisitsOnBothSidesOnce()
    {
        var venue = await RegisterVenueAsync("restaurant");
        var horizon = Now.AddDays(-7);
        await IngestAsync(venue,
            ("p-before", horizon.AddMinutes(-20), null),
            ("p-after", horizon.AddMinutes(10), null));

        var found = await FindAsync(venue, null, Window(horizon.AddMinutes(-10), horizon.AddMinutes(20)));

        Assert.Equal(
        [
            new CoPresence("p-after", horizon.AddMinutes(10), horizon.AddMinutes(70), horizon.AddMinutes(10), horizon.AddMinutes(20), 0, 1),
            new CoPresence("p-before", horizon.AddMinutes(-20), horizon.AddMinutes(40), horizon.AddMinutes(-10), horizon.AddMinutes(20), 0, 1),
        ], found);
    }

    [Fact]
    public async Task AVisitThatAgesPastTheHorizonIsStillReturnedOnce()
    {
        var venue = await RegisterVenueAsync("restaurant");
        var at = Now.AddDays(-7).AddHours(1); // inside the horizon when it arrives
        await IngestAsync(venue, ("p-a", at, null));

        fixture.Time.AdjustTime(Now.AddHours(2)); // now it is older than the horizon, but no trim has run yet
        List<CoPresence> found;
        try
        {
            found = await FindAsync(venue, null, Window(at.AddMinutes(10), at.AddMinutes(20)));
        }
        finally
        {
            fixture.Time.AdjustTime(Now);
        }

        Assert.Equal([new CoPresence("p-a", at, at.AddHours(1), at.AddMinutes(10), at.AddMinutes(20), 0, 1)], found);
    }

    [Fact]
    public async Task AVenueReactivatedFromTheScanStoreAnswersAsBefore()
    {
        var venue = await RegisterVenueAsync("gym");
        await IngestAsync(venue,
            ("p-a", Yesterday(10, 0), null),
            ("p-b", Yesterday(10, 20), Yesterday(10, 25)),
            ("p-c", Yesterday(12, 0), null),
            ("p-d", Now.AddDays(-9), Now.AddDays(-9).AddHours(3)));
        PresenceWindow[] windows = [Window(Yesterday(10, 0), Yesterday(12, 30)), Window(Now.AddDays(-9).AddHours(1), Now.AddDays(-9).AddHours(2))];
        var before = await FindAsync(venue, "p-a", windows);

        var management = fixture.Grains.GetGrain<IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.Zero, TestContext.Current.CancellationToken);
        var stillActive = (await management.GetDetailedGrainStatistics(null, null, TestContext.Current.CancellationToken)).Any(s => s.GrainId == venue.GetGrainId());
        var after = await FindAsync(venue, "p-a", windows);

        Assert.False(stillActive);
        Assert.Equal(["p-b", "p-c", "p-d"], before.Select(c => c.PersonId));
        Assert.Equal(before, after);
    }
}
