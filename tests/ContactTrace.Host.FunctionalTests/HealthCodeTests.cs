using ContactTrace.Screening;

namespace ContactTrace.Host.FunctionalTests;

/// <summary>
/// Health codes across a case's whole story on a fake clock, on the real host: a close contact red, then yellow
/// on the minute their centralized period ends, then green; a secondary contact yellow; a zone's residents red
/// once a tracer confirms it; a key-population person yellow the minute their daily test is overdue; a venue-exposed
/// person yellow until both test days are negative; an arrival yellow while untested; a zone lifting itself after
/// <c>highRiskLiftDays</c> without a new case. The feed is gapless, and its stream is the paged feed. Run on
/// PostgreSQL and on the embedded default.
/// </summary>
public abstract class HealthCodeTests(ScreeningHost host)
{
    private readonly ScreeningWorld _world = new(host);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateTimeOffset Since(JsonElement code, int reason = -1) =>
        reason < 0 ? code.GetProperty("since").GetDateTimeOffset() : code.GetProperty("reasons")[reason].GetProperty("since").GetDateTimeOffset();

    private static DateTimeOffset? Until(JsonElement code, int reason) =>
        code.GetProperty("reasons")[reason].GetProperty("until") is { ValueKind: JsonValueKind.String } until ? until.GetDateTimeOffset() : null;

    private async Task<JsonElement> ManagementAsync(string person) =>
        (await Json.ReadAsync(await host.Tracer.GetAsync($"/api/persons/{_world.Id(person)}", Ct))).GetProperty("management");

    private async Task<string?> PersonsCodeAsync(string person) =>
        (await Json.ReadAsync(await host.Tracer.GetAsync($"/api/persons/{_world.Id(person)}", Ct))).GetProperty("healthCode").GetString();

    /// <summary>
    /// p0 (compound c1) tests positive; p1 ate with p0 (close contact), then rode a bus with p2 (secondary contact);
    /// p3 lives in c1; p4 is key population, tested negative two hours ago.
    /// </summary>
    [Fact]
    public async Task ACasesStoryColoursEveryoneItReachesAndEachCodeChangesOnTime()
    {
        var w = _world;
        var t = w.Now.AddHours(-10);
        await w.PersonAsync("p0", compound: "c1");
        await w.PersonAsync("p1");
        await w.PersonAsync("p2");
        await w.PersonAsync("p3", compound: "c1");
        await w.PersonAsync("p4");
        await w.VenueAsync("restaurant", "restaurant");
        await w.VenueAsync("bus", "bus");
        await w.ScanAsync("p0", "restaurant", t);
        await w.ScanAsync("p1", "restaurant", t.AddMinutes(10));
        await w.ScanAsync("p1", "bus", t.AddHours(3));
        await w.ScanAsync("p2", "bus", t.AddHours(3).AddMinutes(5));
        var keyTestSampled = w.Now.AddHours(-2);
        await w.PostTestsAsync(w.Test("t-p4", "p4", "negative", SamplingContexts.KeyPopulationOpen, keyTestSampled));

        // Act 1: p0's positive result, its trace, and a tracer confirming the zone it proposed
        var answer = await w.PostTestsAsync(w.Test("t-p0", "p0", "positive", SamplingContexts.CommunityRound, w.Now.AddHours(-1)));
        await w.TracedAsync($"t:{w.Id("t-p0")}");
        var zone = Assert.Single(await w.ZonesOfAsync("c1"));
        var confirmed = await host.Tracer.PutAsJsonAsync($"/api/zones/{zone.GetProperty("zoneId").GetString()}", new { compoundId = w.Id("c1"), district = "daoli" }, Ct);

        // Assert 1
        Assert.Equal([$"t:{w.Id("t-p0")}"], answer.GetProperty("casesCreated").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(("proposed", HttpStatusCode.OK), (zone.GetProperty("status").GetString(), confirmed.StatusCode));
        await w.CodeBecomesAsync("p0", "red", HealthCodes.CaseRule, HealthCodes.HighRiskZoneRule); // the case lives in the zone too
        var close = await w.CodeBecomesAsync("p1", "red", HealthCodes.CloseContactRule);
        var closeManagement = await ManagementAsync("p1");
        var centralizedEnd = closeManagement.GetProperty("since").GetDateTimeOffset().AddDays(7);
        Assert.Equal((closeManagement.GetProperty("since").GetDateTimeOffset(), centralizedEnd), (Since(close, 0), Until(close, 0)));
        var secondary = await w.CodeBecomesAsync("p2", "yellow", HealthCodes.SecondaryContactRule);
        var secondaryUntil = (await ManagementAsync("p2")).GetProperty("until").GetDateTimeOffset();
        Assert.Equal(secondaryUntil, Until(secondary, 0));
        await w.CodeBecomesAsync("p3", "red", HealthCodes.HighRiskZoneRule);
        await w.CodeBecomesAsync("p4", "green");
        Assert.Equal(["red", "red", "yellow", "red"], [await PersonsCodeAsync("p0"), await PersonsCodeAsync("p1"), await PersonsCodeAsync("p2"), await PersonsCodeAsync("p3")]);

        // Act 2: a day on — p4's daily test is overdue; then p4 tests negative again
        host.Advance(TimeSpan.FromHours(22).Add(TimeSpan.FromMinutes(1)));
        var overdue = await w.CodeBecomesAsync("p4", "yellow", HealthCodes.KeyPopulationOverdueRule);
        await w.PostTestsAsync(w.Test("t-p4-again", "p4", "negative", SamplingContexts.KeyPopulationOpen, w.Now.AddMinutes(-10), w.Now));
        await w.CodeBecomesAsync("p4", "green");

        // Assert 2: yellow from the very minute the test fell due, not from when someone noticed
        Assert.Equal((keyTestSampled.AddHours(24), keyTestSampled.AddHours(24)), (Since(overdue), Since(overdue, 0)));

        // Act 3: past the end of p1's centralized isolation, then past both contacts' periods
        host.Advance(centralizedEnd - w.Now + TimeSpan.FromMinutes(1));
        var monitored = await w.CodeBecomesAsync("p1", "yellow", HealthCodes.HomeMonitoringRule);
        host.Advance(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));
        var released = await w.CodeBecomesAsync("p1", "green");
        await w.CodeBecomesAsync("p2", "green");

        // Assert 3
        Assert.Equal((centralizedEnd, centralizedEnd), (Since(monitored), Since(monitored, 0)));
        Assert.Equal(closeManagement.GetProperty("until").GetDateTimeOffset(), Until(monitored, 0));
        Assert.Equal(JsonValueKind.Null, released.GetProperty("since").ValueKind); // green is nobody's record: the default
        Assert.Equal("green", await PersonsCodeAsync("p1"));

        // The feed told every step of p1's story, in order, with no gaps in the whole feed.
        var changes = await w.ChangesAsync();
        Assert.Equal(Enumerable.Range(1, changes.Count).Select(i => (long)i), changes.Select(c => c.GetProperty("cursor").GetInt64()));
        Assert.Equal(["red", "yellow", "green"], changes.Where(c => c.GetProperty("personId").GetString() == w.Id("p1")).Select(c => c.GetProperty("code").GetString()));
        Assert.DoesNotContain(changes, c => c.TryGetProperty("name", out _) || c.TryGetProperty("phone", out _));
    }

