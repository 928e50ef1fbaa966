using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;

namespace ContactTrace.Host.FunctionalTests;

/// <summary>
/// Hostile input against every endpoint that takes any: bodies (malformed, truncated, wrong types, huge numbers and
/// strings, deep nesting, invalid UTF-8, control characters, SQL- and script-looking strings, oversized, unknown
/// fields, wrong media types), path ids (too long, odd characters) and query parameters. Never a 5xx; a 4xx is an
/// RFC 7807 problem naming what was wrong; a rejected request changes nothing in the database; and the service
/// still answers <c>/health/ready</c> after each.
/// </summary>
public sealed class HostileInputTests(HostileInputFixture fixture) : IClassFixture<HostileInputFixture>
{
    public const string Sql = "'; DROP TABLE persons; --";
    public const string Script = "<script>alert(1)</script>";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public enum Expect
    {
        /// <summary>A 4xx problem (or, for a scan batch, nothing accepted), and nothing changed.</summary>
        Rejected,

        /// <summary>A 2xx: the hostile part is harmless there (free text, unknown fields).</summary>
        Accepted,

        /// <summary>Either of the above; never a 5xx.</summary>
        Either,
    }

    // ---- bodies

    /// <summary>An endpoint that takes a body: its valid body and which of its string fields are free text.</summary>
    public sealed record class BodyRoute(
        string Name,
        HttpMethod Method,
        string Key,
        Func<HostileInputFixture, int, string> Path,
        Func<HostileInputFixture, int, JsonObject> Valid,
        string[] TextFields,
        bool IsScanBatch = false,
        bool IsNdjson = false,
        Func<HostileInputFixture, int, string>? CaseOf = null);

    public static readonly BodyRoute[] BodyRoutes =
    [
        new("PUT /api/persons/{personId}", HttpMethod.Put, ContactTraceHost.AdminKey,
            (f, i) => $"/api/persons/{f.Id($"person-{i}")}",
            (f, i) => new JsonObject { ["district"] = "daoli", ["householdId"] = f.Id($"household-{i}"), ["name"] = "张三", ["phone"] = "13800000000" },
            ["name", "phone"]),
        new("PUT /api/venues/{venueId}", HttpMethod.Put, ContactTraceHost.AdminKey,
            (f, i) => $"/api/venues/{f.Id($"venue-{i}")}",
            (_, _) => new JsonObject { ["name"] = "饭店", ["district"] = "daoli", ["kind"] = "restaurant" },
            ["name"]),
        new("PUT /api/hotels/{hotelId}", HttpMethod.Put, ContactTraceHost.AdminKey,
            (f, i) => $"/api/hotels/{f.Id($"hotel-{i}")}",
            (_, _) => new JsonObject { ["name"] = "酒店", ["district"] = "yanshou", ["capacity"] = 5 },
            ["name"]),
        new("POST /api/scans (JSON array)", HttpMethod.Post, ContactTraceHost.ScannerKey,
            (_, _) => "/api/scans",
            (f, i) => new JsonObject { ["scanId"] = f.Id($"scan-{i}"), ["personId"] = f.Id("scanner-person"), ["venueId"] = f.VenueId, ["scannedAt"] = HostileInputFixture.Iso(f.Now.AddHours(-3)) },
            [], IsScanBatch: true),
        new("POST /api/scans (NDJSON)", HttpMethod.Post, ContactTraceHost.ScannerKey,
            (_, _) => "/api/scans",
            (f, i) => new JsonObject { ["scanId"] = f.Id($"ndscan-{i}"), ["personId"] = f.Id("scanner-person"), ["venueId"] = f.VenueId, ["scannedAt"] = HostileInputFixture.Iso(f.Now.AddHours(-3)) },
            [], IsScanBatch: true, IsNdjson: true),
        new("POST /api/cases", HttpMethod.Post, ContactTraceHost.TracerKey,
            (_, _) => "/api/cases",
            (f, i) => new JsonObject
            {
                ["caseId"] = f.Id($"posted-case-{i}"), ["personId"] = f.Id($"posted-person-{i}"), ["classification"] = "asymptomatic",
                ["sampledAt"] = HostileInputFixture.Iso(f.Now.AddHours(-1)), ["district"] = "bayan", ["discoveryChannel"] = "community-screening",
            },
            [], CaseOf: (f, i) => f.Id($"posted-case-{i}")),
        new("PUT /api/cases/{caseId}/classification", HttpMethod.Put, ContactTraceHost.TracerKey,
            (f, i) => $"/api/cases/{f.ClassificationCaseId(i)}/classification",
            (f, _) => new JsonObject { ["classification"] = "confirmed", ["at"] = HostileInputFixture.Iso(f.Now.AddMinutes(-10)) },
            [], CaseOf: (f, i) => f.ClassificationCaseId(i)),
        new("POST /api/cases/{caseId}/contacts", HttpMethod.Post, ContactTraceHost.TracerKey,
            (f, i) => $"/api/cases/{f.ContactsCaseId(i)}/contacts",
            (f, _) => new JsonObject { ["personId"] = f.ContactPersonId, ["at"] = HostileInputFixture.Iso(f.Now.AddHours(-2)), ["setting"] = "meal", ["note"] = "饭局" },
            ["note"], CaseOf: (f, i) => f.ContactsCaseId(i)),
        new("PUT /api/hotels/{hotelId}/webhook", HttpMethod.Put, ContactTraceHost.AdminKey,
            (f, _) => $"/api/hotels/{f.HotelId}/webhook",
            (_, _) => new JsonObject { ["url"] = "http://127.0.0.1:9/hook", ["secret"] = "s3cret-s3cret-s3cret" },
            ["secret"]),
        new("POST /api/keys", HttpMethod.Post, ContactTraceHost.AdminKey,
            (_, _) => "/api/keys",
            (_, _) => new JsonObject { ["role"] = "scanner", ["name"] = "gateway" },
            ["name"]),
    ];

