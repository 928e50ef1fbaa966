using System.Globalization;
using Npgsql;

namespace ContactTrace.Host.FunctionalTests;

/// <summary>
/// The tracing teams' lists and searches through HTTP on the real host and PostgreSQL: the case list and its
/// stream, person search, households, a venue's visits, the waiting list and interview notes — filters, paging,
/// audit, and bad input answered 400 naming the field with nothing changed. Each test reports its cases in a
/// period of its own (ids carry a per-test suffix), so that tests sharing the database do not see each other's.
/// </summary>
public sealed class TracingWorkApiTests(PostgresHostFixture fixture) : IClassFixture<PostgresHostFixture>
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    private static int s_periods;

    /// <summary>
    /// A whole minute of its own three days, at least two days ago, at a random time of day: this test's own period of
    /// reports. Queries span the period less an hour to a day after it, so no two tests' periods may come that close
    /// (random days could, and then one test's case showed in another's list).
    /// </summary>
    private readonly DateTimeOffset _period = Minute(DateTimeOffset.UtcNow.AddDays(-2 - 3 * Interlocked.Increment(ref s_periods)).AddMinutes(-Random.Shared.Next(0, 1440)));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Admin => fixture.Host.CreateClient(ContactTraceHost.AdminKey);

    private HttpClient Tracer => fixture.Host.CreateClient(ContactTraceHost.TracerKey);

    private string Id(string name) => $"{name}-{_run}";

    private static DateTimeOffset Minute(DateTimeOffset time) => new(time.UtcTicks - time.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);

    private static string Iso(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    private string Period => $"from={Uri.EscapeDataString(Iso(_period.AddHours(-1)))}&to={Uri.EscapeDataString(Iso(_period.AddDays(1)))}";

    private async Task ReportAsync(string caseName, int minutesIn, string district = "daoli", string classification = "confirmed", string channel = "community-screening", string? person = null)
    {
        var reported = _period.AddMinutes(minutesIn);
        var response = await Tracer.PostAsJsonAsync("/api/cases", new
        {
            caseId = Id(caseName),
            personId = Id(person ?? $"{caseName}-person"),
            classification,
            sampledAt = Iso(reported.AddHours(-3)),
            reportedAt = Iso(reported),
            district,
            discoveryChannel = channel,
        }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private async Task<JsonElement> GetOkAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
        return await Json.ReadAsync(response);
    }

    private static List<string> Ids(JsonElement page, string property) =>
        [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty(property).GetString()!)];

    private static async Task AssertProblemAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await Json.ReadAsync(response);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"the problem does not name {field}: {problem}");
    }

    [Fact]
    public async Task TheCaseListIsNewestReportFirstAndPagesWithItsCursor()
    {
        await ReportAsync("a", 10);
        await ReportAsync("b", 30);
        await ReportAsync("c", 20);
        await ReportAsync("d", 40);

        // Act
        var first = await GetOkAsync(Tracer, $"/api/cases?{Period}&limit=3");
        var second = await GetOkAsync(Tracer, $"/api/cases?{Period}&limit=3&after={Uri.EscapeDataString(first.GetProperty("next").GetString()!)}");

        // Assert
        Assert.Equal([Id("d"), Id("b"), Id("c")], Ids(first, "caseId"));
        Assert.Equal([Id("a")], Ids(second, "caseId"));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);
        var item = first.GetProperty("items")[0];
        Assert.Equal(Id("d-person"), item.GetProperty("personId").GetString());
        Assert.Equal("daoli", item.GetProperty("district").GetString());
        Assert.Equal(Id("d"), item.GetProperty("clusterId").GetString());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("withdrawnAt").ValueKind);
        // The trace runs meanwhile: any of its states (TraceStatus), as the list shows it now.
        Assert.Contains(item.GetProperty("trace").GetProperty("status").GetString(), new[] { "pending", "queued", "running", "tier1Completed", "completed" });
    }

    [Fact]
    public async Task TheCaseListFiltersByDistrictChannelClassificationClusterAndReportTime()
    {
        await ReportAsync("daoli-confirmed", 10, "daoli", "confirmed", "community-screening");
        await ReportAsync("nangang-asymptomatic", 20, "nangang", "asymptomatic", "arrival-test");
        await ReportAsync("nangang-confirmed", 30, "nangang", "confirmed", "community-screening");

        // Act
        var nangang = await GetOkAsync(Tracer, $"/api/cases?{Period}&district=nangang");
        var arrival = await GetOkAsync(Tracer, $"/api/cases?{Period}&channel=arrival-test");
        var confirmed = await GetOkAsync(Tracer, $"/api/cases?{Period}&classification=confirmed");
        var cluster = await GetOkAsync(Tracer, $"/api/cases?{Period}&clusterId={Id("nangang-confirmed")}");
        var early = await GetOkAsync(Tracer, $"/api/cases?from={Uri.EscapeDataString(Iso(_period))}&to={Uri.EscapeDataString(Iso(_period.AddMinutes(25)))}");

        // Assert
        Assert.Equal([Id("nangang-confirmed"), Id("nangang-asymptomatic")], Ids(nangang, "caseId"));
        Assert.Equal([Id("nangang-asymptomatic")], Ids(arrival, "caseId"));
        Assert.Equal([Id("nangang-confirmed"), Id("daoli-confirmed")], Ids(confirmed, "caseId"));
        Assert.Equal([Id("nangang-confirmed")], Ids(cluster, "caseId"));
        Assert.Equal([Id("nangang-asymptomatic"), Id("daoli-confirmed")], Ids(early, "caseId"));
    }

    [Fact]
    public async Task ALocalDayAsFromAndToIsThatWholeDayInTheCitysZone()
    {
        // 23:30 Beijing time on a day is 15:30 UTC of the same day; 00:30 the next day is 16:30 UTC.
        var day = DateOnly.FromDateTime(_period.UtcDateTime);
        var lateEvening = new DateTimeOffset(day.ToDateTime(new TimeOnly(15, 30)), TimeSpan.Zero);
        await ReportAsync("late", (int)(lateEvening - _period).TotalMinutes);
        await ReportAsync("after-midnight", (int)(lateEvening - _period).TotalMinutes + 60);
        var date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        // Act
        var page = await GetOkAsync(Tracer, $"/api/cases?from={date}&to={date}");

        // Assert
        Assert.Contains(Id("late"), Ids(page, "caseId"));
        Assert.DoesNotContain(Id("after-midnight"), Ids(page, "caseId"));
    }

    [Fact]
    public async Task TheStatusFilterTellsCompletedTracesFromWithdrawnCases()
    {
        await ReportAsync("traced", 10);
        await ReportAsync("withdrawn", 20);
        await WaitForCompletedAsync(Id("traced"));
        await WaitForCompletedAsync(Id("withdrawn"));

        // Withdrawal is the lead's endpoint; until it lands, mark the row as it will.
        await using (var connection = new NpgsqlConnection(fixture.ConnectionString))
        {
            await connection.OpenAsync(Ct);
            await using var mark = new NpgsqlCommand("UPDATE cases SET withdrawn_at = now() WHERE case_id = $1", connection) { Parameters = { new() { Value = Id("withdrawn") } } };
            Assert.Equal(1, await mark.ExecuteNonQueryAsync(Ct));
        }

        // Act
        var completed = await GetOkAsync(Tracer, $"/api/cases?{Period}&status=completed");
        var withdrawn = await GetOkAsync(Tracer, $"/api/cases?{Period}&status=withdrawn");
        var pending = await GetOkAsync(Tracer, $"/api/cases?{Period}&status=pending");

        // Assert
        Assert.Equal([Id("traced")], Ids(completed, "caseId"));
        Assert.Equal([Id("withdrawn")], Ids(withdrawn, "caseId"));
        Assert.NotEqual(JsonValueKind.Null, withdrawn.GetProperty("items")[0].GetProperty("withdrawnAt").ValueKind);
        Assert.Empty(Ids(pending, "caseId"));
    }

    [Theory]
    [InlineData("district=atlantis", "district")]
    [InlineData("channel=rumour", "channel")]
    [InlineData("classification=probable", "classification")]
    [InlineData("status=lost", "status")]
    [InlineData("clusterId=x'%20OR%201=1--", "clusterId")]
    [InlineData("limit=100000", "limit")]
    [InlineData("limit=0", "limit")]
    [InlineData("after=not-a-cursor", "after")]
    [InlineData("from=yesterday", "from")]
    [InlineData("from=2026-01-02&to=2026-01-01", "to")]
    public async Task TheCaseListRefusesBadFiltersNamingTheField(string query, string field)
    {
        // Act
        var response = await Tracer.GetAsync($"/api/cases?{query}", Ct);

        // Assert
        await AssertProblemAsync(response, field);
    }

    [Fact]
    public async Task ACaseReportedWhileTheStreamIsOpenArrivesOnIt()
    {
        await using var stream = await EventStreamReader.OpenAsync(Tracer, "/api/cases/stream", null, Ct);
        var ready = await stream.NextAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(ready.Id, ready.Data.GetProperty("cursor").GetInt64());

        // Act
        await ReportAsync("streamed", 5);

        // Assert: this case's events (others' cases may come too), the first as reported
        var seen = new List<JsonElement>();
        while (!seen.Any(e => e.GetProperty("caseId").GetString() == Id("streamed")))
        {
            var next = await stream.NextAsync(TimeSpan.FromSeconds(20));
            Assert.True(next.Id >= ready.Id);
            if (next.Data.TryGetProperty("caseId", out _))
            {
                seen.Add(next.Data);
            }
        }

        var item = seen.First(e => e.GetProperty("caseId").GetString() == Id("streamed"));
        Assert.Equal(Id("streamed-person"), item.GetProperty("personId").GetString());
        Assert.Equal("community-screening", item.GetProperty("discoveryChannel").GetString());
    }

    [Fact]
    public async Task TheStreamResumesAfterTheLastEventIdWithoutRepeatingIt()
    {
        await ReportAsync("before", 5);
        var after = await ReadCaseEventAsync(Id("before"), "0");

        // Act
        await ReportAsync("later", 6);
        await using var stream = await EventStreamReader.OpenAsync(Tracer, "/api/cases/stream", after.ToString(CultureInfo.InvariantCulture), Ct);
        var ids = new List<string>();
        while (!ids.Contains(Id("later")))
        {
            var next = await stream.NextAsync(TimeSpan.FromSeconds(20));
            if (next.Data.TryGetProperty("caseId", out _))
            {
                Assert.True(next.Id > after);
                ids.Add(next.Data.GetProperty("caseId").GetString()!);
            }
        }

        // Assert: every event after the one resumed from (the earlier case may come again when its trace completes)
        Assert.Contains(Id("later"), ids);
        Assert.Equal(HttpStatusCode.BadRequest, (await Tracer.GetAsync("/api/cases/stream?after=-1", Ct)).StatusCode);
    }

    private async Task<long> ReadCaseEventAsync(string caseId, string from)
    {
        await using var stream = await EventStreamReader.OpenAsync(Tracer, "/api/cases/stream", from, Ct);
        while (true)
        {
            var next = await stream.NextAsync(TimeSpan.FromSeconds(20));
            if (next.Data.TryGetProperty("caseId", out var id) && id.GetString() == caseId)
            {
                return next.Id;
            }
        }
    }

    private async Task WaitForCompletedAsync(string caseId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var list = await GetOkAsync(Tracer, $"/api/cases?clusterId={caseId}");
            if (list.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("trace").GetProperty("status").GetString() == "completed"))
            {
                return;
            }

            await Task.Delay(100, Ct);
        }

        Assert.Fail($"The trace of {caseId} did not complete within 30 s.");
    }

    private async Task RegisterAsync(string name, string district = "daoli", string? household = null, string? compound = null, string? fullName = null, string? phone = null)
    {
        var put = await Admin.PutAsJsonAsync($"/api/persons/{Id(name)}",
            new { district, householdId = household is null ? null : Id(household), compoundId = compound is null ? null : Id(compound), name = fullName, phone }, Ct);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
    }

    [Fact]
    public async Task PersonSearchFindsByPrefixOfIdNameOrPhoneWithinItsFilters()
    {
        // Names and phones made unique to this test by the run id's digits
        var digits = string.Concat(_run.Select(c => (c % 10).ToString(CultureInfo.InvariantCulture)));
        var surname = "欧阳" + _run;
        await RegisterAsync("p1", "daoli", "h1", "c1", surname + "明", "1" + digits + "01");
        await RegisterAsync("p2", "nangang", "h1", "c1", surname + "华", "1" + digits + "02");
        await RegisterAsync("p3", "nangang", "h2", "c2", "李" + _run, "1" + digits + "03");

        // Act
        var byName = await GetOkAsync(Tracer, $"/api/persons?q={Uri.EscapeDataString(surname)}");
        var byPhone = await GetOkAsync(Tracer, $"/api/persons?q=1{digits}0");
        var byId = await GetOkAsync(Tracer, $"/api/persons?q=p3-{_run}");
        var byPhoneInNangang = await GetOkAsync(Tracer, $"/api/persons?q=1{digits}&district=nangang");
        var household = await GetOkAsync(Tracer, $"/api/persons?householdId={Id("h1")}");
        var compound = await GetOkAsync(Tracer, $"/api/persons?compoundId={Id("c2")}");
        var firstPage = await GetOkAsync(Tracer, $"/api/persons?q=1{digits}&limit=2");
        var secondPage = await GetOkAsync(Tracer, $"/api/persons?q=1{digits}&limit=2&after={firstPage.GetProperty("next").GetString()}");

        // Assert
        Assert.Equal([Id("p1"), Id("p2")], Ids(byName, "personId"));
        Assert.Equal([Id("p1"), Id("p2"), Id("p3")], Ids(byPhone, "personId"));
        Assert.Equal([Id("p3")], Ids(byId, "personId"));
        Assert.Equal([Id("p2"), Id("p3")], Ids(byPhoneInNangang, "personId"));
        Assert.Equal([Id("p1"), Id("p2")], Ids(household, "personId"));
        Assert.Equal([Id("p3")], Ids(compound, "personId"));
        Assert.Equal([Id("p1"), Id("p2")], Ids(firstPage, "personId"));
        Assert.Equal([Id("p3")], Ids(secondPage, "personId"));
        var p1 = byName.GetProperty("items")[0];
        Assert.Equal((surname + "明", Id("c1"), "none", "green"),
            (p1.GetProperty("name").GetString(), p1.GetProperty("compoundId").GetString(), p1.GetProperty("management").GetProperty("category").GetString(), p1.GetProperty("healthCode").GetString()));
    }

    [Fact]
    public async Task EveryPersonASearchReturnsIsInTheAuditLog()
    {
        await RegisterAsync("audited-1", fullName: "审计" + _run);
        await RegisterAsync("audited-2", fullName: "审计" + _run + "乙");

        // Act
        await GetOkAsync(Tracer, $"/api/persons?q={Uri.EscapeDataString("审计" + _run)}");

        // Assert
        foreach (var person in new[] { Id("audited-1"), Id("audited-2") })
        {
            var audit = await GetOkAsync(Admin, $"/api/audit?subject={person}");
            Assert.Contains(audit.GetProperty("items").EnumerateArray(), e => e.GetProperty("endpoint").GetString() == "GET /api/persons");
        }
    }

    [Theory]
    [InlineData("q=%27%20OR%201%3D1%20--", "q")]
    [InlineData("q=%25", "q")]
    [InlineData("q=a%3Bdrop%20table%20persons", "q")]
    [InlineData("q=", "q")]
    [InlineData("district=daoli", "q")]
    [InlineData("q=1&limit=1000000", "limit")]
    [InlineData("q=1&district=gotham", "district")]
    [InlineData("householdId=a%20b", "householdId")]
    public async Task PersonSearchRefusesPatternsStatementsAndHugePagesNamingTheField(string query, string field)
    {
        await RegisterAsync("unchanged", fullName: "不变", phone: "13000000000");

        // Act
        var response = await Tracer.GetAsync($"/api/persons?{query}", Ct);

        // Assert: refused, and nothing changed
        await AssertProblemAsync(response, field);
        var person = await GetOkAsync(Tracer, $"/api/persons/{Id("unchanged")}");
        Assert.Equal(("不变", "13000000000"), (person.GetProperty("name").GetString(), person.GetProperty("phone").GetString()));
    }

    [Fact]
    public async Task AHouseholdListsItsMembersWithTheirManagementAndAssignment()
    {
        await RegisterAsync("case-member", household: "home");
        await RegisterAsync("other-member", household: "home", compound: "block-7");
        var response = await Tracer.PostAsJsonAsync("/api/cases", new
        {
            caseId = Id("home-case"), personId = Id("case-member"), classification = "confirmed",
            sampledAt = Iso(DateTimeOffset.UtcNow.AddHours(-6)), reportedAt = Iso(DateTimeOffset.UtcNow.AddHours(-1)),
        }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await WaitForCompletedAsync(Id("home-case"));

        // Act
        var household = await GetOkAsync(Tracer, $"/api/households/{Id("home")}");

        // Assert
        Assert.Equal(Id("home"), household.GetProperty("householdId").GetString());
        var members = household.GetProperty("members").EnumerateArray().ToDictionary(m => m.GetProperty("personId").GetString()!);
        Assert.Equal([Id("case-member"), Id("other-member")], members.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("case", members[Id("case-member")].GetProperty("management").GetProperty("category").GetString());
        var other = members[Id("other-member")];
        Assert.Equal("close-contact", other.GetProperty("management").GetProperty("category").GetString());
        Assert.Equal(Id("block-7"), other.GetProperty("compoundId").GetString());
        Assert.Equal("centralized-isolation", other.GetProperty("assignment").GetProperty("kind").GetString());
        Assert.Equal(Id("home-case"), other.GetProperty("assignment").GetProperty("caseId").GetString());

        var unknown = await Tracer.GetAsync($"/api/households/{Id("nowhere")}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("householdId", (await Json.ReadAsync(unknown)).GetProperty("field").GetString());
    }

    [Fact]
    public async Task TheWaitingListIsLongestWaitingFirstAndFiltersByDistrict()
    {
        // No hotel has a room in these districts (none is registered there): close contacts wait.
        foreach (var (name, district) in new[] { ("w-case-1", "yilan"), ("w-contact-1", "yilan"), ("w-case-2", "tonghe"), ("w-contact-2", "tonghe") })
        {
            await RegisterAsync(name, district, household: name[^1..] == "1" ? "w-home-1" : "w-home-2");
        }

        foreach (var n in new[] { "1", "2" })
        {
            var response = await Tracer.PostAsJsonAsync("/api/cases", new
            {
                caseId = Id($"w-case-{n}"), personId = Id($"w-case-{n}"), classification = "confirmed",
                sampledAt = Iso(DateTimeOffset.UtcNow.AddHours(-6)), reportedAt = Iso(DateTimeOffset.UtcNow.AddHours(-1)),
            }, Ct);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            await WaitForCompletedAsync(Id($"w-case-{n}"));
        }

        // Act
        var all = await GetOkAsync(Tracer, "/api/assignments?status=awaiting-capacity&limit=500");
        var yilan = await GetOkAsync(Tracer, "/api/assignments?status=awaiting-capacity&district=yilan");

        // Assert
        var mine = all.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("personId").GetString()!.EndsWith(_run, StringComparison.Ordinal)).ToList();
        Assert.Equal([Id("w-contact-1"), Id("w-contact-2")], mine.Select(i => i.GetProperty("personId").GetString()));
        Assert.All(mine, i => Assert.Equal("awaiting-capacity", i.GetProperty("status").GetString()));
        var waited = all.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("waitingSince").GetDateTimeOffset()).ToList();
        Assert.Equal(waited.Order(), waited);
        Assert.Contains(Id("w-contact-1"), Ids(yilan, "personId"));
        Assert.DoesNotContain(Id("w-contact-2"), Ids(yilan, "personId"));
        Assert.Equal("yilan", yilan.GetProperty("items").EnumerateArray().First(i => i.GetProperty("personId").GetString() == Id("w-contact-1")).GetProperty("district").GetString());

        await AssertProblemAsync(await Tracer.GetAsync("/api/assignments?status=released", Ct), "status");
        await AssertProblemAsync(await Tracer.GetAsync("/api/assignments", Ct), "personId");
        await AssertProblemAsync(await Tracer.GetAsync("/api/assignments?status=awaiting-capacity&limit=9999", Ct), "limit");
    }

    [Fact]
    public async Task AVenuesVisitsAreListedOldestFirstWithinTheIntervalAndPaged()
    {
        var venue = Id("bath-house");
        Assert.Equal(HttpStatusCode.OK, (await Admin.PutAsJsonAsync($"/api/venues/{venue}", new { name = "浴池", district = "daowai", kind = "bath-house" }, Ct)).StatusCode);
        var start = Minute(DateTimeOffset.UtcNow.AddHours(-30));
        var scans = Enumerable.Range(0, 5).Select(i => new
        {
            scanId = Id($"scan-{i}"),
            personId = Id($"visitor-{i}"),
            venueId = venue,
            scannedAt = Iso(start.AddMinutes(10 * i)),
            leftAt = Iso(start.AddMinutes(10 * i + 45)),
        });
        var posted = await fixture.Host.CreateClient(ContactTraceHost.ScannerKey).PostAsJsonAsync("/api/scans", scans, Ct);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var interval = $"from={Uri.EscapeDataString(Iso(start.AddMinutes(5)))}&to={Uri.EscapeDataString(Iso(start.AddMinutes(40)))}";

        // Act
        var first = await GetOkAsync(Tracer, $"/api/venues/{venue}/visits?{interval}&limit=2");
        var second = await GetOkAsync(Tracer, $"/api/venues/{venue}/visits?{interval}&limit=2&after={Uri.EscapeDataString(first.GetProperty("next").GetString()!)}");

        // Assert: visits starting at 10, 20, 30 minutes
        Assert.Equal([Id("visitor-1"), Id("visitor-2")], Ids(first, "personId"));
        Assert.Equal([Id("visitor-3")], Ids(second, "personId"));
        var visit = first.GetProperty("items")[0];
        Assert.Equal(start.AddMinutes(10), visit.GetProperty("scannedAt").GetDateTimeOffset());
        Assert.Equal(start.AddMinutes(55), visit.GetProperty("leftAt").GetDateTimeOffset());

        var unknown = await Tracer.GetAsync($"/api/venues/{Id("nowhere")}/visits", Ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        await AssertProblemAsync(await Tracer.GetAsync($"/api/venues/{venue}/visits?from=2026-03-01&to=2026-02-01", Ct), "to");
        await AssertProblemAsync(await Tracer.GetAsync($"/api/venues/{venue}/visits?from=2025-01-01&to=2026-01-01", Ct), "from");
    }

    [Fact]
    public async Task AReportedContactsInterviewNoteIsShownBack()
    {
        await RegisterAsync("interviewed", "songbei");
        await RegisterAsync("dinner-guest", "songbei");
        var reported = DateTimeOffset.UtcNow.AddHours(-2);
        Assert.Equal(HttpStatusCode.Accepted, (await Tracer.PostAsJsonAsync("/api/cases", new
        {
            caseId = Id("noted"), personId = Id("interviewed"), classification = "confirmed",
            sampledAt = Iso(reported.AddHours(-4)), reportedAt = Iso(reported),
        }, Ct)).StatusCode);
        var at = Minute(reported.AddHours(-20));

        // Act
        var added = await Tracer.PostAsJsonAsync($"/api/cases/{Id("noted")}/contacts",
            new { personId = Id("dinner-guest"), at = Iso(at), setting = "meal", note = "11月27日晚在家中聚餐，同桌约两小时" }, Ct);
        var notes = await GetOkAsync(Tracer, $"/api/cases/{Id("noted")}/reported-contacts");

        // Assert
        Assert.Equal(HttpStatusCode.Accepted, added.StatusCode);
        var item = Assert.Single(notes.GetProperty("items").EnumerateArray());
        Assert.Equal((Id("dinner-guest"), "meal", "11月27日晚在家中聚餐，同桌约两小时"),
            (item.GetProperty("personId").GetString(), item.GetProperty("setting").GetString(), item.GetProperty("note").GetString()));
        Assert.Equal(at, item.GetProperty("at").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.NotFound, (await Tracer.GetAsync($"/api/cases/{Id("never")}/reported-contacts", Ct)).StatusCode);
    }

    [Fact]
    public async Task APersonsCompoundIsRegisteredAndShown()
    {
        await RegisterAsync("resident", compound: "qunli-7");

        // Act
        var person = await GetOkAsync(Tracer, $"/api/persons/{Id("resident")}");
        var bad = await Admin.PutAsJsonAsync($"/api/persons/{Id("resident")}", new { district = "daoli", compoundId = "群力 7 栋" }, Ct);

        // Assert
        Assert.Equal(Id("qunli-7"), person.GetProperty("compoundId").GetString());
        await AssertProblemAsync(bad, "compoundId");
        Assert.Equal(Id("qunli-7"), (await GetOkAsync(Tracer, $"/api/persons/{Id("resident")}")).GetProperty("compoundId").GetString());
    }

    [Fact]
    public async Task TheConsoleSettingsNameTheZoneTheRoleAndTheLabels()
    {
        // Act
        var settings = await GetOkAsync(Tracer, "/api/console/settings");

        // Assert
        Assert.Equal("Asia/Shanghai", settings.GetProperty("timeZone").GetString());
        Assert.Equal("tracer", settings.GetProperty("role").GetString());
        Assert.Contains(settings.GetProperty("districts").EnumerateArray(), d => d.GetProperty("code").GetString() == "xiangfang" && d.GetProperty("label").GetString() == "香坊区");
        Assert.Contains(settings.GetProperty("channels").EnumerateArray(), c => c.GetProperty("code").GetString() == "arrival-test" && c.GetProperty("label").GetString() == "落地检");
    }
}