    [Fact]
    public async Task AZoneLiftsItselfHighRiskLiftDaysAfterItsLastCaseAndItsResidentsTurnGreen()
    {
        var w = _world;
        await w.PersonAsync("case-1", compound: "c");
        await w.PersonAsync("case-2", compound: "c");
        await w.PersonAsync("resident", compound: "c");
        await w.PostTestsAsync(w.Test("t1", "case-1", "positive", SamplingContexts.CommunityRound, w.Now.AddHours(-3)));
        var proposed = await ScreeningHost.EventuallyAsync(() => w.ZonesOfAsync("c"), z => z.Count == 1, "the proposed zone");
        var zoneId = proposed[0].GetProperty("zoneId").GetString();
        await host.Tracer.PutAsJsonAsync($"/api/zones/{zoneId}", new { compoundId = w.Id("c"), district = "daoli" }, Ct);
        await w.CodeBecomesAsync("resident", "red", HealthCodes.HighRiskZoneRule);

        // Act: a second case six days later moves the lift; the first lift time passes; then the second
        host.Advance(TimeSpan.FromDays(6));
        await w.PostTestsAsync(w.Test("t2", "case-2", "positive", SamplingContexts.CommunityRound, w.Now.AddHours(-1)));
        var moved = await ScreeningHost.EventuallyAsync(async () => (await w.ZonesOfAsync("c")).Single(),
            z => z.GetProperty("caseIds").GetArrayLength() == 2, "the second case in the zone");
        host.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        var stillActive = (await w.ZonesOfAsync("c")).Single();
        var liftAfter = moved.GetProperty("liftAfter").GetDateTimeOffset();
        host.Advance(liftAfter - w.Now + TimeSpan.FromMinutes(1));
        var lifted = await ScreeningHost.EventuallyAsync(async () => (await w.ZonesOfAsync("c")).Single(),
            z => z.GetProperty("status").GetString() == "lifted", "the zone to lift itself");

        // Assert
        Assert.Equal(proposed[0].GetProperty("liftAfter").GetDateTimeOffset().AddDays(6), liftAfter, TimeSpan.FromHours(3));
        Assert.Equal("active", stillActive.GetProperty("status").GetString());
        Assert.Equal(liftAfter, lifted.GetProperty("until").GetDateTimeOffset());
        await w.CodeBecomesAsync("resident", "green");
        Assert.Empty(await w.ZonesOfAsync("c", "active"));
    }