    /// <summary>A hostile body: how it is made from a route's valid body, and what it must get.</summary>
    public sealed record class BodyPayload(string Name, Expect Expect, Func<BodyRoute, JsonObject, (byte[] Body, string ContentType)> Make);

    // ASCII, so that serializing leaves it as it is and the raw text can take its place.
    private const string Placeholder = "@@hostile@@";

    private static readonly byte[] InvalidUtf8 = [0xFF, 0xFE, 0xC3, 0x28, 0xA0, 0xA1, 0xED, 0xA0, 0x80];

    public static readonly BodyPayload[] BodyPayloads =
    [
        new("malformed JSON", Expect.Rejected, (r, o) => Text(r, Serialize(r, o)[..^1] + ",,}")),
        new("truncated JSON", Expect.Rejected, (r, o) => Text(r, Serialize(r, o)[..(Serialize(r, o).Length / 2)])),
        new("empty body", Expect.Rejected, (r, _) => Text(r, "")),
        new("JSON null", Expect.Rejected, (r, _) => Text(r, "null")),
        new("JSON of the wrong shape", Expect.Rejected, (r, o) => Text(r, r.IsScanBatch && !r.IsNdjson ? o.ToJsonString() : "[" + o.ToJsonString() + "]")),
        new("a bare string", Expect.Rejected, (r, _) => Text(r, "\"daoli\"")),
        new("wrong types", Expect.Rejected, (r, o) => Text(r, Serialize(r, Each(o, StringFields(o), _ => JsonValue.Create(12345)), numbers: v => JsonValue.Create("ten")))),
        new("number 1e400", Expect.Rejected, (r, o) => Text(r, Serialize(r, Each(o, [NumberOrFirstField(o)], _ => JsonValue.Create(Placeholder))).Replace(Quoted(Placeholder), "1e400", StringComparison.Ordinal))),
        new("number 99999999999999999999", Expect.Rejected, (r, o) => Text(r, Serialize(r, Each(o, [NumberOrFirstField(o)], _ => JsonValue.Create(Placeholder))).Replace(Quoted(Placeholder), "99999999999999999999", StringComparison.Ordinal))),
        new("strings of 1 MB", Expect.Rejected, (r, o) => Text(r, Serialize(r, Each(o, StringFields(o), _ => JsonValue.Create(new string('a', 1 << 20)))))),
        new("nesting 10,000 deep", Expect.Rejected, (r, o) => Text(r, Serialize(r, With(o, "nested", JsonValue.Create(Placeholder))).Replace(Quoted(Placeholder), new string('[', 10_000) + new string(']', 10_000), StringComparison.Ordinal))),
        new("a body nested 10,000 deep", Expect.Rejected, (r, _) => Text(r, new string('[', 10_000) + new string(']', 10_000))),
        new("invalid UTF-8 bytes", Expect.Rejected, (r, o) => Bytes(r, Serialize(r, Each(o, [FirstTextOrField(r, o)], _ => JsonValue.Create(Placeholder))), Placeholder, InvalidUtf8)),
        new("a NUL character in text", Expect.Either, (r, o) => Text(r, Serialize(r, Each(o, TextOrAllFields(r, o), v => JsonValue.Create(Inside(v, "\0")))))),
        new("a lone surrogate in text", Expect.Either, (r, o) => Text(r, Serialize(r, Each(o, TextOrAllFields(r, o), v => JsonValue.Create(Inside(v, Placeholder)))).Replace(Placeholder, "\\ud800", StringComparison.Ordinal))),
        new("times in the year 1", Expect.Either, (r, o) => Text(r, Serialize(r, Each(o, TimeFields(o), _ => JsonValue.Create("0001-01-01T00:00:00Z"))))),
        new("SQL in ids and codes", Expect.Rejected, (r, o) => Text(r, Serialize(r, Each(o, CodeFields(r, o), _ => JsonValue.Create(Sql))))),
        new("script in ids and codes", Expect.Rejected, (r, o) => Text(r, Serialize(r, Each(o, CodeFields(r, o), _ => JsonValue.Create(Script))))),
        new("SQL in free text", Expect.Accepted, (r, o) => Text(r, Serialize(r, Each(o, r.TextFields, _ => JsonValue.Create(Sql))))),
        new("script in free text", Expect.Accepted, (r, o) => Text(r, Serialize(r, Each(o, r.TextFields, _ => JsonValue.Create(Script))))),
        new("unknown fields", Expect.Accepted, (r, o) => Text(r, Serialize(r, With(With(With(With(o,
            "isAdmin", JsonValue.Create(true)), "__proto__", new JsonObject { ["polluted"] = true }), "constructor", new JsonObject { ["prototype"] = new JsonObject() }), "extra", new JsonArray(1, "two", null))))),
        new("an oversized body of 31 MB", Expect.Rejected, (r, o) => r.IsScanBatch
            ? Text(r, OversizedBatch(r))
            : Text(r, Serialize(r, Each(o, [FirstTextOrField(r, o)], _ => JsonValue.Create(new string('x', 31 << 20)))))),
        new("text/plain", Expect.Rejected, (r, o) => (Encoding.UTF8.GetBytes(Serialize(r, o)), "text/plain")),
        new("an unknown charset", Expect.Rejected, (r, o) => (Encoding.UTF8.GetBytes(Serialize(r, o)), (r.IsNdjson ? "application/x-ndjson" : "application/json") + "; charset=bogus-42")),
        new("a form", Expect.Rejected, (_, _) => (Encoding.UTF8.GetBytes("district=daoli&name=x"), "application/x-www-form-urlencoded")),
    ];

