using System.Diagnostics;
using System.Globalization;

namespace ContactTrace.Host.FunctionalTests;

/// <summary>
/// Who may do what, endpoint by endpoint: every route of the API (plus keys, audit and erasure) called with no
/// key and with each role's key — admin, tracer, scanner, the hotel of the configured hotel key, a hotel key of
/// another hotel, lab and public — and the status class each must get: allowed (neither 401 nor 403, and never a 5xx), 403 or
/// 401. Also: what a hotel reads about its guests never holds a name or a phone number.
/// </summary>
public sealed class RoleMatrixTests(RoleMatrixFixture fixture) : IClassFixture<RoleMatrixFixture>
{
    public const string None = "none";
    public const string Admin = "admin";
    public const string Tracer = "tracer";
    public const string Scanner = "scanner";
    public const string Hotel = "hotel";
    public const string OtherHotel = "hotel-of-another-hotel";
    public const string Lab = "lab";
    public const string Public = "public";

    private static readonly string[] Roles = [None, Admin, Tracer, Scanner, Hotel, OtherHotel, Lab, Public];
    private static readonly string[] AnyKey = [Admin, Tracer, Scanner, Hotel, OtherHotel, Lab, Public];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>An endpoint as called in the matrix, and the roles that hold the right to call it.</summary>
    private sealed record class Endpoint(string Route, HttpMethod Method, Func<RoleMatrixFixture, string> Path, Func<RoleMatrixFixture, object?>? Body, params string[] AllowedRoles);