    [Fact]
    public async Task AVenueExposedPersonStaysYellowUntilTheTestsOfBothTestDaysAreNegative()
    {
        var w = _world;
        var t = w.Now.AddHours(-6);
        await w.PersonAsync("p0");
        await w.PersonAsync("shopper");
        await w.VenueAsync("market", "market");
        await w.ScanAsync("p0", "market", t);
        await w.ScanAsync("shopper", "market", t.AddMinutes(5));
        await w.ReportCaseAsync("c0", "p0", w.Now.AddHours(-1));
        await w.CodeBecomesAsync("shopper", "yellow", HealthCodes.VenueExposedRule);
        var lastExposure = (await ManagementAsync("shopper")).GetProperty("until").GetDateTimeOffset().AddDays(-3);

        // Act: day 1's negative test; then, two days on, day 3's
        await w.PostTestsAsync(w.Test("day-1", "shopper", "negative", SamplingContexts.CommunityRound, w.Now.AddMinutes(-20), w.Now));
        await Task.Delay(500, Ct);
        var afterDayOne = await w.CodeAsync("shopper");
        host.Advance(lastExposure.AddDays(2).AddHours(1) - w.Now);
        await w.PostTestsAsync(w.Test("day-3", "shopper", "negative", SamplingContexts.CommunityRound, w.Now.AddMinutes(-20), w.Now));

        // Assert
        Assert.Equal("yellow", afterDayOne.GetProperty("code").GetString());
        await w.CodeBecomesAsync("shopper", "green");
    }

    [Fact]
    public async Task AnArrivalIsYellowWithoutANegativeTestOfTheLast48HoursForThreeDays()
    {
        var w = _world;
        await w.PersonAsync("traveller");
        var arrived = w.Now.AddHours(-1);
        await w.PostTestsAsync(w.Test("arrival", "traveller", "negative", SamplingContexts.Arrival, arrived, w.Now));
        await w.CodeBecomesAsync("traveller", "green");

        // Act
        host.Advance(TimeSpan.FromHours(47) + TimeSpan.FromMinutes(1));
        var untested = await w.CodeBecomesAsync("traveller", "yellow", HealthCodes.ArrivalOverdueRule);
        host.Advance(TimeSpan.FromDays(1));

        // Assert
        Assert.Equal((arrived.AddHours(48), arrived.AddDays(3)), (Since(untested, 0), Until(untested, 0)));
        await w.CodeBecomesAsync("traveller", "green");
    }

    [Fact]
    public async Task TheChangeStreamFromACursorIsThePagedFeedFromThere()
    {
        var w = _world;
        await w.PersonAsync("p");
        await w.PostTestsAsync(w.Test("t", "p", "positive", SamplingContexts.FeverClinic, w.Now.AddHours(-2)));
        await w.CodeBecomesAsync("p", "red", HealthCodes.CaseRule);
        var paged = await w.ChangesAsync();
        var from = paged[^1].GetProperty("cursor").GetInt64() > 3 ? paged[^1].GetProperty("cursor").GetInt64() - 3 : 0;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/health-codes/changes/stream");
        request.Headers.Add("Last-Event-ID", from.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        connection.CancelAfter(TimeSpan.FromSeconds(20));

        // Act
        using var response = await host.Scanner.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, connection.Token);
        var streamed = new List<(string Id, JsonElement Data)>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(connection.Token));
        var (id, data) = ("", (string?)null);
        while (streamed.Count < paged.Count(c => c.GetProperty("cursor").GetInt64() > from) && await reader.ReadLineAsync(connection.Token) is { } line)
        {
            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line[6..];
            }
            else if (line.Length == 0 && data is not null)
            {
                streamed.Add((id, JsonDocument.Parse(data).RootElement));
                (id, data) = ("", null);
            }
        }

        // Assert
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var expected = paged.Where(c => c.GetProperty("cursor").GetInt64() > from).ToList();
        Assert.Equal(expected.Select(c => c.GetProperty("cursor").ToString()), streamed.Select(s => s.Id));
        Assert.Equal(expected.Select(c => c.ToString()), streamed.Select(s => s.Data.ToString()));
    }
}

public sealed class HealthCodeOnPostgresTests(PostgresScreeningHost host) : HealthCodeTests(host), IClassFixture<PostgresScreeningHost>;

public sealed class HealthCodeEmbeddedTests(EmbeddedScreeningHost host) : HealthCodeTests(host), IClassFixture<EmbeddedScreeningHost>;
