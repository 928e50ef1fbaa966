using ContactTrace.Screening;

namespace ContactTrace.Host.FunctionalTests;

/// <summary>
/// <c>POST /api/tests</c> on the real host: every sampling context and every management state gives the case the
/// channel DESIGN.md derives; a case's second positive changes nothing; results are idempotent by test id and the
/// first stands; persons unknown to the registry are registered by the record's district or rejected. Run on
/// PostgreSQL and on the embedded default.
/// </summary>
public abstract class TestResultsApiTests(ScreeningHost host)
{
    private readonly ScreeningWorld _world = new(host);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // A batch's answer names the cases its positives make; they are made moments later, in the background.
    private async Task<JsonElement> CaseAsync(string caseId)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var response = await host.Tracer.GetAsync($"/api/cases/{caseId}", Ct);
            if (response.StatusCode != HttpStatusCode.NotFound || waited.Elapsed > TimeSpan.FromSeconds(30))
            {
                return await Json.ReadAsync(response);
            }

            await Task.Delay(50, Ct);
        }
    }

    private static List<string?> CasesCreated(JsonElement answer) => [.. answer.GetProperty("casesCreated").EnumerateArray().Select(c => c.GetString())];

    [Fact]
    public async Task APositiveResultOfAPersonUnderNoManagementCountsUnderItsSamplingContextsChannel()
    {
        var w = _world;
        var sampled = w.Now.AddHours(-6);
        foreach (var (kind, _) in SamplingContexts.All)
        {
            await w.PersonAsync($"p-{kind}");
        }

        // Act
        var answer = await w.PostTestsAsync([.. SamplingContexts.All.Select(c => w.Test($"t-{c.Kind}", $"p-{c.Kind}", "positive", c.Kind, sampled))]);

        // Assert
        Assert.Equal((SamplingContexts.All.Length, 0), (answer.GetProperty("accepted").GetInt32(), answer.GetProperty("duplicates").GetInt32()));
        Assert.Equal(SamplingContexts.All.Select(c => $"t:{w.Id($"t-{c.Kind}")}").Order(), CasesCreated(answer).Order());
        foreach (var (kind, channel) in SamplingContexts.All)
        {
            var made = await CaseAsync($"t:{w.Id($"t-{kind}")}");
            Assert.Equal((w.Id($"p-{kind}"), channel, "asymptomatic", sampled), (made.GetProperty("personId").GetString(), made.GetProperty("discoveryChannel").GetString(),
                made.GetProperty("classification").GetString(), made.GetProperty("sampledAt").GetDateTimeOffset()));
        }
    }

    /// <summary>
    /// The case p0 ate at a restaurant with p1 and p4 (close contacts; p1 checked in at a hotel, p4 not yet), p1 then
    /// rode a bus with p2 (a secondary contact, in home isolation), and p0 shopped at a market with p3 (venue-exposed).
    /// Each tests positive in a community round: the management decides the channel, not the round.
    /// </summary>
    [Fact]
    public async Task APositiveResultOfAPersonUnderManagementCountsUnderTheManagementsChannel()
    {
        var w = _world;
        var t = w.Now.AddHours(-10);
        await w.HotelAsync("hotel", 20);
        foreach (var person in new[] { "p0", "p1", "p2", "p3", "p4" })
        {
            await w.PersonAsync(person);
        }

        await w.VenueAsync("restaurant", "restaurant");
        await w.VenueAsync("bus", "bus");
        await w.VenueAsync("market", "market");
        await w.ScanAsync("p0", "restaurant", t);
        await w.ScanAsync("p1", "restaurant", t.AddMinutes(10));
        await w.ScanAsync("p4", "restaurant", t.AddMinutes(20));
        await w.ScanAsync("p0", "market", t.AddHours(2));
        await w.ScanAsync("p3", "market", t.AddHours(2).AddMinutes(5));
        await w.ScanAsync("p1", "bus", t.AddHours(4));
        await w.ScanAsync("p2", "bus", t.AddHours(4).AddMinutes(5));
        await w.ReportCaseAsync("c0", "p0", w.Now.AddHours(-1));
        await CheckInAsync("p1");

        // Act
        var answer = await w.PostTestsAsync([.. new[] { "p1", "p2", "p3", "p4" }.Select(p => w.Test($"t-{p}", p, "positive", SamplingContexts.CommunityRound, w.Now.AddMinutes(-30), w.Now))]);

        // Assert
        Assert.Equal(4, CasesCreated(answer).Count);
        var channels = new Dictionary<string, string?>();
        foreach (var person in new[] { "p1", "p2", "p3", "p4" })
        {
            channels[person] = (await CaseAsync($"t:{w.Id($"t-{person}")}")).GetProperty("discoveryChannel").GetString();
        }

        Assert.Equal(new Dictionary<string, string?>
        {
            ["p1"] = "isolation",          // close contact, checked in at the hotel
            ["p2"] = "isolation",          // secondary contact, in home isolation
            ["p3"] = "contact-screening",  // venue-exposed: identified, not isolated
            ["p4"] = "contact-screening",  // close contact with a room, not yet checked in
        }, channels);
    }

    [Fact]
    public async Task ASecondPositiveOfACaseChangesNothing()
    {
        var w = _world;
        await w.PersonAsync("p");
        var first = await w.PostTestsAsync(w.Test("t1", "p", "positive", SamplingContexts.FeverClinic, w.Now.AddHours(-8)));
        await CaseAsync($"t:{w.Id("t1")}"); // made moments after the answer

        // Act
        var second = await w.PostTestsAsync(w.Test("t2", "p", "positive", SamplingContexts.CommunityRound, w.Now.AddHours(-2)));

        // Assert
        Assert.Equal([$"t:{w.Id("t1")}"], CasesCreated(first));
        Assert.Equal((1, 0), (second.GetProperty("accepted").GetInt32(), second.GetProperty("duplicates").GetInt32()));
        Assert.Empty(CasesCreated(second));
        Assert.Equal(HttpStatusCode.NotFound, (await host.Tracer.GetAsync($"/api/cases/t:{w.Id("t2")}", Ct)).StatusCode);
        var person = await Json.ReadAsync(await host.Tracer.GetAsync($"/api/persons/{w.Id("p")}", Ct));
        Assert.Equal(("case", "red"), (person.GetProperty("management").GetProperty("category").GetString(), person.GetProperty("healthCode").GetString()));
    }

    [Fact]
    public async Task TwoPositivesOfOnePersonInOneBatchMakeOneCase()
    {
        var w = _world;
        await w.PersonAsync("p");

        // Act
        var answer = await w.PostTestsAsync(
            w.Test("t1", "p", "positive", SamplingContexts.CommunityRound, w.Now.AddHours(-8)),
            w.Test("t2", "p", "positive", SamplingContexts.CommunityRound, w.Now.AddHours(-7)));

        // Assert
        Assert.Single(CasesCreated(answer));
        Assert.Equal(2, answer.GetProperty("accepted").GetInt32());
    }

    [Fact]
    public async Task AResentBatchIsDuplicatesWithTheSameCasesAndAResultSentAgainDifferentlyIsRejectedWhileTheFirstStands()
    {
        var w = _world;
        await w.PersonAsync("p1");
        await w.PersonAsync("p2");
        var sampled = w.Now.AddHours(-5);
        object[] batch = [w.Test("t-pos", "p1", "positive", SamplingContexts.Arrival, sampled), w.Test("t-neg", "p2", "negative", SamplingContexts.Arrival, sampled)];
        var first = await w.PostTestsAsync(batch);

        // Act
        var again = await w.PostTestsAsync(batch);
        var changed = await w.PostTestsAsync(
            w.Test("t-neg", "p2", "positive", SamplingContexts.Arrival, sampled),
            w.Test("t-pos", "p2", "positive", SamplingContexts.Arrival, sampled));

        // Assert
        Assert.Equal((2, 0), (first.GetProperty("accepted").GetInt32(), first.GetProperty("duplicates").GetInt32()));
        Assert.Equal((0, 2), (again.GetProperty("accepted").GetInt32(), again.GetProperty("duplicates").GetInt32()));
        Assert.Equal(CasesCreated(first), CasesCreated(again));
        Assert.Equal([$"t:{w.Id("t-pos")}"], CasesCreated(again));
        Assert.Equal((0, 0), (changed.GetProperty("accepted").GetInt32(), changed.GetProperty("duplicates").GetInt32()));
        Assert.Equal([(0, "result"), (1, "personId")],
            changed.GetProperty("rejected").EnumerateArray().Select(r => (r.GetProperty("index").GetInt32(), r.GetProperty("field").GetString())));
        Assert.Empty(CasesCreated(changed));
        Assert.Equal("green", (await w.CodeAsync("p2")).GetProperty("code").GetString());
    }

    [Fact]
    public async Task AnUnknownPersonIsRegisteredByTheRecordsDistrictAndRejectedWithoutOne()
    {
        var w = _world;

        // Act
        var answer = await w.PostTestsAsync(
            w.Test("t-known-district", "visitor", "positive", SamplingContexts.Arrival, w.Now.AddHours(-3), district: "hulan"),
            w.Test("t-no-district", "stranger", "negative", SamplingContexts.Arrival, w.Now.AddHours(-3)));

        // Assert
        Assert.Equal(1, answer.GetProperty("accepted").GetInt32());
        var rejection = Assert.Single(answer.GetProperty("rejected").EnumerateArray());
        Assert.Equal((1, "personId"), (rejection.GetProperty("index").GetInt32(), rejection.GetProperty("field").GetString()));
        var visitor = await Json.ReadAsync(await host.Tracer.GetAsync($"/api/persons/{w.Id("visitor")}", Ct));
        Assert.Equal("hulan", visitor.GetProperty("district").GetString());
        var made = await CaseAsync($"t:{w.Id("t-known-district")}");
        Assert.Equal(("hulan", "arrival-test"), (made.GetProperty("district").GetString(), made.GetProperty("discoveryChannel").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await host.Tracer.GetAsync($"/api/persons/{w.Id("stranger")}", Ct)).StatusCode);
    }

    private async Task CheckInAsync(string person)
    {
        var assignment = await ScreeningHost.EventuallyAsync(
            async () => (await Json.ReadAsync(await host.Tracer.GetAsync($"/api/assignments?personId={_world.Id(person)}", Ct))).GetProperty("items").EnumerateArray()
                .FirstOrDefault(a => a.GetProperty("kind").GetString() == "centralized-isolation" && a.GetProperty("status").GetString() == "assigned"),
            a => a.ValueKind == JsonValueKind.Object, $"a room for {person}");
        var checkedIn = await host.Admin.PostAsync($"/api/assignments/{assignment.GetProperty("assignmentId").GetString()}/check-in", null, Ct);
        Assert.Equal(HttpStatusCode.OK, checkedIn.StatusCode);
    }
}

public sealed class TestResultsApiOnPostgresTests(PostgresScreeningHost host) : TestResultsApiTests(host), IClassFixture<PostgresScreeningHost>;

public sealed class TestResultsApiEmbeddedTests(EmbeddedScreeningHost host) : TestResultsApiTests(host), IClassFixture<EmbeddedScreeningHost>;