    private static readonly Endpoint[] Endpoints =
    [
        new("PUT /api/persons/{personId}", HttpMethod.Put, f => $"/api/persons/{f.Id("put-person")}", _ => new { district = "daoli" }, Admin),
        new("GET /api/persons/{personId}", HttpMethod.Get, f => $"/api/persons/{f.NamedPersonId}", null, Admin, Tracer),
        new("DELETE /api/persons/{personId}", HttpMethod.Delete, f => $"/api/persons/{f.ErasablePersonId}", null, Admin),
        new("GET /api/persons/{personId}/exposures", HttpMethod.Get, f => $"/api/persons/{f.NamedPersonId}/exposures", null, Admin, Tracer),
        new("PUT /api/venues/{venueId}", HttpMethod.Put, f => $"/api/venues/{f.Id("put-venue")}", _ => new { name = "饭店", district = "daoli", kind = "restaurant" }, Admin),
        new("GET /api/venues/{venueId}", HttpMethod.Get, f => $"/api/venues/{f.VenueId}", null, Admin, Tracer),
        new("PUT /api/hotels/{hotelId} (another)", HttpMethod.Put, f => $"/api/hotels/{f.Id("put-hotel")}", _ => new { name = "新酒店", district = "wuchang", capacity = 1 }, Admin),
        new("PUT /api/hotels/{hotelId} (the key's own)", HttpMethod.Put, _ => $"/api/hotels/{ContactTraceHost.HotelKeyHotelId}", _ => new { name = "隔离酒店", district = "daoli", capacity = 20 }, Admin),
        new("GET /api/hotels/{hotelId} (hotel key's)", HttpMethod.Get, _ => $"/api/hotels/{ContactTraceHost.HotelKeyHotelId}", null, Admin, Tracer, Hotel),
        new("GET /api/hotels/{hotelId} (other key's)", HttpMethod.Get, _ => $"/api/hotels/{RoleMatrixFixture.OtherHotelId}", null, Admin, Tracer, OtherHotel),
        new("GET /api/hotels/{hotelId}/assignments (hotel key's)", HttpMethod.Get, _ => $"/api/hotels/{ContactTraceHost.HotelKeyHotelId}/assignments", null, Admin, Hotel),
        new("GET /api/hotels/{hotelId}/assignments (other key's)", HttpMethod.Get, _ => $"/api/hotels/{RoleMatrixFixture.OtherHotelId}/assignments", null, Admin, OtherHotel),
        new("GET /api/hotels/{hotelId}/assignments/stream (hotel key's)", HttpMethod.Get, _ => $"/api/hotels/{ContactTraceHost.HotelKeyHotelId}/assignments/stream", null, Admin, Hotel),
        new("GET /api/hotels/{hotelId}/assignments/stream (other key's)", HttpMethod.Get, _ => $"/api/hotels/{RoleMatrixFixture.OtherHotelId}/assignments/stream", null, Admin, OtherHotel),
        new("PUT /api/hotels/{hotelId}/webhook (hotel key's)", HttpMethod.Put, _ => $"/api/hotels/{ContactTraceHost.HotelKeyHotelId}/webhook", _ => new { url = "http://127.0.0.1:9/feed", secret = "a-secret-of-sixteen-or-more" }, Admin, Hotel),
        new("DELETE /api/hotels/{hotelId}/webhook (hotel key's)", HttpMethod.Delete, _ => $"/api/hotels/{ContactTraceHost.HotelKeyHotelId}/webhook", null, Admin, Hotel),
        new("PUT /api/hotels/{hotelId}/webhook (other key's)", HttpMethod.Put, _ => $"/api/hotels/{RoleMatrixFixture.OtherHotelId}/webhook", _ => new { url = "http://127.0.0.1:9/feed", secret = "a-secret-of-sixteen-or-more" }, Admin, OtherHotel),
        new("DELETE /api/hotels/{hotelId}/webhook (other key's)", HttpMethod.Delete, _ => $"/api/hotels/{RoleMatrixFixture.OtherHotelId}/webhook", null, Admin, OtherHotel),
        new("POST /api/scans", HttpMethod.Post, _ => "/api/scans", f => new[] { new { scanId = f.Id("scan"), personId = f.Id("scanned-person"), venueId = f.VenueId, scannedAt = RoleMatrixFixture.Iso(f.Now.AddHours(-5)) } }, Admin, Scanner),
        new("POST /api/cases", HttpMethod.Post, _ => "/api/cases", f => new { caseId = f.Id("posted-case"), personId = f.Id("posted-case-person"), classification = "confirmed", sampledAt = RoleMatrixFixture.Iso(f.Now.AddHours(-1)), district = "wuchang" }, Admin, Tracer),
        new("GET /api/cases/{caseId}", HttpMethod.Get, f => $"/api/cases/{f.CaseId}", null, Admin, Tracer),
        new("PUT /api/cases/{caseId}/classification", HttpMethod.Put, f => $"/api/cases/{f.AsymptomaticCaseId}/classification", f => new { classification = "confirmed", at = RoleMatrixFixture.Iso(f.Now.AddMinutes(-30)) }, Admin, Tracer),
        new("POST /api/cases/{caseId}/contacts", HttpMethod.Post, f => $"/api/cases/{f.AsymptomaticCaseId}/contacts", f => new { personId = f.Id("reported-contact"), at = RoleMatrixFixture.Iso(f.Now.AddHours(-2)), setting = "meal" }, Admin, Tracer),
        new("GET /api/cases/{caseId}/contacts", HttpMethod.Get, f => $"/api/cases/{f.CaseId}/contacts?tier=1", null, Admin, Tracer),
        new("GET /api/cases/{caseId}/contacts?format=csv", HttpMethod.Get, f => $"/api/cases/{f.CaseId}/contacts?format=csv", null, Admin, Tracer),
        new("GET /api/cases/{caseId}/chain", HttpMethod.Get, f => $"/api/cases/{f.CaseId}/chain", null, Admin, Tracer),
        new("GET /api/cases/{caseId}/chain?format=dot", HttpMethod.Get, f => $"/api/cases/{f.CaseId}/chain?format=dot", null, Admin, Tracer),
        new("GET /api/reports/daily", HttpMethod.Get, f => $"/api/reports/daily?date={f.Today}&until=15:00", null, Admin, Tracer),
        new("GET /api/reports/daily?format=text", HttpMethod.Get, f => $"/api/reports/daily?date={f.Today}&format=text", null, Admin, Tracer),
        new("GET /api/policy", HttpMethod.Get, _ => "/api/policy", null, Admin, Tracer),
        new("GET /api/assignments?personId=", HttpMethod.Get, f => $"/api/assignments?personId={f.NamedPersonId}", null, Admin, Tracer),
        new("GET /api/assignments?status=awaiting-capacity", HttpMethod.Get, _ => "/api/assignments?status=awaiting-capacity&district=daoli", null, Admin, Tracer),
        new("POST /api/assignments/{assignmentId}/check-in", HttpMethod.Post, f => $"/api/assignments/{f.AssignmentId}/check-in", null, Admin, Hotel),
        new("POST /api/assignments/{assignmentId}/check-out", HttpMethod.Post, f => $"/api/assignments/{f.AssignmentId}/check-out", null, Admin, Hotel),
        new("POST /api/keys", HttpMethod.Post, _ => "/api/keys", _ => new { role = "scanner", name = "made by the role matrix" }, Admin),
        new("GET /api/keys", HttpMethod.Get, _ => "/api/keys", null, Admin),
        new("DELETE /api/keys/{keyId}", HttpMethod.Delete, _ => "/api/keys/key:0000000000000000", null, Admin),
        new("GET /api/audit", HttpMethod.Get, _ => "/api/audit?limit=5", null, Admin),
        new("GET /api/cases", HttpMethod.Get, _ => "/api/cases?limit=5", null, Admin, Tracer),
        new("GET /api/cases/stream", HttpMethod.Get, _ => "/api/cases/stream", null, Admin, Tracer),
        new("GET /api/cases/{caseId}/reported-contacts", HttpMethod.Get, f => $"/api/cases/{f.AsymptomaticCaseId}/reported-contacts", null, Admin, Tracer),
        new("GET /api/persons?q=", HttpMethod.Get, _ => $"/api/persons?q={Uri.EscapeDataString(RoleMatrixFixture.Name)}", null, Admin, Tracer),
        new("GET /api/households/{householdId}", HttpMethod.Get, f => $"/api/households/{f.Id("household")}", null, Admin, Tracer),
        new("GET /api/venues/{venueId}/visits", HttpMethod.Get, f => $"/api/venues/{f.VenueId}/visits", null, Admin, Tracer),
        new("GET /api/hotels", HttpMethod.Get, _ => "/api/hotels", null, Admin, Tracer),
        new("GET /api/console/settings", HttpMethod.Get, _ => "/api/console/settings", null, Admin, Tracer),
        new("POST /api/tests", HttpMethod.Post, _ => "/api/tests", f => new[] { new { testId = f.Id("test"), personId = f.NamedPersonId, sampledAt = RoleMatrixFixture.Iso(f.Now.AddHours(-3)), resultAt = RoleMatrixFixture.Iso(f.Now.AddHours(-1)), result = "negative", context = new { kind = "community-round" } } }, Admin, Lab),
        new("GET /api/health-codes/{personId}", HttpMethod.Get, f => $"/api/health-codes/{f.NamedPersonId}", null, Admin, Tracer, Scanner),
        new("GET /api/health-codes/changes", HttpMethod.Get, _ => "/api/health-codes/changes", null, Admin, Tracer, Scanner),
        new("GET /api/health-codes/changes/stream", HttpMethod.Get, _ => "/api/health-codes/changes/stream", null, Admin, Tracer, Scanner),
        new("GET /api/zones", HttpMethod.Get, _ => "/api/zones", null, AnyKey),
        new("GET /api/zones/{zoneId}", HttpMethod.Get, f => $"/api/zones/{f.Id("zone")}", null, AnyKey),
        new("PUT /api/zones/{zoneId}", HttpMethod.Put, f => $"/api/zones/{f.Id("zone")}", f => new { compoundId = f.Id("compound"), district = "daoli" }, Admin, Tracer),
        new("POST /api/zones/{zoneId}/lift", HttpMethod.Post, f => $"/api/zones/{f.Id("zone-to-lift")}/lift", null, Admin, Tracer),
        new("GET /api/cases/{caseId}/trajectory", HttpMethod.Get, f => $"/api/cases/{f.CaseId}/trajectory", null, AnyKey),
        new("POST /api/self-reports", HttpMethod.Post, _ => "/api/self-reports", f => new { reportId = f.Id("report"), phone = "13900000000", venueId = f.VenueId, at = RoleMatrixFixture.Iso(f.Now.AddHours(-2)) }, AnyKey),
        new("GET /api/self-reports", HttpMethod.Get, _ => "/api/self-reports?status=open", null, Admin, Tracer),
        new("POST /api/self-reports/{reportId}/confirm", HttpMethod.Post, f => $"/api/self-reports/{f.Id("no-report")}/confirm", _ => new { }, Admin, Tracer),
        new("POST /api/self-reports/{reportId}/dismiss", HttpMethod.Post, f => $"/api/self-reports/{f.Id("no-report")}/dismiss", _ => new { }, Admin, Tracer),
        new("GET /api/venues/{venueId}/actions", HttpMethod.Get, f => $"/api/venues/{f.VenueId}/actions", null, Admin, Tracer),
        new("POST /api/venues/{venueId}/actions/{caseId}/close", HttpMethod.Post, f => $"/api/venues/{f.VenueId}/actions/{f.CaseId}/close", null, Admin, Tracer),
        new("POST /api/venues/{venueId}/actions/{caseId}/reopen", HttpMethod.Post, f => $"/api/venues/{f.VenueId}/actions/{f.CaseId}/reopen", null, Admin, Tracer),
    ];

