using System.Text;
using ContactTrace.Screening;

namespace ContactTrace.Host.FunctionalTests;

/// <summary>
/// Hostile and malformed input on <c>POST /api/tests</c> and <c>POST /api/self-reports</c>: every bad record or body
/// gets a problem naming the field (a bad record only its own rejection), nothing half-written, never a 5xx, and
/// the host keeps serving. Run on PostgreSQL and on the embedded default.
/// </summary>
public abstract class ScreeningHostileInputTests(ScreeningHost host)
{
    private readonly ScreeningWorld _world = new(host);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Iso(DateTimeOffset time) => ScreeningWorld.Iso(time);

    [Fact]
    public async Task EachBadTestRecordIsRejectedNamingItsFieldWhileTheGoodOnesAreKept()
    {
        var w = _world;
        await w.PersonAsync("p");
        var (now, sampled) = (w.Now, w.Now.AddHours(-3));
        object Record(string? testId = null, string? personId = null, string? sampledAt = null, string? resultAt = null, string? result = "negative", object? context = null, string? district = null) =>
            new { testId = testId ?? w.Id($"t-{Guid.NewGuid():N}"[..20]), personId = personId ?? w.Id("p"), sampledAt = sampledAt ?? Iso(sampled), resultAt = resultAt ?? Iso(now), result, context = context ?? new { kind = "community-round" }, district };
        object[] batch =
        [
            Record(),                                                        // 0 good
            Record(testId: "bad id"),                                        // 1 testId
            Record(personId: new string('x', 65)),                           // 2 personId
            Record(result: "maybe"),                                         // 3 result
            Record(result: null),                                            // 4 result
            Record(context: new { kind = "disco" }),                         // 5 context.kind
            Record(context: new { kind = "arrival", site = "a\u0000b" }),    // 6 context.site
            Record(context: new { kind = "arrival", roundId = "round 1" }),  // 7 context.roundId
            Record(sampledAt: Iso(now.AddHours(2))),                         // 8 sampledAt: from the future
            Record(resultAt: Iso(now.AddHours(2))),                          // 9 resultAt: from the future
            Record(sampledAt: Iso(now), resultAt: Iso(now.AddHours(-1))),    // 10 resultAt: before sampling
            Record(sampledAt: "2026-11-20 10:00"),                           // 11 sampledAt: no offset
            Record(sampledAt: Iso(now.AddDays(-40))),                        // 12 sampledAt: past retention
            Record(district: "atlantis"),                                    // 13 district
            Record(personId: w.Id("nobody")),                                // 14 personId: unknown, no district
            new { testId = w.Id("no-context"), personId = w.Id("p"), sampledAt = Iso(sampled), resultAt = Iso(now), result = "negative" }, // 15 context
            Record(testId: w.Id("twice")),                                   // 16 good
            Record(testId: w.Id("twice")),                                   // 17 testId: twice in the batch
        ];

        // Act
        var answer = await w.PostTestsAsync(batch);

        // Assert
        Assert.Equal(2, answer.GetProperty("accepted").GetInt32());
        Assert.Equal(
            [(1, "testId"), (2, "personId"), (3, "result"), (4, "result"), (5, "context.kind"), (6, "context.site"), (7, "context.roundId"), (8, "sampledAt"),
             (9, "resultAt"), (10, "resultAt"), (11, "sampledAt"), (12, "sampledAt"), (13, "district"), (14, "personId"), (15, "context"), (17, "testId")],
            answer.GetProperty("rejected").EnumerateArray().Select(r => (r.GetProperty("index").GetInt32(), r.GetProperty("field").GetString())));
        Assert.Empty(answer.GetProperty("casesCreated").EnumerateArray());
    }

