using System.Globalization;
using ContactTrace.Oracle;

namespace ContactTrace.Host.FunctionalTests;

/// <summary>
/// Tier 2 until the close contact is actually isolated, on the real host and PostgreSQL with its re-trace dispatcher:
/// a close contact's scans after the case's report extend tier 2 while they wait for a room, and stop doing so once
/// they checked in; so do registry changes of their household. The SQL oracle agrees at each step.
/// </summary>
public sealed class ContactWindowTests(PostgresHostFixture fixture) : IClassFixture<PostgresHostFixture>
{
    private static readonly DateTimeOffset Now = TruncateToMinute(DateTimeOffset.UtcNow);

    /// <summary>The case's person and close contact c ate together yesterday; the case was reported four hours ago.</summary>
    private static readonly DateTimeOffset Reported = Now.AddHours(-4);

    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Admin => fixture.Host.CreateClient(ContactTraceHost.AdminKey);

    private HttpClient Tracer => fixture.Host.CreateClient(ContactTraceHost.TracerKey);

    private static DateTimeOffset TruncateToMinute(DateTimeOffset time) => new(time.UtcTicks - time.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);

    private static string Iso(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture);

    private string Id(string name) => $"{name}-{_run}";

    private async Task PutAsync(string path, object body) => Assert.Equal(HttpStatusCode.OK, (await Admin.PutAsJsonAsync(path, body, Ct)).StatusCode);