    public static TheoryData<string, string> Matrix()
    {
        var data = new TheoryData<string, string>();
        foreach (var endpoint in Endpoints)
        {
            foreach (var role in Roles)
            {
                data.Add(endpoint.Route, role);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task EachRoleGetsExactlyItsRightsOnEveryEndpoint(string route, string role)
    {
        var endpoint = Endpoints.Single(e => e.Route == route);
        using var request = new HttpRequestMessage(endpoint.Method, endpoint.Path(fixture));
        if (endpoint.Body?.Invoke(fixture) is { } body)
        {
            request.Content = JsonContent.Create(body);
        }

        // Act: headers only, so that an allowed event stream does not hold the test open
        using var response = await fixture.Client(role).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);

        // Assert
        var status = (int)response.StatusCode;
        if (role == None)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        else if (endpoint.AllowedRoles.Contains(role))
        {
            Assert.True(status is not (401 or 403) and < 500, $"{role} on {route} answered {status}, expected a right to it");
        }
        else
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public void TheMatrixCoversEveryRouteOfTheContractAndTheAccessEndpoints()
    {
        string[] contract =
        [
            "PUT /api/persons/{personId}", "GET /api/persons/{personId}", "PUT /api/venues/{venueId}", "PUT /api/hotels/{hotelId}",
            "GET /api/hotels/{hotelId}", "POST /api/scans", "POST /api/cases", "GET /api/cases/{caseId}", "PUT /api/cases/{caseId}/classification",
            "POST /api/cases/{caseId}/contacts", "GET /api/cases/{caseId}/contacts", "GET /api/persons/{personId}/exposures",
            "GET /api/cases/{caseId}/chain", "GET /api/reports/daily", "GET /api/policy", "GET /api/hotels/{hotelId}/assignments",
            "GET /api/hotels/{hotelId}/assignments/stream", "POST /api/assignments/{assignmentId}/check-in",
            "POST /api/assignments/{assignmentId}/check-out", "PUT /api/hotels/{hotelId}/webhook", "DELETE /api/hotels/{hotelId}/webhook",
            "GET /api/assignments?personId=", "POST /api/keys", "GET /api/keys", "DELETE /api/keys/{keyId}", "GET /api/audit",
            "DELETE /api/persons/{personId}", "GET /api/cases", "GET /api/persons?q=", "GET /api/households/{householdId}",
            "GET /api/venues/{venueId}/visits", "GET /api/assignments?status=awaiting-capacity",
            "POST /api/tests", "GET /api/health-codes/{personId}", "GET /api/health-codes/changes", "GET /api/health-codes/changes/stream",
            "GET /api/zones", "GET /api/zones/{zoneId}", "PUT /api/zones/{zoneId}", "POST /api/zones/{zoneId}/lift",
            "GET /api/cases/{caseId}/trajectory", "POST /api/self-reports", "GET /api/self-reports", "GET /api/venues/{venueId}/actions",
        ];

        // Assert
        Assert.DoesNotContain(contract, route => !Endpoints.Any(e => e.Route == route || e.Route.StartsWith(route + " ", StringComparison.Ordinal)));
        Assert.Equal(Endpoints.Length * Roles.Length, Matrix().Count);
    }

    [Fact]
    public async Task AHotelKeysFeedCarriesItsGuestsNameAndPhoneInGuestOnly()
    {
        var admin = fixture.Client(Admin);
        var person = await Json.ReadAsync(await admin.GetAsync($"/api/persons/{fixture.NamedPersonId}", Ct));
        Assert.Equal((RoleMatrixFixture.Name, RoleMatrixFixture.Phone), (person.GetProperty("name").GetString(), person.GetProperty("phone").GetString()));

        // Act
        var response = await fixture.Client(Hotel).GetAsync($"/api/hotels/{ContactTraceHost.HotelKeyHotelId}/assignments", Ct);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync(Ct);
        var feed = JsonDocument.Parse(text).RootElement;
        var items = feed.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(items, item => item.GetProperty("personId").GetString() == fixture.NamedPersonId);
        Assert.All(items, AssertOnlyTheGuestIsNamed);
    }

    [Fact]
    public async Task AHotelKeysEventStreamCarriesItsGuestsNameAndPhoneInGuestOnly()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/hotels/{ContactTraceHost.HotelKeyHotelId}/assignments/stream");
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        // Act
        using var response = await fixture.Client(Hotel).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, connection.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(connection.Token));
        var data = new List<string>();
        connection.CancelAfter(TimeSpan.FromSeconds(10));
        while (await reader.ReadLineAsync(connection.Token) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Add(line["data: ".Length..]);
                if (data.Any(d => d.Contains(fixture.NamedPersonId, StringComparison.Ordinal)))
                {
                    break;
                }
            }
        }

        await connection.CancelAsync();

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(data, d => JsonDocument.Parse(d).RootElement.GetProperty("personId").GetString() == fixture.NamedPersonId);
        Assert.All(data, d => AssertOnlyTheGuestIsNamed(JsonDocument.Parse(d).RootElement));
    }