    [Theory]
    [InlineData("{\"testId\":\"x\"}", "body")]
    [InlineData("[{\"testId\": 5}]", "[0].testId")]
    [InlineData("[{\"context\": \"arrival\"}]", "[0].context")]
    [InlineData("[1, 2", "[0]")]
    [InlineData("not json", "body")]
    public async Task AnUnreadableBodyGets400NamingWhereAndTheHostKeepsServing(string body, string field)
    {
        // Act
        var response = await host.Lab.PostAsync("/api/tests", Json.Raw(body), Ct);
        var after = await host.Lab.PostAsJsonAsync("/api/tests", Array.Empty<object>(), Ct);

        // Assert
        await Problems.AssertAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task AnUnreadableNdjsonLineRejectsThatRecordOnly()
    {
        var w = _world;
        await w.PersonAsync("p");
        var good = JsonSerializer.Serialize(w.Test("t-good", "p", "negative", SamplingContexts.CommunityRound, w.Now.AddHours(-2)), JsonSerializerOptions.Web);

        // Act
        var response = await host.Lab.PostAsync("/api/tests", ScreeningWorld.Ndjson($"{good}\n{{not json\n\n[1]\n"), Ct);

        // Assert
        var answer = await Json.ReadAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, answer.GetProperty("accepted").GetInt32());
        Assert.Equal([(1, "body"), (2, "body")], answer.GetProperty("rejected").EnumerateArray().Select(r => (r.GetProperty("index").GetInt32(), r.GetProperty("field").GetString())));
    }

    [Fact]
    public async Task ABatchOfMoreThan50000RecordsIsRefusedAsAWholeWith413()
    {
        var line = "{\"testId\":\"x\"}\n";
        var body = new StringBuilder(line.Length * 50_001);
        for (var i = 0; i < 50_001; i++)
        {
            body.Append(line);
        }

        // Act
        var response = await host.Lab.PostAsync("/api/tests", ScreeningWorld.Ndjson(body.ToString()), Ct);

        // Assert
        await Problems.AssertAsync(response, HttpStatusCode.RequestEntityTooLarge, "body");
    }

