using System.Globalization;
using ContactTrace.Grains.Configuration;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace ContactTrace.Host.FunctionalTests;

/// <summary>
/// Cases and tracing through HTTP on the real host and PostgreSQL: reporting, the trace's contacts, management
/// and assignments, classification, policy, discovery channels, bad input and roles. Every test builds its own
/// small city (ids carry a per-test suffix) with scans a day and a half ago; the host runs on the real clock.
/// </summary>
public sealed class CasesApiTests(PostgresHostFixture fixture) : IClassFixture<PostgresHostFixture>
{
    /// <summary>A whole minute a day and a half ago: inside retention, the venue index horizon and any window below.</summary>
    private static readonly DateTimeOffset Base = TruncateToMinute(DateTimeOffset.UtcNow.AddHours(-36));

    /// <summary>The reference case: onset 20 h after <see cref="Base"/>, sampled at 24 h, reported at 30 h.</summary>
    private static readonly DateTimeOffset Onset = Base.AddHours(20);

    private static readonly DateTimeOffset Sampled = Base.AddHours(24);

    private static readonly DateTimeOffset Reported = Base.AddHours(30);

    private static readonly DateTimeOffset WindowStart = Onset.AddDays(-2);

    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Admin => fixture.Host.CreateClient(ContactTraceHost.AdminKey);

    private HttpClient Tracer => fixture.Host.CreateClient(ContactTraceHost.TracerKey);

    private sealed record class ExposureItem(string Kind, string? VenueId, DateTimeOffset From, DateTimeOffset Until, string? ViaPersonId, string? Setting);

    private sealed record class AssignmentItem(string AssignmentId, string PersonId, string CaseId, string Kind, string? HotelId, DateTimeOffset Start, DateTimeOffset End, string Status);

    private sealed record class ContactItem(string PersonId, int Tier, string Category, DateTimeOffset FirstExposure, DateTimeOffset LastExposure, List<ExposureItem> Exposures, AssignmentItem? Assignment);

    private sealed record class Page<T>(List<T> Items, string? Next);

    private static DateTimeOffset TruncateToMinute(DateTimeOffset time) =>
        new(time.UtcTicks - time.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);