    /// <summary>
    /// A hotel gets, for each of its guests, what it needs to receive them (issue 14): name, phone and household in
    /// <c>guest</c>, and nothing else personal — no other field carries them.
    /// </summary>
    private void AssertOnlyTheGuestIsNamed(JsonElement item)
    {
        string[] fields = ["assignmentId", "caseId", "cursor", "end", "guest", "kind", "personId", "reason", "start", "status"];
        Assert.Equal(fields, item.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.All(item.EnumerateObject().Where(p => p.Name != "guest"), p => Assert.DoesNotContain(RoleMatrixFixture.Phone, p.Value.GetRawText(), StringComparison.Ordinal));
        if (item.GetProperty("personId").GetString() == fixture.NamedPersonId)
        {
            var guest = item.GetProperty("guest");
            Assert.Equal((RoleMatrixFixture.Name, RoleMatrixFixture.Phone), (guest.GetProperty("name").GetString(), guest.GetProperty("phone").GetString()));
        }
    }
}

/// <summary>
/// The world the role matrix runs in, on its own database: the configured hotel key's hotel and another hotel
/// with a key of its own (created through the API), a case whose household member — registered with a name and a
/// phone number — is a close contact placed at the configured key's hotel, and an asymptomatic case.
/// </summary>
public sealed class RoleMatrixFixture : IAsyncLifetime
{
    public const string OtherHotelId = "hotel-of-other-key";
    public const string Name = "王小明";
    public const string Phone = "13912345678";

    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    public ContactTraceHost Host { get; private set; } = null!;