    [Fact]
    public async Task AnotherCharsetIs415AndWrongKeysAre401Or403()
    {
        // Act
        var latin = await host.Lab.PostAsync("/api/tests", new StringContent("[]", Encoding.Latin1, "application/json"), Ct);
        var noKey = await host.Host.CreateDefaultClient().PostAsJsonAsync("/api/tests", Array.Empty<object>(), Ct);
        var scanner = await host.Scanner.PostAsJsonAsync("/api/tests", Array.Empty<object>(), Ct);
        var publicKey = await host.Public.PostAsJsonAsync("/api/tests", Array.Empty<object>(), Ct);

        // Assert
        await Problems.AssertAsync(latin, HttpStatusCode.UnsupportedMediaType, "Content-Type");
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (noKey.StatusCode, scanner.StatusCode, publicKey.StatusCode));
    }

    public static TheoryData<string, string> BadSelfReports() => new()
    {
        { """{ "phone": "13900000000", "venueId": "{venue}", "at": "{at}" }""", "reportId" },
        { """{ "reportId": "r x", "phone": "13900000000", "venueId": "{venue}", "at": "{at}" }""", "reportId" },
        { """{ "reportId": "{id}", "venueId": "{venue}", "at": "{at}" }""", "phone" },
        { """{ "reportId": "{id}", "phone": "call me", "venueId": "{venue}", "at": "{at}" }""", "phone" },
        { """{ "reportId": "{id}", "phone": "1390000000000000000000000", "venueId": "{venue}", "at": "{at}" }""", "phone" },
        { """{ "reportId": "{id}", "personId": "p;drop", "venueId": "{venue}", "at": "{at}" }""", "personId" },
        { """{ "reportId": "{id}", "phone": "13900000000", "venueId": "nowhere-{id}", "at": "{at}" }""", "venueId" },
        { """{ "reportId": "{id}", "phone": "13900000000", "at": "{at}" }""", "venueId" },
        { """{ "reportId": "{id}", "phone": "13900000000", "venueId": "{venue}" }""", "at" },
        { """{ "reportId": "{id}", "phone": "13900000000", "venueId": "{venue}", "at": "yesterday" }""", "at" },
        { """{ "reportId": "{id}", "phone": "13900000000", "venueId": "{venue}", "at": "{future}" }""", "at" },
        { """{ "reportId": "{id}", "phone": "13900000000", "venueId": "{venue}", "at": "{old}" }""", "at" },
        { """{ "reportId": "{id}", "phone": "13900000000", "venueId": "{venue}", "at": "{at}", "note": "a\u0007b" }""", "note" },
        { """{ "reportId": "{id}", "phone": "13900000000", "venueId": "{venue}", "at": "{at}", "note": "{long}" }""", "note" },
        { """{ "reportId": "{id}", "phone": "13900000000", "venueId": "{venue}", "at": "{at}", "caseId": "no-case-{id}" }""", "caseId" },
        { """{ "reportId": "{id}", "phone": 13900000000, "venueId": "{venue}", "at": "{at}" }""", "phone" },
        { """[ "not", "an", "object" ]""", "body" },
    };

    [Theory]
    [MemberData(nameof(BadSelfReports))]
    public async Task ABadSelfReportGets400NamingTheFieldAndStoresNothing(string template, string field)
    {
        var w = _world;
        await w.VenueAsync("venue", "market");
        var id = w.Id($"r-{Guid.NewGuid():N}"[..24]);
        var body = template.Replace("{id}", id, StringComparison.Ordinal).Replace("{venue}", w.Id("venue"), StringComparison.Ordinal)
            .Replace("{at}", Iso(w.Now.AddHours(-2)), StringComparison.Ordinal).Replace("{future}", Iso(w.Now.AddHours(2)), StringComparison.Ordinal)
            .Replace("{old}", Iso(w.Now.AddDays(-60)), StringComparison.Ordinal).Replace("{long}", new string('长', 1001), StringComparison.Ordinal);

        // Act
        var response = await host.Public.PostAsync("/api/self-reports", Json.Raw(body), Ct);

        // Assert
        await Problems.AssertAsync(response, HttpStatusCode.BadRequest, field);
        var all = await Json.ReadAsync(await host.Tracer.GetAsync("/api/self-reports?limit=500", Ct));
        Assert.DoesNotContain(all.GetProperty("items").EnumerateArray(), r => r.GetProperty("reportId").GetString() == id);
    }

    [Fact]
    public async Task ASelfReportSentAgainWithAnotherBodyIsAConflictAndTheFirstStands()
    {
        var w = _world;
        await w.VenueAsync("venue", "market");
        var at = Iso(w.Now.AddHours(-2));
        var first = await host.Public.PostAsJsonAsync("/api/self-reports", new { reportId = w.Id("r"), phone = "13900000000", venueId = w.Id("venue"), at }, Ct);

        // Act
        var other = await host.Public.PostAsJsonAsync("/api/self-reports", new { reportId = w.Id("r"), phone = "13911111111", venueId = w.Id("venue"), at }, Ct);

        // Assert
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        await Problems.AssertAsync(other, HttpStatusCode.Conflict, "reportId");
        var all = await Json.ReadAsync(await host.Tracer.GetAsync("/api/self-reports?limit=500", Ct));
        Assert.Equal("13900000000", all.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("reportId").GetString() == w.Id("r")).GetProperty("phone").GetString());
    }

    [Theory]
    [InlineData("/api/self-reports?status=closed", "status")]
    [InlineData("/api/self-reports?limit=0", "limit")]
    [InlineData("/api/self-reports?after=nonsense", "after")]
    [InlineData("/api/zones?status=red", "status")]
    [InlineData("/api/health-codes/changes?after=-1", "after")]
    [InlineData("/api/health-codes/changes?limit=1001", "limit")]
    [InlineData("/api/health-codes/a%20b", "personId")]
    public async Task ABadQueryGets400NamingTheParameter(string path, string field)
    {
        // Act
        var response = await host.Admin.GetAsync(path, Ct);

        // Assert
        await Problems.AssertAsync(response, HttpStatusCode.BadRequest, field);
    }
}

public sealed class ScreeningHostileInputOnPostgresTests(PostgresScreeningHost host) : ScreeningHostileInputTests(host), IClassFixture<PostgresScreeningHost>;

public sealed class ScreeningHostileInputEmbeddedTests(EmbeddedScreeningHost host) : ScreeningHostileInputTests(host), IClassFixture<EmbeddedScreeningHost>;