    public static TheoryData<string, string> Bodies()
    {
        var data = new TheoryData<string, string>();
        foreach (var route in BodyRoutes)
        {
            foreach (var payload in BodyPayloads)
            {
                var inapplicable = (payload.Name.Contains("free text", StringComparison.Ordinal) && route.TextFields.Length == 0)
                    || (payload.Name.StartsWith("times", StringComparison.Ordinal) && TimeFields(route.Valid(HostileInputFixture.Sample, 0)).Length == 0);
                if (inapplicable)
                {
                    continue;
                }

                data.Add(route.Name, payload.Name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task AHostileBodyIsNeverAServerErrorAndARejectedOneChangesNothing(string route, string payload)
    {
        var endpoint = BodyRoutes.Single(r => r.Name == route);
        var hostile = BodyPayloads.Single(p => p.Name == payload);
        var index = Array.IndexOf(BodyPayloads, hostile);
        var (body, contentType) = hostile.Make(endpoint, endpoint.Valid(fixture, index));
        var before = await fixture.FingerprintAsync();
        using var request = new HttpRequestMessage(endpoint.Method, endpoint.Path(fixture, index)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        // Act
        using var response = await fixture.Host.CreateClient(endpoint.Key).SendAsync(request, Ct);

        // Assert
        var after = await fixture.FingerprintAsync();
        AssertNothingHalfWritten(response, before, after);

        // A scan batch is read as UTF-8 whatever charset its media type names.
        var expect = endpoint.IsScanBatch && payload == "an unknown charset" ? Expect.Either : hostile.Expect;
        var rejected = await AssertAnswerAsync(response, expect, endpoint.IsScanBatch, $"{route} with {payload}");
        if (rejected)
        {
            Assert.Equal(before, after);
        }
        else
        {
            // What an accepted request set going (a trace) finishes here, not in the middle of the next test.
            await fixture.SettleAsync(endpoint.CaseOf?.Invoke(fixture, index));
            if (hostile.Name.Contains("free text", StringComparison.Ordinal))
            {
                await AssertStoredVerbatimAsync(endpoint, index, response, hostile.Name.StartsWith("SQL", StringComparison.Ordinal) ? Sql : Script);
            }
        }

        await AssertStillServingAsync();
    }

    // ---- path ids

    /// <summary>An endpoint with an id in its path; <c>{id}</c> is replaced by the hostile id.</summary>
    public sealed record class PathRoute(string Name, HttpMethod Method, string Key, string Template, Func<HostileInputFixture, JsonObject>? Body = null);

    public static readonly PathRoute[] PathRoutes =
    [
        new("GET /api/persons/{personId}", HttpMethod.Get, ContactTraceHost.AdminKey, "/api/persons/{id}"),
        new("PUT /api/persons/{personId}", HttpMethod.Put, ContactTraceHost.AdminKey, "/api/persons/{id}", _ => new JsonObject { ["district"] = "daoli", ["name"] = "张三" }),
        new("DELETE /api/persons/{personId}", HttpMethod.Delete, ContactTraceHost.AdminKey, "/api/persons/{id}"),
        new("GET /api/persons/{personId}/exposures", HttpMethod.Get, ContactTraceHost.AdminKey, "/api/persons/{id}/exposures"),
        new("GET /api/venues/{venueId}", HttpMethod.Get, ContactTraceHost.AdminKey, "/api/venues/{id}"),
        new("PUT /api/venues/{venueId}", HttpMethod.Put, ContactTraceHost.AdminKey, "/api/venues/{id}", _ => new JsonObject { ["name"] = "饭店", ["district"] = "daoli", ["kind"] = "restaurant" }),
        new("GET /api/hotels/{hotelId}", HttpMethod.Get, ContactTraceHost.AdminKey, "/api/hotels/{id}"),
        new("PUT /api/hotels/{hotelId}", HttpMethod.Put, ContactTraceHost.AdminKey, "/api/hotels/{id}", _ => new JsonObject { ["name"] = "酒店", ["district"] = "yanshou", ["capacity"] = 5 }),
        new("GET /api/hotels/{hotelId}/assignments", HttpMethod.Get, ContactTraceHost.AdminKey, "/api/hotels/{id}/assignments"),
        new("GET /api/hotels/{hotelId}/assignments/stream", HttpMethod.Get, ContactTraceHost.AdminKey, "/api/hotels/{id}/assignments/stream"),
        new("PUT /api/hotels/{hotelId}/webhook", HttpMethod.Put, ContactTraceHost.AdminKey, "/api/hotels/{id}/webhook", _ => new JsonObject { ["url"] = "http://127.0.0.1:9/hook", ["secret"] = "s3cret-s3cret-s3cret" }),
        new("DELETE /api/hotels/{hotelId}/webhook", HttpMethod.Delete, ContactTraceHost.AdminKey, "/api/hotels/{id}/webhook"),
        new("GET /api/cases/{caseId}", HttpMethod.Get, ContactTraceHost.TracerKey, "/api/cases/{id}"),
        new("PUT /api/cases/{caseId}/classification", HttpMethod.Put, ContactTraceHost.TracerKey, "/api/cases/{id}/classification",
            f => new JsonObject { ["classification"] = "confirmed", ["at"] = HostileInputFixture.Iso(f.Now.AddMinutes(-10)) }),
        new("POST /api/cases/{caseId}/contacts", HttpMethod.Post, ContactTraceHost.TracerKey, "/api/cases/{id}/contacts",
            f => new JsonObject { ["personId"] = f.ContactPersonId, ["at"] = HostileInputFixture.Iso(f.Now.AddHours(-2)), ["setting"] = "meal" }),
        new("GET /api/cases/{caseId}/contacts", HttpMethod.Get, ContactTraceHost.TracerKey, "/api/cases/{id}/contacts"),
        new("GET /api/cases/{caseId}/contacts?format=csv", HttpMethod.Get, ContactTraceHost.TracerKey, "/api/cases/{id}/contacts?format=csv"),
        new("GET /api/cases/{caseId}/chain", HttpMethod.Get, ContactTraceHost.TracerKey, "/api/cases/{id}/chain"),
        new("POST /api/assignments/{assignmentId}/check-in", HttpMethod.Post, ContactTraceHost.AdminKey, "/api/assignments/{id}/check-in"),
        new("POST /api/assignments/{assignmentId}/check-out", HttpMethod.Post, ContactTraceHost.AdminKey, "/api/assignments/{id}/check-out"),
        new("DELETE /api/keys/{keyId}", HttpMethod.Delete, ContactTraceHost.AdminKey, "/api/keys/{id}"),
    ];

    /// <summary>
    /// Hostile ids as they appear in the URL (percent-encoded where a URL needs it). A NUL (<c>%00</c>) is not among
    /// them: the server refuses such a request line itself (Kestrel answers 400; the test server throws) before the
    /// application sees it.
    /// </summary>
    public static readonly Dictionary<string, string> PathIds = new(StringComparer.Ordinal)
    {
        ["65 characters"] = new string('a', 65),
        ["10,000 characters"] = new string('a', 10_000),
        ["a space"] = "a%20b",
        ["a newline"] = "a%0Ab",
        ["SQL"] = Uri.EscapeDataString(Sql),
        ["script"] = Uri.EscapeDataString(Script),
        ["dot-dot slashes"] = "..%2F..%2Fetc%2Fpasswd",
        ["Chinese"] = Uri.EscapeDataString("张三"),
        ["an emoji"] = Uri.EscapeDataString("😀"),
        ["invalid UTF-8"] = "%FF%FE%ED%A0%80",
        ["a lone percent"] = "100%25",
    };

    public static TheoryData<string, string> PathCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var route in PathRoutes)
        {
            foreach (var id in PathIds.Keys)
            {
                data.Add(route.Name, id);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PathCases))]
    public async Task AHostilePathIdIsRejectedAsAProblemAndChangesNothing(string route, string id)
    {
        var endpoint = PathRoutes.Single(r => r.Name == route);
        var before = await fixture.FingerprintAsync();
        using var request = new HttpRequestMessage(endpoint.Method, endpoint.Template.Replace("{id}", PathIds[id], StringComparison.Ordinal));
        if (endpoint.Body?.Invoke(fixture) is { } body)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        // Act
        using var response = await fixture.Host.CreateClient(endpoint.Key).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);

        // Assert
        var after = await fixture.FingerprintAsync();
        AssertNothingHalfWritten(response, before, after);
        await AssertAnswerAsync(response, Expect.Rejected, isScanBatch: false, $"{route} with {id}");
        Assert.Equal(before, after);
        await AssertStillServingAsync();
    }

    // ---- query parameters

    public static readonly Dictionary<string, (Func<HostileInputFixture, string> Path, string Key, Expect Expect)> Queries = new(StringComparer.Ordinal)
    {
        ["contacts: after with a NUL character"] = (f => $"/api/cases/{f.TracedCaseId}/contacts?after=a%00b", ContactTraceHost.TracerKey, Expect.Either),
        ["contacts: after with SQL"] = (f => $"/api/cases/{f.TracedCaseId}/contacts?after={Uri.EscapeDataString(Sql)}", ContactTraceHost.TracerKey, Expect.Either),
        ["contacts: after of 10,000 characters"] = (f => $"/api/cases/{f.TracedCaseId}/contacts?after={new string('a', 10_000)}", ContactTraceHost.TracerKey, Expect.Either),
        ["contacts: tier 99999999999999999999"] = (f => $"/api/cases/{f.TracedCaseId}/contacts?tier=99999999999999999999", ContactTraceHost.TracerKey, Expect.Rejected),
        ["contacts: tier as text"] = (f => $"/api/cases/{f.TracedCaseId}/contacts?tier=one", ContactTraceHost.TracerKey, Expect.Rejected),
        ["contacts: limit -1"] = (f => $"/api/cases/{f.TracedCaseId}/contacts?limit=-1", ContactTraceHost.TracerKey, Expect.Rejected),
        ["contacts: limit 1e400"] = (f => $"/api/cases/{f.TracedCaseId}/contacts?limit=1e400", ContactTraceHost.TracerKey, Expect.Rejected),
        ["contacts: category with script"] = (f => $"/api/cases/{f.TracedCaseId}/contacts?category={Uri.EscapeDataString(Script)}", ContactTraceHost.TracerKey, Expect.Rejected),
        ["contacts: unknown format"] = (f => $"/api/cases/{f.TracedCaseId}/contacts?format=xml", ContactTraceHost.TracerKey, Expect.Rejected),
        ["chain: after with SQL"] = (f => $"/api/cases/{f.TracedCaseId}/chain?after={Uri.EscapeDataString(Sql)}", ContactTraceHost.TracerKey, Expect.Rejected),
        ["chain: limit 99999999999999999999"] = (f => $"/api/cases/{f.TracedCaseId}/chain?limit=99999999999999999999", ContactTraceHost.TracerKey, Expect.Rejected),
        ["chain: contacts not a boolean"] = (f => $"/api/cases/{f.TracedCaseId}/chain?contacts=maybe", ContactTraceHost.TracerKey, Expect.Rejected),
        ["chain: unknown format"] = (f => $"/api/cases/{f.TracedCaseId}/chain?format={Uri.EscapeDataString(Script)}", ContactTraceHost.TracerKey, Expect.Rejected),
        ["daily: no date"] = (_ => "/api/reports/daily", ContactTraceHost.TracerKey, Expect.Rejected),
        ["daily: date 9999-12-31"] = (_ => "/api/reports/daily?date=9999-12-31", ContactTraceHost.TracerKey, Expect.Either),
        ["daily: date 0001-01-01"] = (_ => "/api/reports/daily?date=0001-01-01", ContactTraceHost.TracerKey, Expect.Either),
        ["daily: date with script"] = (_ => $"/api/reports/daily?date={Uri.EscapeDataString(Script)}", ContactTraceHost.TracerKey, Expect.Rejected),
        ["daily: until 24:01"] = (_ => "/api/reports/daily?date=2022-12-01&until=24:01", ContactTraceHost.TracerKey, Expect.Rejected),
        ["daily: until 00:00"] = (_ => "/api/reports/daily?date=2022-12-01&until=00:00", ContactTraceHost.TracerKey, Expect.Rejected),
        ["daily: unknown format"] = (_ => "/api/reports/daily?date=2022-12-01&format=pdf", ContactTraceHost.TracerKey, Expect.Rejected),
        ["audit: keyId with a NUL character"] = (_ => "/api/audit?keyId=a%00b", ContactTraceHost.AdminKey, Expect.Either),
        ["audit: subject with a NUL character"] = (_ => "/api/audit?subject=a%00b", ContactTraceHost.AdminKey, Expect.Either),
        ["audit: subject with SQL"] = (_ => $"/api/audit?subject={Uri.EscapeDataString(Sql)}", ContactTraceHost.AdminKey, Expect.Either),
        ["audit: keyId of 10,000 characters"] = (_ => $"/api/audit?keyId={new string('k', 10_000)}", ContactTraceHost.AdminKey, Expect.Rejected),
        ["audit: after 99999999999999999999"] = (_ => "/api/audit?after=99999999999999999999", ContactTraceHost.AdminKey, Expect.Rejected),
        ["audit: limit as text"] = (_ => "/api/audit?limit=all", ContactTraceHost.AdminKey, Expect.Rejected),
        ["feed: after with a NUL character"] = (f => $"/api/hotels/{f.HotelId}/assignments?after=a%00b", ContactTraceHost.AdminKey, Expect.Rejected),
        ["feed: after -1"] = (f => $"/api/hotels/{f.HotelId}/assignments?after=-1", ContactTraceHost.AdminKey, Expect.Rejected),
        ["feed: after 99999999999999999999"] = (f => $"/api/hotels/{f.HotelId}/assignments?after=99999999999999999999", ContactTraceHost.AdminKey, Expect.Rejected),
        ["feed: limit 0"] = (f => $"/api/hotels/{f.HotelId}/assignments?limit=0", ContactTraceHost.AdminKey, Expect.Rejected),
        ["stream: after with SQL"] = (f => $"/api/hotels/{f.HotelId}/assignments/stream?after={Uri.EscapeDataString(Sql)}", ContactTraceHost.AdminKey, Expect.Rejected),
        ["assignments: no personId"] = (_ => "/api/assignments", ContactTraceHost.TracerKey, Expect.Rejected),
        ["assignments: personId with a NUL character"] = (_ => "/api/assignments?personId=a%00b", ContactTraceHost.TracerKey, Expect.Rejected),
        ["assignments: personId with SQL"] = (_ => $"/api/assignments?personId={Uri.EscapeDataString(Sql)}", ContactTraceHost.TracerKey, Expect.Rejected),
        ["assignments: personId of 10,000 characters"] = (_ => $"/api/assignments?personId={new string('p', 10_000)}", ContactTraceHost.TracerKey, Expect.Rejected),
    };

    public static TheoryData<string> QueryCases() => new(Queries.Keys);

    [Theory]
    [MemberData(nameof(QueryCases))]
    public async Task AHostileQueryIsNeverAServerErrorAndARejectedOneChangesNothing(string query)
    {
        var (path, key, expect) = Queries[query];
        var before = await fixture.FingerprintAsync();

        // Act
        using var response = await fixture.Host.CreateClient(key).GetAsync(path(fixture), HttpCompletionOption.ResponseHeadersRead, Ct);

        // Assert
        var after = await fixture.FingerprintAsync();
        AssertNothingHalfWritten(response, before, after);
        var rejected = await AssertAnswerAsync(response, expect, isScanBatch: false, query);
        if (rejected)
        {
            Assert.Equal(before, after);
        }

        await AssertStillServingAsync();
    }

    [Fact]
    public void EveryEndpointThatTakesInputIsCovered()
    {
        // Assert: every route with a body, every route with a path id, and the query-taking GETs
        Assert.Equal(10, BodyRoutes.Length);
        Assert.Equal(21, PathRoutes.Length);
        string[] queried = ["assignments", "audit", "chain", "contacts", "daily", "feed", "stream"];
        Assert.Equal(
            queried,
            Queries.Keys.Select(k => k[..k.IndexOf(':', StringComparison.Ordinal)]).Distinct().Order(StringComparer.Ordinal).ToArray());
    }

    // ---- helpers

    /// <summary>Checks the answer's class; true when the request was rejected (nothing may have changed).</summary>
    private static async Task<bool> AssertAnswerAsync(HttpResponseMessage response, Expect expect, bool isScanBatch, string what)
    {
        var status = (int)response.StatusCode;
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var text = mediaType == "text/event-stream" ? "" : await response.Content.ReadAsStringAsync(Ct);
        Assert.True(status < 500, $"{what}: {status} {Shorten(text)}");
        bool rejected;
        if (status >= 400)
        {
            Assert.True(mediaType == "application/problem+json", $"{what}: {status} as {mediaType}: {Shorten(text)}");
            var problem = JsonDocument.Parse(text).RootElement;
            Assert.Equal(status, problem.GetProperty("status").GetInt32());
            // Every problem names what was wrong, except the framework's 415 for a body that is not JSON at all.
            var named = (problem.TryGetProperty("errors", out var errors) && errors.EnumerateObject().Any())
                || (problem.TryGetProperty("field", out var field) && field.GetString() is { Length: > 0 });
            Assert.True(named || status == StatusCodes415, $"{what}: the problem names no field: {Shorten(text)}");
            rejected = true;
        }
        else if (isScanBatch)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var result = JsonDocument.Parse(text).RootElement;
            rejected = result.GetProperty("accepted").GetInt32() == 0 && result.GetProperty("duplicates").GetInt32() == 0;
        }
        else
        {
            Assert.True(status is >= 200 and < 300, $"{what}: {status}");
            rejected = false;
        }

        switch (expect)
        {
            case Expect.Rejected:
                Assert.True(rejected, $"{what} was not rejected: {status} {Shorten(text)}");
                break;
            case Expect.Accepted:
                Assert.False(rejected, $"{what} was not accepted: {status} {Shorten(text)}");
                break;
        }

        return rejected;
    }

    /// <summary>A request that failed on the server must at least have failed whole.</summary>
    private static void AssertNothingHalfWritten(HttpResponseMessage response, string before, string after)
    {
        if ((int)response.StatusCode >= 500)
        {
            Assert.True(before == after, $"a request that failed with {(int)response.StatusCode} left a change behind");
        }
    }

    private async Task AssertStillServingAsync()
    {
        var ready = await fixture.Host.CreateDefaultClient().GetAsync("/health/ready", Ct);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    /// <summary>Free text that looks like SQL or script is data: it reads back exactly as sent, and the tables are intact.</summary>
    private async Task AssertStoredVerbatimAsync(BodyRoute route, int index, HttpResponseMessage response, string sent)
    {
        var admin = fixture.Host.CreateClient(ContactTraceHost.AdminKey);
        var path = route.Path(fixture, index);
        switch (route.Name)
        {
            case "PUT /api/persons/{personId}":
                var person = await Json.ReadAsync(await admin.GetAsync(path, Ct));
                Assert.Equal((sent, sent), (person.GetProperty("name").GetString(), person.GetProperty("phone").GetString()));
                break;
            case "PUT /api/venues/{venueId}" or "PUT /api/hotels/{hotelId}":
                Assert.Equal(sent, (await Json.ReadAsync(await admin.GetAsync(path, Ct))).GetProperty("name").GetString());
                break;
            case "POST /api/keys":
                var keyId = (await Json.ReadAsync(response)).GetProperty("keyId").GetString();
                var keys = (await Json.ReadAsync(await admin.GetAsync("/api/keys", Ct))).GetProperty("items").EnumerateArray();
                Assert.Equal(sent, keys.Single(k => k.GetProperty("keyId").GetString() == keyId).GetProperty("name").GetString());
                break;
            case "PUT /api/hotels/{hotelId}/webhook":
                Assert.Equal(sent, await fixture.ScalarAsync<string>("SELECT secret FROM hotel_webhooks WHERE hotel_id = $1", fixture.HotelId));
                break;
            case "POST /api/cases/{caseId}/contacts":
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                break;
            default:
                Assert.Fail($"{route.Name} has no free text");
                break;
        }

        Assert.True(await fixture.ScalarAsync<long>("SELECT count(*) FROM persons") > 0);
    }

    private const int StatusCodes415 = 415;

    private static string Shorten(string text) => text.Length <= 400 ? text : text[..400] + "…";

    private static string Quoted(string value) => JsonSerializer.Serialize(value);

    private static string Serialize(BodyRoute route, JsonObject record, Func<JsonNode?, JsonNode?>? numbers = null)
    {
        if (numbers is not null)
        {
            foreach (var (name, value) in record.ToList())
            {
                if (value is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
                {
                    record[name] = numbers(value);
                }
            }
        }

        var json = record.ToJsonString();
        return route.IsNdjson ? json + "\n" : route.IsScanBatch ? "[" + json + "]" : json;
    }

    private static (byte[] Body, string ContentType) Text(BodyRoute route, string text) =>
        (Encoding.UTF8.GetBytes(text), route.IsNdjson ? "application/x-ndjson" : "application/json");

    private static (byte[] Body, string ContentType) Bytes(BodyRoute route, string text, string placeholder, byte[] replacement)
    {
        var at = text.IndexOf(placeholder, StringComparison.Ordinal);
        Assert.True(at >= 0, "no placeholder in the body");
        byte[] body = [.. Encoding.UTF8.GetBytes(text[..at]), .. replacement, .. Encoding.UTF8.GetBytes(text[(at + placeholder.Length)..])];
        return (body, route.IsNdjson ? "application/x-ndjson" : "application/json");
    }

    private static JsonObject Each(JsonObject record, IEnumerable<string> fields, Func<JsonNode?, JsonNode?> replace)
    {
        var copy = (JsonObject)record.DeepClone();
        foreach (var field in fields)
        {
            copy[field] = replace(copy[field]);
        }

        return copy;
    }

    /// <summary>The field's valid text with <paramref name="inserted"/> after its first character, so that only that character is wrong.</summary>
    private static string Inside(JsonNode? value, string inserted)
    {
        var text = value!.GetValue<string>();
        return text[..1] + inserted + text[1..];
    }

    private static JsonObject With(JsonObject record, string field, JsonNode? value)
    {
        var copy = (JsonObject)record.DeepClone();
        copy[field] = value;
        return copy;
    }

    private static string[] StringFields(JsonObject record) =>
        [.. record.Where(p => p.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String).Select(p => p.Key)];

    private static string[] TimeFields(JsonObject record) =>
        [.. StringFields(record).Where(f => f == "at" || f.EndsWith("At", StringComparison.Ordinal))];

    private static string[] CodeFields(BodyRoute route, JsonObject record) => [.. StringFields(record).Except(route.TextFields)];

    private static string[] TextOrAllFields(BodyRoute route, JsonObject record) => route.TextFields.Length > 0 ? route.TextFields : StringFields(record);

    private static string FirstTextOrField(BodyRoute route, JsonObject record) => route.TextFields.Length > 0 ? route.TextFields[0] : StringFields(record)[0];

    private static string NumberOrFirstField(JsonObject record) =>
        record.FirstOrDefault(p => p.Value is JsonValue v && v.GetValueKind() == JsonValueKind.Number).Key ?? StringFields(record)[0];

    /// <summary>One record more than a batch may hold (50,000), about 31 MB with padding.</summary>
    private static string OversizedBatch(BodyRoute route)
    {
        var padding = new string('p', 600);
        var records = Enumerable.Range(0, 50_001).Select(i => $$"""{"scanId":"big-{{i}}","pad":"{{padding}}"}""");
        return route.IsNdjson ? string.Join('\n', records) + "\n" : "[" + string.Join(',', records) + "]";
    }
}

/// <summary>
/// The hostile-input tests' own database and host, with what valid requests need: a venue, a hotel, a person to
/// report as a contact, a traced case, and one traced asymptomatic case per body payload for each of the two routes
/// that act on an existing case, so that every payload meets the same fresh case.
/// </summary>
public sealed class HostileInputFixture : IAsyncLifetime
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private NpgsqlDataSource _database = null!;

    /// <summary>A fixture that is never started, for looking at the shape of the routes' valid bodies.</summary>
    public static HostileInputFixture Sample { get; } = new();

    public ContactTraceHost Host { get; private set; } = null!;

    public DateTimeOffset Now { get; } = DateTimeOffset.UtcNow;

    public string VenueId => Id("venue");

    public string HotelId => Id("hotel");

    public string ContactPersonId => Id("contact");

    public string TracedCaseId => Id("traced-case");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public string Id(string name) => $"hi-{name}-{_run}";

    public string ClassificationCaseId(int payload) => Id($"classification-case-{payload}");

    public string ContactsCaseId(int payload) => Id($"contacts-case-{payload}");

    public static string Iso(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    public async ValueTask InitializeAsync()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync("hostile");
        _database = NpgsqlDataSource.Create(connectionString);
        Host = new ContactTraceHost(connectionString, $"hostile-{_run}");
        var admin = Host.CreateClient(ContactTraceHost.AdminKey);
        await PutAsync(admin, $"/api/venues/{VenueId}", new { name = "市场", district = "bayan", kind = "market" });
        await PutAsync(admin, $"/api/hotels/{HotelId}", new { name = "酒店", district = "tonghe", capacity = 3 });
        await PutAsync(admin, $"/api/persons/{ContactPersonId}", new { district = "bayan" });

        var cases = new List<string> { TracedCaseId };
        cases.AddRange(Enumerable.Range(0, HostileInputTests.BodyPayloads.Length).SelectMany(i => new[] { ClassificationCaseId(i), ContactsCaseId(i) }));
        var tracer = Host.CreateClient(ContactTraceHost.TracerKey);
        await Task.WhenAll(cases.Select(async caseId =>
        {
            var reported = await tracer.PostAsJsonAsync("/api/cases", new
            {
                caseId, personId = caseId + "-person", classification = "asymptomatic", sampledAt = Iso(Now.AddHours(-1)), district = "bayan",
            }, Ct);
            Assert.Equal(HttpStatusCode.Accepted, reported.StatusCode);
        }));

        var waited = Stopwatch.StartNew();
        while (await ScalarAsync<long>("SELECT count(*) FROM cases WHERE trace_status = 'completed'") < cases.Count)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(40), "the fixture's cases were not traced within 40 s");
            await Task.Delay(100, Ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await _database.DisposeAsync();
    }

    /// <summary>What a request could change: the registry, cases and their contacts, scans, keys, webhooks, audit.</summary>
    public Task<string> FingerprintAsync() => ScalarAsync<string>("""
        SELECT concat_ws(' | ',
            (SELECT md5(coalesce(string_agg(concat_ws(',', person_id, district, household_id, name, phone), ';' ORDER BY person_id), '')) FROM persons),
            (SELECT md5(coalesce(string_agg(concat_ws(',', venue_id, name, district, kind), ';' ORDER BY venue_id), '')) FROM venues),
            (SELECT md5(coalesce(string_agg(concat_ws(',', hotel_id, name, district, capacity), ';' ORDER BY hotel_id), '')) FROM hotels),
            (SELECT md5(coalesce(string_agg(concat_ws(',', case_id, person_id, classification, converted_at, district, sampled_at, onset_at, reported_at), ';' ORDER BY case_id), '')) FROM cases),
            (SELECT md5(coalesce(string_agg(case_id || ',' || person_id, ';' ORDER BY case_id, person_id), '')) FROM contacts),
            (SELECT count(*) FROM exposures),
            (SELECT count(*) FROM scans),
            (SELECT md5(coalesce(string_agg(concat_ws(',', key_id, role, hotel_id, name, revoked_at), ';' ORDER BY key_id), '')) FROM api_keys),
            (SELECT md5(coalesce(string_agg(concat_ws(',', hotel_id, url, secret), ';' ORDER BY hotel_id), '')) FROM hotel_webhooks),
            (SELECT count(*) FROM audit_log))
        """);

    /// <summary>Waits until the case (if any) is traced and nothing changes any more for a moment.</summary>
    public async Task SettleAsync(string? caseId)
    {
        var waited = Stopwatch.StartNew();
        var tracer = Host.CreateClient(ContactTraceHost.TracerKey);
        while (caseId is not null)
        {
            var response = await tracer.GetAsync($"/api/cases/{caseId}", Ct);
            if (response.StatusCode == HttpStatusCode.OK
                && (await Json.ReadAsync(response)).GetProperty("trace").GetProperty("status").GetString() == "completed")
            {
                break;
            }

            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), $"case {caseId} was not traced within 20 s");
            await Task.Delay(50, Ct);
        }

        var last = await FingerprintAsync();
        while (true)
        {
            await Task.Delay(200, Ct);
            var now = await FingerprintAsync();
            if (now == last)
            {
                return;
            }

            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), "the database did not settle within 20 s");
            last = now;
        }
    }

    public async Task<T> ScalarAsync<T>(string sql, params object[] values)
    {
        await using var command = _database.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return (T)(await command.ExecuteScalarAsync(Ct))!;
    }

    private static async Task PutAsync(HttpClient client, string path, object body)
    {
        var response = await client.PutAsJsonAsync(path, body, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
    }
}