    public string OtherHotelKey { get; private set; } = "";

    public DateTimeOffset Now { get; } = DateTimeOffset.UtcNow;

    public string Today => Now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public string CaseId => Id("case");

    public string AsymptomaticCaseId => Id("asymptomatic-case");

    public string NamedPersonId => Id("named");

    public string ErasablePersonId => Id("erasable");

    public string VenueId => Id("venue");

    public string AssignmentId { get; private set; } = "";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public string Id(string name) => $"rm-{name}-{_run}";

    public static string Iso(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    public HttpClient Client(string role) => role switch
    {
        RoleMatrixTests.None => Host.CreateDefaultClient(),
        RoleMatrixTests.Admin => Host.CreateClient(ContactTraceHost.AdminKey),
        RoleMatrixTests.Tracer => Host.CreateClient(ContactTraceHost.TracerKey),
        RoleMatrixTests.Scanner => Host.CreateClient(ContactTraceHost.ScannerKey),
        RoleMatrixTests.Hotel => Host.CreateClient(ContactTraceHost.HotelKey),
        RoleMatrixTests.OtherHotel => Host.CreateClient(OtherHotelKey),
        RoleMatrixTests.Lab => Host.CreateClient(ContactTraceHost.LabKey),
        RoleMatrixTests.Public => Host.CreateClient(ContactTraceHost.PublicKey),
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    public async ValueTask InitializeAsync()
    {
        Host = new ContactTraceHost(await PostgresServer.CreateDatabaseAsync("roles"), $"roles-{_run}");
        var admin = Host.CreateClient(ContactTraceHost.AdminKey);

        var key = await admin.PostAsJsonAsync("/api/keys", new { role = "hotel", hotelId = OtherHotelId, name = "another hotel" }, Ct);
        Assert.Equal(HttpStatusCode.Created, key.StatusCode);
        OtherHotelKey = (await Json.ReadAsync(key)).GetProperty("key").GetString()!;

        await PutAsync(admin, $"/api/hotels/{ContactTraceHost.HotelKeyHotelId}", new { name = "隔离酒店", district = "daoli", capacity = 20 });
        await PutAsync(admin, $"/api/hotels/{OtherHotelId}", new { name = "另一酒店", district = "wuchang", capacity = 20 });
        await PutAsync(admin, $"/api/venues/{VenueId}", new { name = "超市", district = "wuchang", kind = "supermarket" });
        await PutAsync(admin, $"/api/persons/{Id("case-person")}", new { district = "daoli", householdId = Id("household") });
        await PutAsync(admin, $"/api/persons/{NamedPersonId}", new { district = "daoli", householdId = Id("household"), name = Name, phone = Phone });
        await PutAsync(admin, $"/api/persons/{ErasablePersonId}", new { district = "wuchang", name = "李四", phone = "13700000000" });
        await PutAsync(admin, $"/api/persons/{Id("asymptomatic-person")}", new { district = "wuchang" });
        await PutAsync(admin, $"/api/persons/{Id("reported-contact")}", new { district = "wuchang" });

        var tracer = Host.CreateClient(ContactTraceHost.TracerKey);
        var reported = await tracer.PostAsJsonAsync("/api/cases", new { caseId = CaseId, personId = Id("case-person"), classification = "confirmed", sampledAt = Iso(Now.AddHours(-1)) }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, reported.StatusCode);
        var asymptomatic = await tracer.PostAsJsonAsync("/api/cases", new { caseId = AsymptomaticCaseId, personId = Id("asymptomatic-person"), classification = "asymptomatic", sampledAt = Iso(Now.AddHours(-1)) }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, asymptomatic.StatusCode);

        // The household member is a close contact, isolated at the only hotel in the household's district.
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var assignments = await Json.ReadAsync(await admin.GetAsync($"/api/assignments?personId={NamedPersonId}", Ct));
            var placed = assignments.GetProperty("items").EnumerateArray()
                .FirstOrDefault(a => a.GetProperty("hotelId").GetString() == ContactTraceHost.HotelKeyHotelId && a.GetProperty("status").GetString() == "assigned");
            if (placed.ValueKind == JsonValueKind.Object)
            {
                AssignmentId = placed.GetProperty("assignmentId").GetString()!;
                break;
            }

            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), $"{NamedPersonId} was not placed at {ContactTraceHost.HotelKeyHotelId} within 30 s");
            await Task.Delay(100, Ct);
        }
    }

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();

    private static async Task PutAsync(HttpClient client, string path, object body)
    {
        var response = await client.PutAsJsonAsync(path, body, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
    }
}
