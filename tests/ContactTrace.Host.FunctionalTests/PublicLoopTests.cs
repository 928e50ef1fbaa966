using ContactTrace.Screening;

namespace ContactTrace.Host.FunctionalTests;

/// <summary>
/// What reaches the city and comes back: a case's public trajectory (no person id, name or phone anywhere in it),
/// citizens' self-reports confirmed into a reported contact or dismissed, and the disinfection and closure task of
/// each venue a case visited. Run on PostgreSQL and on the embedded default.
/// </summary>
public abstract class PublicLoopTests(ScreeningHost host)
{
    private const string Name = "张秀英";
    private const string Phone = "13811112222";

    private readonly ScreeningWorld _world = new(host);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The case p0 (named, with a phone, in a household) visited a restaurant and a market inside its window, and a bus before it.</summary>
    private async Task<(string CaseId, DateTimeOffset Visit)> TracedCaseAsync()
    {
        var w = _world;
        var visit = w.Now.AddHours(-8);
        var response = await host.Admin.PutAsJsonAsync($"/api/persons/{w.Id("p0")}", new { district = "nangang", householdId = w.Id("h0"), name = Name, phone = Phone }, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await w.PersonAsync("p0h", household: "h0");
        await w.PersonAsync("citizen");
        await w.VenueAsync("restaurant", "restaurant");
        await w.VenueAsync("market", "market");
        await w.VenueAsync("bus", "bus");
        await w.ScanAsync("p0", "restaurant", visit, visit.AddMinutes(45));
        await w.ScanAsync("p0", "market", visit.AddHours(2));
        await w.ScanAsync("p0", "bus", w.Now.AddDays(-4));
        await w.ReportCaseAsync("c0", "p0", w.Now.AddHours(-1));
        return (w.Id("c0"), visit);
    }

    [Fact]
    public async Task ATrajectoryShowsTheVenuesAndTimesInsideTheWindowAndNoPersonalDataAnywhere()
    {
        var (caseId, visit) = await TracedCaseAsync();

        // Act
        var response = await host.Public.GetAsync($"/api/cases/{caseId}/trajectory", Ct);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync(Ct);
        var items = JsonDocument.Parse(text).RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(
            [(_world.Id("restaurant"), visit, visit.AddMinutes(45)), (_world.Id("market"), visit.AddHours(2), visit.AddHours(2).AddMinutes(30))],
            items.Select(i => (i.GetProperty("venueId").GetString(), i.GetProperty("from").GetDateTimeOffset(), i.GetProperty("until").GetDateTimeOffset())));
        Assert.All(items, i => Assert.Equal("daoli", i.GetProperty("district").GetString()));
        foreach (var secret in new[] { _world.Id("p0"), _world.Id("p0h"), _world.Id("h0"), Name, Phone, "personId", "name", "phone" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ASelfReportReachesTheTracersAndConfirmedBecomesAReportedContactOfTheCase()
    {
        var (caseId, visit) = await TracedCaseAsync();
        var w = _world;
        var body = new { reportId = w.Id("r1"), phone = "+86 139-0000-1111", personId = w.Id("citizen"), venueId = w.Id("restaurant"), at = ScreeningWorld.Iso(visit.AddMinutes(20)), caseId };

        // Act
        var posted = await host.Public.PostAsJsonAsync("/api/self-reports", body, Ct);
        var again = await host.Public.PostAsJsonAsync("/api/self-reports", body, Ct);
        var open = await Json.ReadAsync(await host.Tracer.GetAsync("/api/self-reports?status=open&limit=500", Ct));
        var confirmed = await host.Tracer.PostAsJsonAsync($"/api/self-reports/{w.Id("r1")}/confirm", new { setting = "meal" }, Ct);
        var confirmedAgain = await host.Tracer.PostAsJsonAsync($"/api/self-reports/{w.Id("r1")}/confirm", new { setting = "meal" }, Ct);
        var dismissedAfter = await host.Tracer.PostAsJsonAsync($"/api/self-reports/{w.Id("r1")}/dismiss", new { reason = "too late" }, Ct);

        // Assert
        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (posted.StatusCode, again.StatusCode));
        Assert.Equal("open", (await Json.ReadAsync(posted)).GetProperty("status").GetString());
        Assert.Contains(open.GetProperty("items").EnumerateArray(), r => r.GetProperty("reportId").GetString() == w.Id("r1"));
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Conflict), (confirmed.StatusCode, confirmedAgain.StatusCode, dismissedAfter.StatusCode));
        var view = await Json.ReadAsync(confirmed);
        Assert.Equal(("confirmed", caseId, w.Id("citizen")), (view.GetProperty("status").GetString(), view.GetProperty("resolvedCaseId").GetString(), view.GetProperty("resolvedPersonId").GetString()));
        var reported = await Json.ReadAsync(await host.Tracer.GetAsync($"/api/cases/{caseId}/reported-contacts", Ct));
        var contact = Assert.Single(reported.GetProperty("items").EnumerateArray());
        Assert.Equal((w.Id("citizen"), "meal"), (contact.GetProperty("personId").GetString(), contact.GetProperty("setting").GetString()));
        await w.CodeBecomesAsync("citizen", "red", HealthCodes.CloseContactRule);
        Assert.DoesNotContain((await Json.ReadAsync(await host.Tracer.GetAsync("/api/self-reports?status=open&limit=500", Ct))).GetProperty("items").EnumerateArray(),
            r => r.GetProperty("reportId").GetString() == w.Id("r1"));
    }

    [Fact]
    public async Task ADismissedSelfReportStaysDismissedAndIsNoLongerOpen()
    {
        var (_, visit) = await TracedCaseAsync();
        var w = _world;
        await host.Public.PostAsJsonAsync("/api/self-reports", new { reportId = w.Id("r2"), phone = "13900002222", venueId = w.Id("market"), at = ScreeningWorld.Iso(visit) }, Ct);

        // Act
        var dismissed = await host.Tracer.PostAsJsonAsync($"/api/self-reports/{w.Id("r2")}/dismiss", new { reason = "another market" }, Ct);
        var confirmedAfter = await host.Tracer.PostAsJsonAsync($"/api/self-reports/{w.Id("r2")}/confirm", new { caseId = w.Id("c0"), personId = w.Id("citizen") }, Ct);
        var list = await Json.ReadAsync(await host.Tracer.GetAsync("/api/self-reports?status=dismissed&limit=500", Ct));

        // Assert
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Conflict), (dismissed.StatusCode, confirmedAfter.StatusCode));
        var item = Assert.Single(list.GetProperty("items").EnumerateArray(), r => r.GetProperty("reportId").GetString() == w.Id("r2"));
        Assert.Equal("another market", item.GetProperty("reason").GetString());
        Assert.Empty((await Json.ReadAsync(await host.Tracer.GetAsync($"/api/cases/{w.Id("c0")}/reported-contacts", Ct))).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task AConfirmationOutsideTheCasesWindowOrForAnUnknownPersonIsRefusedNamingTheField()
    {
        var (caseId, _) = await TracedCaseAsync();
        var w = _world;
        await host.Public.PostAsJsonAsync("/api/self-reports", new { reportId = w.Id("r-old"), phone = "13900003333", venueId = w.Id("bus"), at = ScreeningWorld.Iso(w.Now.AddDays(-6)) }, Ct);
        await host.Public.PostAsJsonAsync("/api/self-reports", new { reportId = w.Id("r-nobody"), phone = "13900004444", venueId = w.Id("market"), at = ScreeningWorld.Iso(w.Now.AddHours(-3)) }, Ct);

        // Act
        var outside = await host.Tracer.PostAsJsonAsync($"/api/self-reports/{w.Id("r-old")}/confirm", new { caseId, personId = w.Id("citizen") }, Ct);
        var noPerson = await host.Tracer.PostAsJsonAsync($"/api/self-reports/{w.Id("r-nobody")}/confirm", new { caseId }, Ct);
        var unknownPerson = await host.Tracer.PostAsJsonAsync($"/api/self-reports/{w.Id("r-nobody")}/confirm", new { caseId, personId = w.Id("ghost") }, Ct);
        var unknownReport = await host.Tracer.PostAsJsonAsync($"/api/self-reports/{w.Id("r-none")}/confirm", new { caseId }, Ct);

        // Assert
        await Problems.AssertAsync(outside, HttpStatusCode.BadRequest, "at");
        await Problems.AssertAsync(noPerson, HttpStatusCode.BadRequest, "personId");
        await Problems.AssertAsync(unknownPerson, HttpStatusCode.BadRequest, "personId");
        await Problems.AssertAsync(unknownReport, HttpStatusCode.NotFound, "reportId");
    }

    [Fact]
    public async Task EachVenueACaseVisitedInItsWindowGetsATaskThatATracerClosesAndReopens()
    {
        var (caseId, visit) = await TracedCaseAsync();
        var w = _world;
        var restaurant = await ScreeningHost.EventuallyAsync(
            async () => (await Json.ReadAsync(await host.Tracer.GetAsync($"/api/venues/{w.Id("restaurant")}/actions", Ct))).GetProperty("items").EnumerateArray().ToList(),
            items => items.Count == 1, "the restaurant's task");

        // Act
        var reopenedEarly = await host.Tracer.PostAsync($"/api/venues/{w.Id("restaurant")}/actions/{caseId}/reopen", null, Ct);
        var closed = await host.Tracer.PostAsJsonAsync($"/api/venues/{w.Id("restaurant")}/actions/{caseId}/close", new { by = "南岗区疾控消杀队" }, Ct);
        var closedAgain = await host.Tracer.PostAsJsonAsync($"/api/venues/{w.Id("restaurant")}/actions/{caseId}/close", new { by = "南岗区疾控消杀队" }, Ct);
        var reopened = await host.Tracer.PostAsync($"/api/venues/{w.Id("restaurant")}/actions/{caseId}/reopen", null, Ct);
        var otherCase = await host.Tracer.PostAsync($"/api/venues/{w.Id("restaurant")}/actions/{w.Id("no-case")}/close", null, Ct);
        var bus = await Json.ReadAsync(await host.Tracer.GetAsync($"/api/venues/{w.Id("bus")}/actions", Ct));
        var market = await Json.ReadAsync(await host.Tracer.GetAsync($"/api/venues/{w.Id("market")}/actions", Ct));

        // Assert
        var task = restaurant.Single();
        Assert.Equal((caseId, "disinfection-closure", "pending", visit, visit.AddMinutes(45)), (task.GetProperty("caseId").GetString(), task.GetProperty("kind").GetString(),
            task.GetProperty("status").GetString(), task.GetProperty("visitedFrom").GetDateTimeOffset(), task.GetProperty("visitedUntil").GetDateTimeOffset()));
        await Problems.AssertAsync(reopenedEarly, HttpStatusCode.Conflict, null);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (closed.StatusCode, closedAgain.StatusCode, reopened.StatusCode));
        var closedView = await Json.ReadAsync(closed);
        Assert.Equal("closed", closedView.GetProperty("status").GetString());
        Assert.StartsWith("南岗区疾控消杀队", closedView.GetProperty("closedBy").GetString(), StringComparison.Ordinal);
        Assert.Equal(w.Now, closedView.GetProperty("closedAt").GetDateTimeOffset());
        Assert.Equal("reopened", (await Json.ReadAsync(reopened)).GetProperty("status").GetString());
        await Problems.AssertAsync(otherCase, HttpStatusCode.NotFound, null);
        Assert.Empty(bus.GetProperty("items").EnumerateArray()); // before the window
        Assert.Single(market.GetProperty("items").EnumerateArray());
    }
}

public sealed class PublicLoopOnPostgresTests(PostgresScreeningHost host) : PublicLoopTests(host), IClassFixture<PostgresScreeningHost>;

public sealed class PublicLoopEmbeddedTests(EmbeddedScreeningHost host) : PublicLoopTests(host), IClassFixture<EmbeddedScreeningHost>;

/// <summary>Asserting problem responses: RFC 7807, the status, and the field named (in <c>errors</c> or as <c>field</c>).</summary>
internal static class Problems
{
    public static async Task AssertAsync(HttpResponseMessage response, HttpStatusCode status, string? field)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        if (field is not null)
        {
            var named = (problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _))
                || (problem.TryGetProperty("field", out var f) && f.GetString() == field);
            Assert.True(named, $"expected the problem to name '{field}': {body}");
        }
    }
}