    private static string Iso(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    private string Id(string name) => $"{name}-{_run}";

    private object CaseBody(string caseName, string personName, string classification = "confirmed", string? channel = null, bool withOnset = true) => new
    {
        caseId = Id(caseName),
        personId = Id(personName),
        classification,
        sampledAt = Iso(Sampled),
        onsetAt = withOnset ? Iso(Onset) : null,
        reportedAt = Iso(Reported),
        discoveryChannel = channel,
    };

    private async Task PersonAsync(string name, string? household = null, string district = "daoli")
    {
        var put = await Admin.PutAsJsonAsync($"/api/persons/{Id(name)}", new { district, householdId = household is null ? null : Id(household) }, Ct);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
    }

    private async Task VenueAsync(string name, string kind)
    {
        var put = await Admin.PutAsJsonAsync($"/api/venues/{Id(name)}", new { name = "场所", district = "daoli", kind }, Ct);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
    }

    private async Task ScansAsync(params (string Person, string Venue, DateTimeOffset At)[] scans)
    {
        var records = scans.Select(s => new { scanId = $"s-{Guid.NewGuid():N}", personId = Id(s.Person), venueId = Id(s.Venue), scannedAt = Iso(s.At) });
        var response = await fixture.Host.CreateClient(ContactTraceHost.ScannerKey).PostAsJsonAsync("/api/scans", records, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(scans.Length, (await Json.ReadAsync(response)).GetProperty("accepted").GetInt32());
    }

    /// <summary>
    /// The city of most tests. The case (p0) shares a restaurant with p1 and a supermarket with p2, and a household
    /// with p0h; p3 arrives at the restaurant as p0 leaves (touching, no overlap) but overlaps p1. p1 then rides a
    /// bus with p4 and shares a household with p5. p9 is registered and met nobody.
    /// </summary>
    private async Task BuildCityAsync()
    {
        await PersonAsync("p0", "h0");
        await PersonAsync("p0h", "h0");
        await PersonAsync("p1", "h1");
        await PersonAsync("p5", "h1");
        foreach (var name in new[] { "p2", "p3", "p4", "p9" })
        {
            await PersonAsync(name);
        }

        await VenueAsync("restaurant", "restaurant");
        await VenueAsync("supermarket", "supermarket");
        await VenueAsync("bus", "bus");
        await ScansAsync(
            ("p0", "restaurant", Base),
            ("p1", "restaurant", Base.AddMinutes(30)),
            ("p3", "restaurant", Base.AddMinutes(60)),
            ("p0", "supermarket", Base.AddHours(4)),
            ("p2", "supermarket", Base.AddHours(4).AddMinutes(10)),
            ("p1", "bus", Base.AddHours(8)),
            ("p4", "bus", Base.AddHours(8).AddMinutes(20)));
    }

    private Task<JsonElement> CompletedCaseAsync(string caseId) => CaseTraces.CompletedAsync(Tracer, caseId, Ct);

    private async Task<JsonElement> ReportAndTraceAsync(object body, string caseId)
    {
        var post = await Tracer.PostAsJsonAsync("/api/cases", body, Ct);
        Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);
        return await CompletedCaseAsync(caseId);
    }

    private async Task<Page<ContactItem>> ContactsAsync(string query)
    {
        var response = await Tracer.GetAsync($"/api/cases/{Id("c-a")}/contacts{query}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<Page<ContactItem>>(Ct))!;
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string field)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await Json.ReadAsync(response);
        var named = problem.TryGetProperty("errors", out var errors)
            ? errors.TryGetProperty(field, out _)
            : problem.TryGetProperty("field", out var single) && single.GetString() == field;
        Assert.True(named, $"expected the problem to name '{field}', got {problem}");
    }

    [Fact]
    public async Task PostCaseAnswers202AndTheTraceCompletesWithItsContactCounts()
    {
        await BuildCityAsync();

        // Act
        var post = await Tracer.PostAsJsonAsync("/api/cases", CaseBody("c-a", "p0"), Ct);
        var accepted = await Json.ReadAsync(post);
        var traced = await CompletedCaseAsync(Id("c-a"));

        // Assert
        Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);
        Assert.Equal($"/api/cases/{Id("c-a")}", post.Headers.Location?.OriginalString);
        Assert.Equal(Id("c-a"), accepted.GetProperty("caseId").GetString());
        Assert.Contains(accepted.GetProperty("trace").GetProperty("status").GetString(), new[] { "pending", "running" });

        Assert.Equal(Id("c-a"), traced.GetProperty("caseId").GetString());
        Assert.Equal(Id("p0"), traced.GetProperty("personId").GetString());
        Assert.Equal("confirmed", traced.GetProperty("classification").GetString());
        Assert.Equal("daoli", traced.GetProperty("district").GetString());
        Assert.Equal("community-screening", traced.GetProperty("discoveryChannel").GetString());
        Assert.Equal(Reported, traced.GetProperty("reportedAt").GetDateTimeOffset());
        Assert.Equal(Sampled, traced.GetProperty("sampledAt").GetDateTimeOffset());
        Assert.Equal(Onset, traced.GetProperty("onsetAt").GetDateTimeOffset());
        Assert.Equal(0, traced.GetProperty("sources").GetArrayLength());
        Assert.Equal(Id("c-a"), traced.GetProperty("clusterId").GetString());
        var trace = traced.GetProperty("trace");
        Assert.Equal(2, trace.GetProperty("closeContacts").GetInt32());
        Assert.Equal(3, trace.GetProperty("secondaryContacts").GetInt32());
        Assert.Equal(1, trace.GetProperty("venueExposed").GetInt32());
        Assert.InRange(trace.GetProperty("completedAt").GetDateTimeOffset(), Reported, DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task ContactsOfACaseCarryTheirTierCategoryEvidenceAndAssignment()
    {
        await BuildCityAsync();
        await ReportAndTraceAsync(CaseBody("c-a", "p0"), Id("c-a"));

        // Act
        var page = await ContactsAsync("");

        // Assert
        Assert.Null(page.Next);
        Assert.Equal(
            [(Id("p0h"), 1, "close-contact"), (Id("p1"), 1, "close-contact"), (Id("p2"), 1, "venue-exposed"),
             (Id("p3"), 2, "secondary-contact"), (Id("p4"), 2, "secondary-contact"), (Id("p5"), 2, "secondary-contact")],
            page.Items.Select(i => (i.PersonId, i.Tier, i.Category)));

        var byPerson = page.Items.ToDictionary(i => i.PersonId);
        Assert.Equal([new ExposureItem("household", null, WindowStart, Reported, null, null)], byPerson[Id("p0h")].Exposures);
        Assert.Equal([new ExposureItem("venue", Id("restaurant"), Base.AddMinutes(30), Base.AddMinutes(60), null, null)], byPerson[Id("p1")].Exposures);
        Assert.Equal([new ExposureItem("venue", Id("supermarket"), Base.AddMinutes(250), Base.AddMinutes(270), null, null)], byPerson[Id("p2")].Exposures);
        Assert.Equal([new ExposureItem("venue", Id("restaurant"), Base.AddMinutes(60), Base.AddMinutes(90), Id("p1"), null)], byPerson[Id("p3")].Exposures);
        Assert.Equal([new ExposureItem("venue", Id("bus"), Base.AddMinutes(500), Base.AddMinutes(540), Id("p1"), null)], byPerson[Id("p4")].Exposures);
        var shared = Assert.Single(byPerson[Id("p5")].Exposures); // p1 is not isolated: p5 is still exposed, up to the trace's moment
        Assert.Equal(new ExposureItem("household", null, Base.AddMinutes(30), shared.Until, Id("p1"), null), shared);
        Assert.True(shared.Until >= Reported, $"the exposure ends when p1 is isolated, not at {shared.Until:O}");

        var lastExposure = Base.AddMinutes(60);
        Assert.Equal((Base.AddMinutes(30), lastExposure), (byPerson[Id("p1")].FirstExposure, byPerson[Id("p1")].LastExposure));
        Assert.Equal((WindowStart, Reported), (byPerson[Id("p0h")].FirstExposure, byPerson[Id("p0h")].LastExposure));
        var assignment = byPerson[Id("p1")].Assignment!;
        Assert.Equal(
            (Id("p1"), Id("c-a"), "centralized-isolation", (string?)null, lastExposure, lastExposure.AddDays(7), "awaiting-capacity"),
            (assignment.PersonId, assignment.CaseId, assignment.Kind, assignment.HotelId, assignment.Start, assignment.End, assignment.Status));
        Assert.Equal(("home-isolation", Base.AddMinutes(540), Base.AddMinutes(540).AddDays(7), "assigned"),
            (byPerson[Id("p4")].Assignment!.Kind, byPerson[Id("p4")].Assignment!.Start, byPerson[Id("p4")].Assignment!.End, byPerson[Id("p4")].Assignment!.Status));
        Assert.Equal(("testing", Base.AddMinutes(270), Base.AddMinutes(270).AddDays(3), "assigned"),
            (byPerson[Id("p2")].Assignment!.Kind, byPerson[Id("p2")].Assignment!.Start, byPerson[Id("p2")].Assignment!.End, byPerson[Id("p2")].Assignment!.Status));
    }

    [Theory]
    [InlineData("?tier=1", "p0h p1 p2")]
    [InlineData("?tier=2", "p3 p4 p5")]
    [InlineData("?category=close-contact", "p0h p1")]
    [InlineData("?category=venue-exposed", "p2")]
    [InlineData("?category=secondary-contact", "p3 p4 p5")]
    [InlineData("?tier=2&category=close-contact", "")]
    public async Task ContactsAreFilteredByTierAndCategory(string query, string names)
    {
        await BuildCityAsync();
        await ReportAndTraceAsync(CaseBody("c-a", "p0"), Id("c-a"));

        // Act
        var page = await ContactsAsync(query);

        // Assert
        Assert.Equal(names.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Id), page.Items.Select(i => i.PersonId));
        Assert.Null(page.Next);
    }

    [Fact]
    public async Task ContactsArePagedWithLimitAndAfter()
    {
        await BuildCityAsync();
        await ReportAndTraceAsync(CaseBody("c-a", "p0"), Id("c-a"));

        // Act
        var first = await ContactsAsync("?tier=2&limit=2");
        var second = await ContactsAsync($"?tier=2&limit=2&after={first.Next}");
        var all = await ContactsAsync("?limit=4");
        var rest = await ContactsAsync($"?limit=4&after={all.Next}");

        // Assert
        Assert.Equal([Id("p3"), Id("p4")], first.Items.Select(i => i.PersonId));
        Assert.Equal(Id("p4"), first.Next);
        Assert.Equal([Id("p5")], second.Items.Select(i => i.PersonId));
        Assert.Null(second.Next);
        Assert.Equal([Id("p0h"), Id("p1"), Id("p2"), Id("p3")], all.Items.Select(i => i.PersonId));
        Assert.Equal([Id("p4"), Id("p5")], rest.Items.Select(i => i.PersonId));
        Assert.Null(rest.Next);
    }

    [Theory]
    [InlineData("?tier=3", "tier")]
    [InlineData("?category=case", "category")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=1001", "limit")]
    public async Task BadContactQueriesGet400NamingTheParameter(string query, string field)
    {
        await PersonAsync("p0");
        await ReportAndTraceAsync(CaseBody("c-a", "p0"), Id("c-a"));

        var response = await Tracer.GetAsync($"/api/cases/{Id("c-a")}/contacts{query}", Ct);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task ContactsOfAnUnknownCaseGet404NamingTheCase()
    {
        var response = await Tracer.GetAsync($"/api/cases/{Id("c-none")}/contacts", Ct);

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "caseId");
    }

    [Fact]
    public async Task PersonsShowTheirManagementHealthCodeAndAssignments()
    {
        await BuildCityAsync();
        await ReportAndTraceAsync(CaseBody("c-a", "p0"), Id("c-a"));
        var closeFrom = Base.AddMinutes(60);
        var secondaryFrom = Base.AddMinutes(540);

        // Act
        var close = await Json.ReadAsync(await Tracer.GetAsync($"/api/persons/{Id("p1")}", Ct));
        var secondary = await Json.ReadAsync(await Tracer.GetAsync($"/api/persons/{Id("p4")}", Ct));
        var exposed = await Json.ReadAsync(await Tracer.GetAsync($"/api/persons/{Id("p2")}", Ct));
        var theCase = await Json.ReadAsync(await Tracer.GetAsync($"/api/persons/{Id("p0")}", Ct));
        var stranger = await Json.ReadAsync(await Tracer.GetAsync($"/api/persons/{Id("p9")}", Ct));

        // Assert
        AssertManagement(close, "close-contact", closeFrom, closeFrom.AddDays(10), "red");
        Assert.Equal(
            [("centralized-isolation", closeFrom, closeFrom.AddDays(7), "awaiting-capacity"), ("home-monitoring", closeFrom.AddDays(7), closeFrom.AddDays(10), "assigned")],
            Assignments(close));
        AssertManagement(secondary, "secondary-contact", secondaryFrom, secondaryFrom.AddDays(7), "yellow");
        Assert.Equal([("home-isolation", secondaryFrom, secondaryFrom.AddDays(7), "assigned")], Assignments(secondary));
        AssertManagement(exposed, "venue-exposed", Base.AddMinutes(270), Base.AddMinutes(270).AddDays(3), "yellow");
        Assert.Equal("case", theCase.GetProperty("management").GetProperty("category").GetString());
        Assert.Equal(Reported, theCase.GetProperty("management").GetProperty("since").GetDateTimeOffset());
        Assert.Equal("red", theCase.GetProperty("healthCode").GetString());
        Assert.Empty(Assignments(theCase));
        AssertManagement(stranger, "none", null, null, "green");

        static void AssertManagement(JsonElement person, string category, DateTimeOffset? since, DateTimeOffset? until, string healthCode)
        {
            var management = person.GetProperty("management");
            Assert.Equal(category, management.GetProperty("category").GetString());
            Assert.Equal(since, management.GetProperty("since").ValueKind == JsonValueKind.Null ? null : management.GetProperty("since").GetDateTimeOffset());
            Assert.Equal(until, management.GetProperty("until").ValueKind == JsonValueKind.Null ? null : management.GetProperty("until").GetDateTimeOffset());
            Assert.Equal(healthCode, person.GetProperty("healthCode").GetString());
        }

        static List<(string?, DateTimeOffset, DateTimeOffset, string?)> Assignments(JsonElement person) =>
            [.. person.GetProperty("assignments").EnumerateArray().Select(a => (a.GetProperty("kind").GetString(),
                a.GetProperty("start").GetDateTimeOffset(), a.GetProperty("end").GetDateTimeOffset(), a.GetProperty("status").GetString()))];
    }

    [Fact]
    public async Task AssignmentsOfAPersonAreListed()
    {
        await BuildCityAsync();
        await ReportAndTraceAsync(CaseBody("c-a", "p0"), Id("c-a"));
        var from = Base.AddMinutes(60);

        // Act
        var response = await Tracer.GetAsync($"/api/assignments?personId={Id("p1")}", Ct);
        var none = await Tracer.GetAsync($"/api/assignments?personId={Id("p9")}", Ct);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = (await response.Content.ReadFromJsonAsync<Page<AssignmentItem>>(Ct))!;
        Assert.Null(page.Next);
        Assert.Equal(
            [
                (Id("p1"), Id("c-a"), "centralized-isolation", (string?)null, from, from.AddDays(7), "awaiting-capacity"),
                (Id("p1"), Id("c-a"), "home-monitoring", (string?)null, from.AddDays(7), from.AddDays(10), "assigned"),
            ],
            page.Items.Select(a => (a.PersonId, a.CaseId, a.Kind, a.HotelId, a.Start, a.End, a.Status)));
        Assert.All(page.Items, a => Assert.Matches("^as-[0-9a-f]{24}$", a.AssignmentId));
        Assert.Empty((await none.Content.ReadFromJsonAsync<Page<AssignmentItem>>(Ct))!.Items);
    }

    [Theory]
    [InlineData("", "personId")]
    [InlineData("?status=released", "status")]
    [InlineData("?status=waiting", "status")]
    [InlineData("?status=awaiting-capacity&district=atlantis", "district")]
    [InlineData("?status=awaiting-capacity&limit=0", "limit")]
    [InlineData("?status=awaiting-capacity&after=a%20b", "after")]
    public async Task ABadAssignmentsQueryGets400NamingTheParameter(string query, string field)
    {
        var response = await Tracer.GetAsync($"/api/assignments{query}", Ct);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task TheSameBodyAgainGetsTheSameAnswerAndTracesNothingTwice()
    {
        await BuildCityAsync();
        var body = new { caseId = Id("c-a"), personId = Id("p0"), classification = "confirmed", sampledAt = Iso(Sampled), onsetAt = Iso(Onset) };
        var first = await Tracer.PostAsJsonAsync("/api/cases", body, Ct);
        var traced = await CompletedCaseAsync(Id("c-a"));

        // Act
        var again = await Tracer.PostAsJsonAsync("/api/cases", body, Ct);

        // Assert
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var answer = await Json.ReadAsync(again);
        Assert.Equal(Id("c-a"), answer.GetProperty("caseId").GetString());
        Assert.Equal("completed", answer.GetProperty("trace").GetProperty("status").GetString());
        Assert.Equal(2, answer.GetProperty("trace").GetProperty("closeContacts").GetInt32());
        var after = await Json.ReadAsync(await Tracer.GetAsync($"/api/cases/{Id("c-a")}", Ct));
        Assert.Equal(traced.GetProperty("reportedAt").GetDateTimeOffset(), after.GetProperty("reportedAt").GetDateTimeOffset());
        Assert.Equal(traced.GetProperty("trace").GetProperty("completedAt").GetDateTimeOffset(), after.GetProperty("trace").GetProperty("completedAt").GetDateTimeOffset());
        Assert.Equal(6, (await ContactsAsync("")).Items.Count);
        var assignments = await Tracer.GetFromJsonAsync<Page<AssignmentItem>>($"/api/assignments?personId={Id("p1")}", Ct);
        Assert.Equal(2, assignments!.Items.Count);
    }

    [Fact]
    public async Task ADifferentBodyForAnExistingCaseGets409NamingTheCaseId()
    {
        await PersonAsync("p0");
        await ReportAndTraceAsync(CaseBody("c-a", "p0"), Id("c-a"));

        // Act
        var response = await Tracer.PostAsJsonAsync("/api/cases", CaseBody("c-a", "p0", classification: "asymptomatic"), Ct);

        // Assert
        await AssertProblemAsync(response, HttpStatusCode.Conflict, "caseId");
        var stored = await Json.ReadAsync(await Tracer.GetAsync($"/api/cases/{Id("c-a")}", Ct));
        Assert.Equal("confirmed", stored.GetProperty("classification").GetString());
    }

    [Theory]
    [InlineData("unregistered person without district", "district")]
    [InlineData("sampledAt in the future", "sampledAt")]
    [InlineData("sampledAt without offset", "sampledAt")]
    [InlineData("sampledAt missing", "sampledAt")]
    [InlineData("onsetAt after reportedAt", "onsetAt")]
    [InlineData("isolatedAt after reportedAt", "isolatedAt")]
    [InlineData("unknown classification", "classification")]
    [InlineData("unknown district", "district")]
    [InlineData("unknown channel", "discoveryChannel")]
    [InlineData("personId of the wrong type", "personId")]
    public async Task ABadReportGets400NamingTheFieldAndCreatesNothing(string problem, string field)
    {
        await PersonAsync("p0");
        var now = DateTimeOffset.UtcNow;
        var body = new Dictionary<string, object?>
        {
            ["caseId"] = Id("c-bad"),
            ["personId"] = Id("p0"),
            ["classification"] = "confirmed",
            ["sampledAt"] = Iso(now.AddHours(-10)),
            ["reportedAt"] = Iso(now.AddHours(-2)),
        };
        switch (problem)
        {
            case "unregistered person without district": body["personId"] = Id("p-unknown"); break;
            case "sampledAt in the future": body["sampledAt"] = Iso(now.AddHours(1)); body.Remove("reportedAt"); break;
            case "sampledAt without offset": body["sampledAt"] = now.AddHours(-10).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture); break;
            case "sampledAt missing": body.Remove("sampledAt"); break;
            case "onsetAt after reportedAt": body["onsetAt"] = Iso(now.AddHours(-1)); break;
            case "isolatedAt after reportedAt": body["isolatedAt"] = Iso(now.AddHours(-1)); break;
            case "unknown classification": body["classification"] = "probable"; break;
            case "unknown district": body["district"] = "atlantis"; break;
            case "unknown channel": body["discoveryChannel"] = "rumour"; break;
            case "personId of the wrong type": body["personId"] = 42; break;
        }

        // Act
        var response = await Tracer.PostAsJsonAsync("/api/cases", body, Ct);

        // Assert
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Equal(HttpStatusCode.NotFound, (await Tracer.GetAsync($"/api/cases/{Id("c-bad")}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Tracer.GetAsync($"/api/persons/{Id("p-unknown")}", Ct)).StatusCode);
        var person = await Json.ReadAsync(await Tracer.GetAsync($"/api/persons/{Id("p0")}", Ct));
        Assert.Equal("none", person.GetProperty("management").GetProperty("category").GetString());
    }

    [Fact]
    public async Task AMalformedCaseIdGets400NamingIt()
    {
        var response = await Tracer.PostAsJsonAsync("/api/cases",
            new { caseId = "case 1/2", personId = Id("p0"), classification = "confirmed", sampledAt = Iso(Sampled), district = "daoli" }, Ct);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "caseId");
        Assert.Equal(HttpStatusCode.NotFound, (await Tracer.GetAsync($"/api/persons/{Id("p0")}", Ct)).StatusCode);
    }

    [Fact]
    public async Task AnUnknownPersonReportedWithADistrictIsCreated()
    {
        var body = new { caseId = Id("c-new"), personId = Id("p-new"), classification = "confirmed", sampledAt = Iso(Sampled), reportedAt = Iso(Reported), district = "hulan" };

        // Act
        var traced = await ReportAndTraceAsync(body, Id("c-new"));
        var person = await Tracer.GetAsync($"/api/persons/{Id("p-new")}", Ct);

        // Assert
        Assert.Equal("hulan", traced.GetProperty("district").GetString());
        Assert.Equal(HttpStatusCode.OK, person.StatusCode);
        var read = await Json.ReadAsync(person);
        Assert.Equal("hulan", read.GetProperty("district").GetString());
        Assert.Equal("case", read.GetProperty("management").GetProperty("category").GetString());
        Assert.Equal("red", read.GetProperty("healthCode").GetString());
    }

    [Fact]
    public async Task TheHouseholdOfASecondaryContactSharesItsHomeIsolationFourHopsFromTheCase()
    {
        // p4 rode the bus with the close contact p1; p4 lives with p4h.
        await BuildCityAsync();
        await PersonAsync("p4", "h4");
        await PersonAsync("p4h", "h4");

        // Act
        var traced = await ReportAndTraceAsync(CaseBody("c-a", "p0"), Id("c-a"));
        var shared = await ContactsAsync("?category=home-isolation");
        var person = await Json.ReadAsync(await Tracer.GetAsync($"/api/persons/{Id("p4h")}", Ct));
        var secondary = (await ContactsAsync("?category=secondary-contact")).Items.Single(i => i.PersonId == Id("p4"));

        // Assert
        var trace = traced.GetProperty("trace");
        Assert.Equal((3, 1), (trace.GetProperty("secondaryContacts").GetInt32(), trace.GetProperty("homeIsolation").GetInt32()));
        var item = Assert.Single(shared.Items);
        Assert.Equal((Id("p4h"), 2, "home-isolation"), (item.PersonId, item.Tier, item.Category));
        Assert.Equal([new ExposureItem("household", null, secondary.FirstExposure, secondary.LastExposure, Id("p4"), null)], item.Exposures);
        Assert.Equal(("home-isolation", secondary.Assignment!.Start, secondary.Assignment.End), (item.Assignment!.Kind, item.Assignment.Start, item.Assignment.End));
        Assert.Equal("home-isolation", person.GetProperty("management").GetProperty("category").GetString());
        Assert.Equal("yellow", person.GetProperty("healthCode").GetString());
        var path = person.GetProperty("exposures").EnumerateArray().Single().GetProperty("path").EnumerateArray().Select(p => p.GetString());
        Assert.Equal([Id("p0"), Id("p1"), Id("p4"), Id("p4h")], path);
    }

    [Fact]
    public async Task AReportedContactIsTracedAsTierOneWithTheirHousehold()
    {
        await PersonAsync("p0");
        await PersonAsync("pr", "hr");
        await PersonAsync("prh", "hr");
        await ReportAndTraceAsync(CaseBody("c-a", "p0"), Id("c-a"));

        // Act
        var post = await Tracer.PostAsJsonAsync($"/api/cases/{Id("c-a")}/contacts",
            new { personId = Id("pr"), at = Iso(Base.AddHours(2)), until = Iso(Base.AddHours(3)), setting = "meal", note = "火锅" }, Ct);
        var traced = await CompletedCaseAsync(Id("c-a"));
        var page = await ContactsAsync("");

        // Assert
        Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);
        Assert.Equal(1, traced.GetProperty("trace").GetProperty("closeContacts").GetInt32());
        Assert.Equal(1, traced.GetProperty("trace").GetProperty("secondaryContacts").GetInt32());
        Assert.Equal([(Id("pr"), 1, "close-contact"), (Id("prh"), 2, "secondary-contact")], page.Items.Select(i => (i.PersonId, i.Tier, i.Category)));
        Assert.Equal([new ExposureItem("reported", null, Base.AddHours(2), Base.AddHours(3), null, "meal")], page.Items[0].Exposures);
        // pr is not isolated (no hotel here): their household is still exposed, up to the trace's moment.
        var shared = Assert.Single(page.Items[1].Exposures);
        Assert.Equal(new ExposureItem("household", null, Base.AddHours(2), shared.Until, Id("pr"), null), shared);
        Assert.True(shared.Until >= Reported, $"the exposure ends when pr is isolated, not at {shared.Until:O}");
    }

    [Theory]
    [InlineData("own person", "personId")]
    [InlineData("unknown setting", "setting")]
    [InlineData("at missing", "at")]
    [InlineData("until before at", "until")]
    [InlineData("at five weeks before the window", "at")]
    [InlineData("at a minute before the window", "at")]
    [InlineData("at after the window", "at")]
    [InlineData("until after the window", "until")]
    [InlineData("unregistered person", "personId")]
    [InlineData("unregistered person with an unknown district", "district")]
    public async Task ABadReportedContactGets400NamingTheFieldAndAddsNothing(string problem, string field)
    {
        await PersonAsync("p0");
        await PersonAsync("pr");
        await ReportAndTraceAsync(CaseBody("c-a", "p0"), Id("c-a"));
        var body = new Dictionary<string, object?> { ["personId"] = Id("pr"), ["at"] = Iso(Base.AddHours(2)), ["setting"] = "meal" };
        switch (problem)
        {
            case "own person": body["personId"] = Id("p0"); break;
            case "unknown setting": body["setting"] = "party"; break;
            case "at missing": body.Remove("at"); break;
            case "until before at": body["until"] = Iso(Base.AddHours(1)); break;
            case "at five weeks before the window": body["at"] = Iso(WindowStart.AddDays(-35)); break;
            case "at a minute before the window": body["at"] = Iso(WindowStart.AddMinutes(-1)); break;
            case "at after the window": body["at"] = Iso(Reported.AddMinutes(1)); break;
            case "until after the window": body["until"] = Iso(Reported.AddMinutes(1)); break;
            case "unregistered person": body["personId"] = Id("p-unknown"); break;
            case "unregistered person with an unknown district": (body["personId"], body["district"]) = (Id("p-unknown"), "atlantis"); break;
        }

        // Act
        var response = await Tracer.PostAsJsonAsync($"/api/cases/{Id("c-a")}/contacts", body, Ct);

        // Assert
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        var traced = await CompletedCaseAsync(Id("c-a"));
        Assert.Equal(0, traced.GetProperty("trace").GetProperty("closeContacts").GetInt32());
        Assert.Empty((await ContactsAsync("")).Items);
        Assert.Equal(HttpStatusCode.NotFound, (await Tracer.GetAsync($"/api/persons/{Id("p-unknown")}", Ct)).StatusCode);
    }

    [Fact]
    public async Task AnUnregisteredReportedContactWithADistrictIsRegisteredAndTracedAnywhereInsideTheWindow()
    {
        await PersonAsync("p0");
        await ReportAndTraceAsync(CaseBody("c-a", "p0"), Id("c-a"));

        // Act: the exposure spans the whole window, edge to edge
        var post = await Tracer.PostAsJsonAsync($"/api/cases/{Id("c-a")}/contacts",
            new { personId = Id("p-new"), at = Iso(WindowStart), until = Iso(Reported), setting = "work", district = "hulan" }, Ct);
        await CompletedCaseAsync(Id("c-a"));
        var person = await Tracer.GetAsync($"/api/persons/{Id("p-new")}", Ct);

        // Assert
        Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);
        Assert.Equal(HttpStatusCode.OK, person.StatusCode);
        var registered = await Json.ReadAsync(person);
        Assert.Equal("hulan", registered.GetProperty("district").GetString());
        Assert.Equal("close-contact", registered.GetProperty("management").GetProperty("category").GetString());
        Assert.Equal([(Id("p-new"), 1, "close-contact")], (await ContactsAsync("")).Items.Select(i => (i.PersonId, i.Tier, i.Category)));
    }

    [Fact]
    public async Task AnExposureOutsideTheWindowIsRefusedNamingTheWindowInTheCitysOffset()
    {
        await PersonAsync("p0");
        await PersonAsync("pr");
        await ReportAndTraceAsync(CaseBody("c-a", "p0"), Id("c-a"));

        // Act
        var response = await Tracer.PostAsJsonAsync($"/api/cases/{Id("c-a")}/contacts",
            new { personId = Id("pr"), at = Iso(WindowStart.AddDays(-35)), setting = "meal" }, Ct);

        // Assert
        var message = (await Json.ReadAsync(response)).GetProperty("errors").GetProperty("at")[0].GetString();
        var local = TimeSpan.FromHours(8);
        Assert.Equal($"must lie inside the case's exposure window, {Iso(WindowStart.ToOffset(local))} to {Iso(Reported.ToOffset(local))}", message);
    }

    [Fact]
    public async Task AReportedContactForAnUnknownCaseGets404NamingTheCase()
    {
        var response = await Tracer.PostAsJsonAsync($"/api/cases/{Id("c-none")}/contacts",
            new { personId = Id("pr"), at = Iso(Base), setting = "meal" }, Ct);

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "caseId");
    }

    [Fact]
    public async Task AnAsymptomaticCaseConvertsToConfirmed()
    {
        await PersonAsync("p0");
        await ReportAndTraceAsync(CaseBody("c-a", "p0", classification: "asymptomatic", withOnset: false), Id("c-a"));
        var at = Reported.AddHours(2);

        // Act
        var put = await Tracer.PutAsJsonAsync($"/api/cases/{Id("c-a")}/classification", new { classification = "confirmed", at = Iso(at) }, Ct);
        var read = await Json.ReadAsync(await Tracer.GetAsync($"/api/cases/{Id("c-a")}", Ct));

        // Assert
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var converted = await Json.ReadAsync(put);
        Assert.Equal("confirmed", converted.GetProperty("classification").GetString());
        Assert.Equal(at, converted.GetProperty("convertedAt").GetDateTimeOffset());
        Assert.Equal("confirmed", read.GetProperty("classification").GetString());
        Assert.Equal(at, read.GetProperty("convertedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task AConfirmedCaseCannotBeConverted()
    {
        await PersonAsync("p0");
        await ReportAndTraceAsync(CaseBody("c-a", "p0"), Id("c-a"));

        // Act
        var put = await Tracer.PutAsJsonAsync($"/api/cases/{Id("c-a")}/classification", new { classification = "confirmed", at = Iso(Reported.AddHours(1)) }, Ct);

        // Assert
        await AssertProblemAsync(put, HttpStatusCode.BadRequest, "classification");
        var read = await Json.ReadAsync(await Tracer.GetAsync($"/api/cases/{Id("c-a")}", Ct));
        Assert.Equal(JsonValueKind.Null, read.GetProperty("convertedAt").ValueKind);
    }

    [Fact]
    public async Task APolicyOfTheNationalProtocolIsInForceByDefault()
    {
        // Act
        var response = await Tracer.GetAsync("/api/policy", Ct);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = await Json.ReadAsync(response);
        Assert.Equal("national-v9", policy.GetProperty("preset").GetString());
        Assert.Equal(2, policy.GetProperty("lookbackDays").GetInt32());
        Assert.True(policy.GetProperty("traceSecondaryContacts").GetBoolean());
        Assert.Equal(7, policy.GetProperty("closeContactCentralizedDays").GetInt32());
        Assert.Equal(3, policy.GetProperty("closeContactFollowUpDays").GetInt32());
        Assert.Equal("home-monitoring", policy.GetProperty("closeContactFollowUpKind").GetString());
        Assert.Equal(7, policy.GetProperty("secondaryContactHomeIsolationDays").GetInt32());
        Assert.Equal([1, 3], policy.GetProperty("venueExposedTestDays").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal(60, policy.GetProperty("closeVenueDwellMinutes").GetInt32());
        Assert.Equal(30, policy.GetProperty("openVenueDwellMinutes").GetInt32());
        Assert.Equal(1, policy.GetProperty("minOverlapMinutes").GetInt32());
    }

    [Fact]
    public async Task APresetAndOverriddenValuesFromConfigurationAreInForce()
    {
        await using var host = new ContactTraceHost(connectionString: null, clusterId: $"policy-{_run}");
        await using var configured = host.WithWebHostBuilder(b => b
            .UseSetting("ContactTrace:Policy:Preset", "twenty-measures")
            .UseSetting("ContactTrace:Policy:LookbackDays", "3")
            .UseSetting("ContactTrace:Policy:VenueExposedTestDays:0", "2")
            .UseSetting("ContactTrace:Policy:VenueExposedTestDays:1", "4"));
        var client = configured.CreateDefaultClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ContactTraceHost.TracerKey);

        // Act
        var response = await client.GetAsync("/api/policy", Ct);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = await Json.ReadAsync(response);
        Assert.Equal("twenty-measures", policy.GetProperty("preset").GetString());
        Assert.Equal(3, policy.GetProperty("lookbackDays").GetInt32());
        Assert.False(policy.GetProperty("traceSecondaryContacts").GetBoolean());
        Assert.Equal(5, policy.GetProperty("closeContactCentralizedDays").GetInt32());
        Assert.Equal(3, policy.GetProperty("closeContactFollowUpDays").GetInt32());
        Assert.Equal("home-isolation", policy.GetProperty("closeContactFollowUpKind").GetString());
        Assert.Equal([2, 4], policy.GetProperty("venueExposedTestDays").EnumerateArray().Select(d => d.GetInt32()));
    }

    [Theory]
    [InlineData("Preset", "national-v10")]
    [InlineData("LookbackDays", "31")]
    [InlineData("CloseContactCentralizedDays", "-1")]
    [InlineData("CloseContactFollowUpKind", "testing")]
    [InlineData("OpenVenueDwellMinutes", "0")]
    public void APolicyConfigurationOutsideItsRangeIsRefusedNamingTheSetting(string key, string value)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"{PolicyConfiguration.SectionName}:{key}"] = value })
            .Build();

        var error = Assert.Throws<InvalidOperationException>(() => PolicyConfiguration.Load(configuration));

        Assert.Contains(key == "OpenVenueDwellMinutes" ? "dwell minutes" : key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AContactNotYetIsolatedWhoBecomesACaseIsFoundByContactScreeningAndJoinsTheCluster()
    {
        await BuildCityAsync();
        await ReportAndTraceAsync(CaseBody("c-a", "p0"), Id("c-a"));
        var body = new { caseId = Id("c-b"), personId = Id("p1"), classification = "asymptomatic", sampledAt = Iso(Reported), reportedAt = Iso(Reported.AddHours(1)) };

        // Act
        var traced = await ReportAndTraceAsync(body, Id("c-b"));

        // Assert
        Assert.Equal("contact-screening", traced.GetProperty("discoveryChannel").GetString());
        Assert.Equal([Id("c-a")], traced.GetProperty("sources").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(Id("c-a"), traced.GetProperty("clusterId").GetString());
        Assert.Equal(Reported.AddHours(1), traced.GetProperty("windowEnd").GetDateTimeOffset());
        var person = await Json.ReadAsync(await Tracer.GetAsync($"/api/persons/{Id("p1")}", Ct));
        Assert.Equal("case", person.GetProperty("management").GetProperty("category").GetString());
        Assert.All(person.GetProperty("assignments").EnumerateArray(), a => Assert.Equal("converted-to-case", a.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task AContactInHomeIsolationWhoBecomesACaseIsFoundInIsolationAndTheWindowEndsThere()
    {
        await BuildCityAsync();
        await ReportAndTraceAsync(CaseBody("c-a", "p0"), Id("c-a"));
        var body = new { caseId = Id("c-b"), personId = Id("p4"), classification = "confirmed", sampledAt = Iso(Reported), reportedAt = Iso(Reported.AddHours(1)) };

        // Act
        var traced = await ReportAndTraceAsync(body, Id("c-b"));

        // Assert
        Assert.Equal("isolation", traced.GetProperty("discoveryChannel").GetString());
        Assert.Equal(Base.AddMinutes(540), traced.GetProperty("windowEnd").GetDateTimeOffset());
        Assert.Equal([Id("c-a")], traced.GetProperty("sources").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task AStrangerWhoBecomesACaseIsFoundByCommunityScreeningAndStartsAClusterOfTheirOwn()
    {
        await BuildCityAsync();
        await ReportAndTraceAsync(CaseBody("c-a", "p0"), Id("c-a"));

        // Act
        var traced = await ReportAndTraceAsync(CaseBody("c-s", "p9", withOnset: false), Id("c-s"));

        // Assert
        Assert.Equal("community-screening", traced.GetProperty("discoveryChannel").GetString());
        Assert.Equal(0, traced.GetProperty("sources").GetArrayLength());
        Assert.Equal(Id("c-s"), traced.GetProperty("clusterId").GetString());
        Assert.Equal((Sampled.AddDays(-2), Reported), (traced.GetProperty("windowStart").GetDateTimeOffset(), traced.GetProperty("windowEnd").GetDateTimeOffset()));
    }

    /// <summary>
    /// A case twenty days ago at a supermarket (open-class) made q-x venue-exposed: tested until day 3, which ended
    /// over two weeks ago.
    /// </summary>
    private async Task<DateTimeOffset> BuildOldExposureAsync()
    {
        var old = TruncateToMinute(DateTimeOffset.UtcNow.AddDays(-20));
        await PersonAsync("q0");
        await PersonAsync("qx");
        await VenueAsync("old-supermarket", "supermarket");
        await ScansAsync(("q0", "old-supermarket", old), ("qx", "old-supermarket", old.AddMinutes(10)));
        await ReportAndTraceAsync(
            new { caseId = Id("c-old"), personId = Id("q0"), classification = "confirmed", sampledAt = Iso(old.AddHours(1)), reportedAt = Iso(old.AddHours(2)) },
            Id("c-old"));
        return old;
    }

    [Fact]
    public async Task APersonWhoseManagementHasEndedShowsNoneAndAGreenCode()
    {
        var old = await BuildOldExposureAsync();

        // Act
        var person = await Json.ReadAsync(await Tracer.GetAsync($"/api/persons/{Id("qx")}", Ct));

        // Assert
        Assert.Equal([("testing", old.AddMinutes(30), old.AddMinutes(30).AddDays(3))],
            person.GetProperty("assignments").EnumerateArray().Select(a => (a.GetProperty("kind").GetString(), a.GetProperty("start").GetDateTimeOffset(), a.GetProperty("end").GetDateTimeOffset())));
        Assert.Equal("none", person.GetProperty("management").GetProperty("category").GetString());
        Assert.Equal("green", person.GetProperty("healthCode").GetString());
    }

    [Fact]
    public async Task APersonWhoseManagementEndedLongAgoBecomesACaseWithoutASource()
    {
        await BuildOldExposureAsync();
        var now = DateTimeOffset.UtcNow;
        var body = new { caseId = Id("c-x"), personId = Id("qx"), classification = "confirmed", sampledAt = Iso(now.AddHours(-10)), reportedAt = Iso(now.AddHours(-2)) };

        // Act
        var traced = await ReportAndTraceAsync(body, Id("c-x"));

        // Assert: only a person under management is linked to the case that exposed them (DESIGN.md, transmission chain).
        Assert.Equal("community-screening", traced.GetProperty("discoveryChannel").GetString());
        Assert.Equal(0, traced.GetProperty("sources").GetArrayLength());
        Assert.Equal(Id("c-x"), traced.GetProperty("clusterId").GetString());
    }

    [Fact]
    public async Task AChannelGivenInTheReportIsKept()
    {
        await BuildCityAsync();
        await ReportAndTraceAsync(CaseBody("c-a", "p0"), Id("c-a"));

        var traced = await ReportAndTraceAsync(CaseBody("c-b", "p1", channel: "care-seeking"), Id("c-b"));

        Assert.Equal("care-seeking", traced.GetProperty("discoveryChannel").GetString());
    }

    [Theory]
    [InlineData(ContactTraceHost.ScannerKey)]
    [InlineData(ContactTraceHost.HotelKey)]
    public async Task OnlyTracersAndAdminsReportCases(string key)
    {
        await PersonAsync("p0");

        // Act
        var response = await fixture.Host.CreateClient(key).PostAsJsonAsync("/api/cases", CaseBody("c-denied", "p0"), Ct);

        // Assert
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Tracer.GetAsync($"/api/cases/{Id("c-denied")}", Ct)).StatusCode);
    }

    [Fact]
    public async Task ReportingACaseNeedsAKey()
    {
        var response = await fixture.Host.CreateDefaultClient().PostAsJsonAsync("/api/cases", CaseBody("c-anon", "p0"), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task AnAdminKeyReportsCasesToo()
    {
        await PersonAsync("p0");

        var response = await Admin.PostAsJsonAsync("/api/cases", CaseBody("c-admin", "p0"), Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await CompletedCaseAsync(Id("c-admin"));
    }
}