    private async Task ScansAsync(params (string Person, string Venue, DateTimeOffset From, DateTimeOffset Until)[] scans)
    {
        var records = scans.Select(s => new { scanId = $"s-{Guid.NewGuid():N}", personId = Id(s.Person), venueId = Id(s.Venue), scannedAt = Iso(s.From), leftAt = Iso(s.Until) });
        var response = await fixture.Host.CreateClient(ContactTraceHost.ScannerKey).PostAsJsonAsync("/api/scans", records, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>
    /// The case (p0) ate with c yesterday at noon; c's household is hc. A hotel in their district has rooms. Returns
    /// c's centralized isolation, placed at the hotel but not checked in.
    /// </summary>
    private async Task<string> BuildAsync()
    {
        await PutAsync($"/api/hotels/{Id("hotel")}", new { name = "隔离酒店", district = "hulan", capacity = 10 });
        await PutAsync($"/api/persons/{Id("p0")}", new { district = "hulan" });
        await PutAsync($"/api/persons/{Id("c")}", new { district = "hulan", householdId = Id("hc") });
        foreach (var venue in new[] { "restaurant", "bus1", "bus2" })
        {
            await PutAsync($"/api/venues/{Id(venue)}", new { name = venue, district = "hulan", kind = venue == "restaurant" ? "restaurant" : "bus" });
        }

        var yesterday = Now.AddDays(-1);
        await ScansAsync(("p0", "restaurant", yesterday.AddHours(-1), yesterday), ("c", "restaurant", yesterday.AddMinutes(-30), yesterday.AddMinutes(30)));
        var posted = await Tracer.PostAsJsonAsync("/api/cases", new
        {
            caseId = Id("case"), personId = Id("p0"), classification = "confirmed", sampledAt = Iso(Reported.AddHours(-2)), reportedAt = Iso(Reported),
        }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        string? placed = null;
        await EventuallyAsync(async () => (placed = await PlacedAssignmentAsync("c")) is not null, "c placed at the hotel");
        return placed!;
    }

    private async Task<string?> PlacedAssignmentAsync(string person)
    {
        var page = await Json.ReadAsync(await Tracer.GetAsync($"/api/assignments?personId={Id(person)}", Ct));
        return page.GetProperty("items").EnumerateArray()
            .Where(a => a.GetProperty("kind").GetString() == "centralized-isolation" && a.GetProperty("hotelId").ValueKind == JsonValueKind.String)
            .Select(a => a.GetProperty("assignmentId").GetString())
            .FirstOrDefault();
    }

    private async Task<Dictionary<string, JsonElement>> ContactsAsync()
    {
        var page = await Json.ReadAsync(await Tracer.GetAsync($"/api/cases/{Id("case")}/contacts?limit=1000", Ct));
        return page.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("personId").GetString()!);
    }

    /// <summary>Waits until the case traced everything asked of it: no request waits, the trace is completed.</summary>
    private async Task SettledAsync()
    {
        // In this order: a request leaves the table only once the case has taken it, which its status then shows.
        await EventuallyAsync(async () =>
            await ScalarAsync("SELECT count(*) FROM trace_requests WHERE case_id = $1", Id("case")) == 0
            && (await Json.ReadAsync(await Tracer.GetAsync($"/api/cases/{Id("case")}", Ct))).GetProperty("trace").GetProperty("status").GetString() == "completed",
            "the case settled");
    }

    private async Task<long> ScalarAsync(string sql, params object[] values)
    {
        await using var data = Npgsql.NpgsqlDataSource.Create(fixture.ConnectionString);
        await using var command = data.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = value });
        }

        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }

    private static Task EventuallyAsync(Func<Task<bool>> condition, string what, int seconds = 30) =>
        Poll.UntilAsync(condition, TimeSpan.FromSeconds(seconds), what, Ct);

    private Task AgreesWithTheOracleAsync() =>
        OracleComparison.AssertAgreesAsync(fixture.ConnectionString, [Id("case")], OraclePolicy.NationalV9, [], Ct);

    [Fact]
    public async Task ACloseContactsScansExtendTierTwoUntilTheyCheckInAndNotAfter()
    {
        var stay = await BuildAsync();
        await SettledAsync();
        var before = await ContactsAsync();
        Assert.Equal("open", before[Id("c")].GetProperty("contactsSought").GetProperty("reason").GetString());

        // Act 1: an hour after the case's report, c — waiting for the transfer — rides a bus with r1.
        await ScansAsync(("c", "bus1", Reported.AddHours(1), Reported.AddHours(1.5)), ("r1", "bus1", Reported.AddHours(1.2), Reported.AddHours(1.4)));
        await EventuallyAsync(async () => (await ContactsAsync()).ContainsKey(Id("r1")), "r1 traced as a contact of c", seconds: 20);

        // Act 2: c checks in; then c rides another bus (the hotel's shuttle, say) with r2.
        Assert.Equal(HttpStatusCode.OK, (await Admin.PostAsync($"/api/assignments/{stay}/check-in", null, Ct)).StatusCode);
        await ScansAsync(("c", "bus2", Now.AddMinutes(1), Now.AddMinutes(4)), ("r2", "bus2", Now.AddMinutes(2), Now.AddMinutes(3)));
        await SettledAsync();

        // Assert
        var after = await ContactsAsync();
        var r1 = after[Id("r1")];
        Assert.Equal(("secondary-contact", 2), (r1.GetProperty("category").GetString(), r1.GetProperty("tier").GetInt32()));
        Assert.Equal(Id("c"), r1.GetProperty("exposures")[0].GetProperty("viaPersonId").GetString());
        Assert.False(after.ContainsKey(Id("r2")), "c's scans after check-in add nobody");
        var sought = after[Id("c")].GetProperty("contactsSought");
        Assert.Equal("check-in", sought.GetProperty("reason").GetString());
        Assert.True(sought.GetProperty("until").GetDateTimeOffset() >= Reported.AddHours(1.5), "the window ran until the check-in");

        // One home isolation for r1, nothing written twice; the oracle agrees.
        Assert.Equal(1, await ScalarAsync("SELECT count(*) FROM assignments WHERE person_id = $1", Id("r1")));
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM assignments WHERE person_id = $1", Id("r2")));
        Assert.Equal(0, await ScalarAsync(
            "SELECT count(*) FROM (SELECT assignment_id, status FROM assignment_feed WHERE hotel_id = $1 GROUP BY 1, 2 HAVING count(*) > 1) twice", Id("hotel")));
        await AgreesWithTheOracleAsync();
    }

    [Fact]
    public async Task ACheckInEnteredLateClosesTheWindowAtTheStatedArrival()
    {
        var stay = await BuildAsync();
        await SettledAsync();
        var arrived = Reported.AddHours(2);

        // Act: the hotel enters c's check-in now, stating that c arrived two hours after the case's report; then the
        // scans of c's afternoon come in — a bus with r1 an hour before the arrival, another with r2 an hour after it.
        var checkIn = await Admin.PostAsJsonAsync($"/api/assignments/{stay}/check-in", new { at = Iso(arrived) }, Ct);
        Assert.Equal(HttpStatusCode.OK, checkIn.StatusCode);
        await ScansAsync(
            ("c", "bus1", Reported.AddHours(1), Reported.AddHours(1.5)), ("r1", "bus1", Reported.AddHours(1.2), Reported.AddHours(1.4)),
            ("c", "bus2", Reported.AddHours(3), Reported.AddHours(3.5)), ("r2", "bus2", Reported.AddHours(3.1), Reported.AddHours(3.3)));
        await EventuallyAsync(async () => (await ContactsAsync()).ContainsKey(Id("r1")), "r1 traced as a contact of c", seconds: 20);
        await SettledAsync();

        // Assert: c's window ran until the stated arrival, not until the check-in was entered.
        var contacts = await ContactsAsync();
        Assert.Equal(Id("c"), contacts[Id("r1")].GetProperty("exposures")[0].GetProperty("viaPersonId").GetString());
        Assert.False(contacts.ContainsKey(Id("r2")), "c's scans after the stated arrival add nobody");
        var sought = contacts[Id("c")].GetProperty("contactsSought");
        Assert.Equal(("check-in", arrived), (sought.GetProperty("reason").GetString(), sought.GetProperty("until").GetDateTimeOffset()));
        await AgreesWithTheOracleAsync();
    }

    [Fact]
    public async Task AStatedArrivalInTheFutureBeforeTheExposureOrNotATimeWithOffsetIsRefusedNamingItAndChangesNothing()
    {
        var stay = await BuildAsync();

        // Act
        var answers = new List<HttpResponseMessage>();
        foreach (var at in new[] { Iso(Now.AddHours(1)), Iso(Now.AddDays(-3)), "yesterday", "2026-12-07T12:41:00" })
        {
            answers.Add(await Admin.PostAsJsonAsync($"/api/assignments/{stay}/check-in", new { at }, Ct));
        }

        // Assert
        foreach (var answer in answers)
        {
            Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
            Assert.True((await Json.ReadAsync(answer)).GetProperty("errors").TryGetProperty("at", out _), "the problem names 'at'");
        }

        Assert.Equal(stay, await PlacedAssignmentAsync("c"));
        var assignments = await Json.ReadAsync(await Tracer.GetAsync($"/api/assignments?personId={Id("c")}", Ct));
        Assert.Contains(assignments.GetProperty("items").EnumerateArray(),
            a => a.GetProperty("assignmentId").GetString() == stay && a.GetProperty("status").GetString() == "assigned");
    }

    [Fact]
    public async Task SomeoneWhoJoinsACloseContactsHouseholdBeforeTheirIsolationIsTheirContactAndAfterItIsNot()
    {
        var stay = await BuildAsync();
        await SettledAsync();
        await PutAsync($"/api/persons/{Id("h1")}", new { district = "hulan" });
        await PutAsync($"/api/persons/{Id("h2")}", new { district = "hulan" });

        // Act: h1 moves in with c while c waits for the transfer; c checks in; then h2 moves in.
        await PutAsync($"/api/persons/{Id("h1")}", new { district = "hulan", householdId = Id("hc") });
        await EventuallyAsync(async () => (await ContactsAsync()).ContainsKey(Id("h1")), "h1 traced as a contact of c", seconds: 20);
        Assert.Equal(HttpStatusCode.OK, (await Admin.PostAsync($"/api/assignments/{stay}/check-in", null, Ct)).StatusCode);
        await PutAsync($"/api/persons/{Id("h2")}", new { district = "hulan", householdId = Id("hc") });
        await EventuallyAsync(async () => await ScalarAsync("SELECT count(*) FROM trace_requests WHERE case_id = $1", Id("case")) == 0, "the household change handled");
        await SettledAsync();

        // Assert
        var contacts = await ContactsAsync();
        var h1 = contacts[Id("h1")];
        Assert.Equal("secondary-contact", h1.GetProperty("category").GetString());
        Assert.Equal(("household", Id("c")), (h1.GetProperty("exposures")[0].GetProperty("kind").GetString(), h1.GetProperty("exposures")[0].GetProperty("viaPersonId").GetString()));
        // h2 joined after c checked in: not c's contact — but h1, a secondary contact in home isolation, lives there now,
        // and h2 shares h1's home isolation (DESIGN.md).
        var h2 = contacts[Id("h2")];
        Assert.Equal("home-isolation", h2.GetProperty("category").GetString());
        Assert.Equal(Id("h1"), h2.GetProperty("exposures")[0].GetProperty("viaPersonId").GetString());
        await AgreesWithTheOracleAsync();
    }

    /// <summary>
    /// The case's person moves in with m after the case's window ended (registered now, after the report): the case
    /// traces again, and m — who never lived with them inside the window — is not its close contact.
    /// </summary>
    [Fact]
    public async Task ACasesPersonWhoMovesInAfterItsWindowMakesNoCloseContactOfTheNewHousehold()
    {
        await BuildAsync();
        await SettledAsync();
        await PutAsync($"/api/persons/{Id("m")}", new { district = "hulan", householdId = Id("hm") });

        // Act
        await PutAsync($"/api/persons/{Id("p0")}", new { district = "hulan", householdId = Id("hm") });
        await EventuallyAsync(async () => await ScalarAsync("SELECT count(*) FROM trace_requests WHERE case_id = $1", Id("case")) == 0, "the move handled");
        await SettledAsync();

        // Assert
        var contacts = await ContactsAsync();
        Assert.True(contacts.ContainsKey(Id("c")), "the restaurant's close contact stays");
        Assert.False(contacts.ContainsKey(Id("m")), "m lived with the case's person only after its window");
        await AgreesWithTheOracleAsync();
    }

    /// <summary>
    /// A move the registry learns late, with its date: the case's person moved in with m two hours before the report,
    /// and n joined them an hour before it — both lived with the case inside its window and are its close contacts from
    /// then. o joined an hour after the report: not the case's contact, but m's (a close contact not yet isolated).
    /// </summary>
    [Fact]
    public async Task AMoveRegisteredLateWithItsDateMakesTheCasesHousematesInsideItsWindowCloseContacts()
    {
        await BuildAsync();
        await SettledAsync();
        await PutAsync($"/api/persons/{Id("m")}", new { district = "hulan", householdId = Id("hm") });

        // Act
        await PutAsync($"/api/persons/{Id("p0")}", new { district = "hulan", householdId = Id("hm"), householdSince = Iso(Reported.AddHours(-2)) });
        await EventuallyAsync(async () => (await ContactsAsync()).ContainsKey(Id("m")), "m traced as a close contact", seconds: 20);
        await PutAsync($"/api/persons/{Id("n")}", new { district = "hulan", householdId = Id("hm"), householdSince = Iso(Reported.AddHours(-1)) });
        await PutAsync($"/api/persons/{Id("o")}", new { district = "hulan", householdId = Id("hm"), householdSince = Iso(Reported.AddHours(1)) });
        await EventuallyAsync(async () => await ScalarAsync("SELECT count(*) FROM trace_requests WHERE case_id = $1", Id("case")) == 0, "the moves handled");
        await SettledAsync();

        // Assert
        var contacts = await ContactsAsync();
        foreach (var (person, since) in new[] { ("m", Reported.AddHours(-2)), ("n", Reported.AddHours(-1)) })
        {
            var contact = contacts[Id(person)];
            Assert.Equal(("close-contact", 1), (contact.GetProperty("category").GetString(), contact.GetProperty("tier").GetInt32()));
            var household = contact.GetProperty("exposures")[0];
            Assert.Equal(("household", since), (household.GetProperty("kind").GetString(), household.GetProperty("from").GetDateTimeOffset()));
        }

        var o = contacts[Id("o")];
        Assert.Equal(("secondary-contact", 2), (o.GetProperty("category").GetString(), o.GetProperty("tier").GetInt32()));
        await AgreesWithTheOracleAsync();
    }

    [Fact]
    public async Task AHouseholdSinceInTheFutureOrWithoutAHouseholdIsRefusedNamingIt()
    {
        foreach (var body in new object[]
        {
            new { district = "hulan", householdId = Id("hf"), householdSince = Iso(Now.AddDays(1)) },
            new { district = "hulan", householdSince = Iso(Now.AddDays(-1)) },
            new { district = "hulan", householdId = Id("hf"), householdSince = "yesterday" },
        })
        {
            var response = await Admin.PutAsJsonAsync($"/api/persons/{Id("f")}", body, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await Json.ReadAsync(response)).GetProperty("errors").TryGetProperty("householdSince", out _));
        }

        Assert.Equal(HttpStatusCode.NotFound, (await Tracer.GetAsync($"/api/persons/{Id("f")}", Ct)).StatusCode);
    }
}
