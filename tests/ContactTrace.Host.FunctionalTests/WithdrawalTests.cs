using System.Globalization;

namespace ContactTrace.Host.FunctionalTests;

/// <summary>
/// A false positive withdrawn (<c>POST /api/cases/{caseId}/withdrawal</c>) on the real host and PostgreSQL: the
/// contact only it reached is released and the hotel's feed says so, the contact another case also reached keeps
/// their isolation, and a second withdrawal changes nothing.
/// </summary>
public sealed class WithdrawalTests(PostgresHostFixture fixture) : IClassFixture<PostgresHostFixture>
{
    private static readonly DateTimeOffset Day = new DateTimeOffset(DateTimeOffset.UtcNow.Date, TimeSpan.Zero).AddDays(-1);

    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Admin => fixture.Host.CreateClient(ContactTraceHost.AdminKey);

    private HttpClient Tracer => fixture.Host.CreateClient(ContactTraceHost.TracerKey);

    private string Id(string name) => $"{name}-{_run}";

    private static string Iso(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture);

    /// <summary>
    /// Case a (pa) ate with px and py; case b (pb) rode a bus with py. A hotel in their district takes px and py.
    /// </summary>
    private async Task BuildAsync()
    {
        await PutAsync($"/api/hotels/{Id("hotel")}", new { name = "隔离酒店", district = "songbei", capacity = 10 });
        foreach (var person in new[] { "pa", "pb", "px", "py" })
        {
            await PutAsync($"/api/persons/{Id(person)}", new { district = "songbei" });
        }

        await PutAsync($"/api/venues/{Id("restaurant")}", new { name = "饭店", district = "songbei", kind = "restaurant" });
        await PutAsync($"/api/venues/{Id("bus")}", new { name = "公交", district = "songbei", kind = "bus" });
        var scans = new[]
        {
            Scan("pa", "restaurant", Day.AddHours(10), Day.AddHours(11)),
            Scan("px", "restaurant", Day.AddHours(10.25), Day.AddHours(10.75)),
            Scan("py", "restaurant", Day.AddHours(10.3), Day.AddHours(10.8)),
            Scan("pb", "bus", Day.AddHours(15), Day.AddHours(15.5)),
            Scan("py", "bus", Day.AddHours(15.1), Day.AddHours(15.4)),
        };
        Assert.Equal(HttpStatusCode.OK, (await fixture.Host.CreateClient(ContactTraceHost.ScannerKey).PostAsJsonAsync("/api/scans", scans, Ct)).StatusCode);
        foreach (var (caseName, person) in new[] { ("a", "pa"), ("b", "pb") })
        {
            var posted = await Tracer.PostAsJsonAsync("/api/cases", new
            {
                caseId = Id(caseName),
                personId = Id(person),
                classification = "confirmed",
                sampledAt = Iso(Day.AddHours(18)),
                reportedAt = Iso(Day.AddHours(20)),
            }, Ct);
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        }

        // Both traces done, not only the placements: py placed by a's trace alone is released by a's withdrawal
        // before b's trace has made them b's contact too.
        await EventuallyAsync(async () => await TraceStatusAsync("a") == "completed" && await TraceStatusAsync("b") == "completed", "both cases traced");
        await EventuallyAsync(async () => (await HotelAssignmentAsync("px")) is not null && (await HotelAssignmentAsync("py")) is not null, "px and py placed");
    }

    private async Task<string?> TraceStatusAsync(string caseName) =>
        (await Json.ReadAsync(await Tracer.GetAsync($"/api/cases/{Id(caseName)}", Ct))).GetProperty("trace").GetProperty("status").GetString();

    private object Scan(string person, string venue, DateTimeOffset from, DateTimeOffset until) =>
        new { scanId = $"s-{Guid.NewGuid():N}", personId = Id(person), venueId = Id(venue), scannedAt = Iso(from), leftAt = Iso(until) };

    private async Task PutAsync(string path, object body) => Assert.Equal(HttpStatusCode.OK, (await Admin.PutAsJsonAsync(path, body, Ct)).StatusCode);

    private async Task<JsonElement?> HotelAssignmentAsync(string person)
    {
        var page = await Json.ReadAsync(await Tracer.GetAsync($"/api/assignments?personId={Id(person)}", Ct));
        return page.GetProperty("items").EnumerateArray().Where(a => a.GetProperty("hotelId").ValueKind == JsonValueKind.String).Select(a => (JsonElement?)a).FirstOrDefault();
    }

    private async Task<string> CategoryOfAsync(string person) =>
        (await Json.ReadAsync(await Tracer.GetAsync($"/api/persons/{Id(person)}", Ct))).GetProperty("management").GetProperty("category").GetString()!;

    // Every test's hotel is in the same district: read the feed of the hotel px was placed at.
    private async Task<List<(string AssignmentId, string Status)>> FeedAsync()
    {
        var hotelId = (await HotelAssignmentAsync("px"))!.Value.GetProperty("hotelId").GetString();
        var page = await Json.ReadAsync(await Admin.GetAsync($"/api/hotels/{hotelId}/assignments?limit=1000", Ct));
        return [.. page.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("assignmentId").GetString()!, i.GetProperty("status").GetString()!))];
    }

    private static Task EventuallyAsync(Func<Task<bool>> condition, string what) => Poll.UntilAsync(condition, TimeSpan.FromSeconds(60), what, Ct);

    private Task<HttpResponseMessage> WithdrawAsync(HttpClient client, string caseName, object body) =>
        client.PostAsJsonAsync($"/api/cases/{Id(caseName)}/withdrawal", body, Ct);

    [Fact]
    public async Task WithdrawingAFalsePositiveReleasesWhatItAloneCausedAndKeepsWhatAnotherCaseCaused()
    {
        await BuildAsync();
        var px = (await HotelAssignmentAsync("px"))!.Value.GetProperty("assignmentId").GetString()!;
        var py = (await HotelAssignmentAsync("py"))!.Value.GetProperty("assignmentId").GetString()!;

        // Act
        var withdrawn = await WithdrawAsync(Tracer, "a", new { reason = "复核阴性，初筛假阳性" });

        // Assert: the case is marked and no longer a case's source of anything.
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        var body = await Json.ReadAsync(withdrawn);
        Assert.Equal("复核阴性，初筛假阳性", body.GetProperty("withdrawal").GetProperty("reason").GetString());
        var listed = await Json.ReadAsync(await Tracer.GetAsync("/api/cases?status=withdrawn&limit=100", Ct));
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), c => c.GetProperty("caseId").GetString() == Id("a"));

        // px, reached by a alone: released, and the hotel's feed says so; pa is no case any more.
        await EventuallyAsync(async () => (await FeedAsync()).Contains((px, "released")), "the hotel's feed shows px released");
        Assert.Equal(("none", "none"), (await CategoryOfAsync("px"), await CategoryOfAsync("pa")));

        // py, reached by b too: keeps their management and their room.
        Assert.Equal("close-contact", await CategoryOfAsync("py"));
        Assert.Equal("assigned", (await HotelAssignmentAsync("py"))!.Value.GetProperty("status").GetString());
        Assert.DoesNotContain((py, "released"), await FeedAsync());
    }

    [Fact]
    public async Task ASecondWithdrawalAnUnknownCaseAMissingReasonAndAnotherRoleChangeNothing()
    {
        await BuildAsync();
        Assert.Equal(HttpStatusCode.OK, (await WithdrawAsync(Tracer, "a", new { reason = "假阳性" })).StatusCode);
        await EventuallyAsync(async () => (await FeedAsync()).Any(i => i.Status == "released"), "the release reached the feed");
        var feed = await FeedAsync();

        // Act
        var again = await WithdrawAsync(Tracer, "a", new { reason = "再次撤销" });
        var unknown = await WithdrawAsync(Tracer, "nobody", new { reason = "假阳性" });
        var noReason = await WithdrawAsync(Tracer, "b", new { });
        var scanner = await WithdrawAsync(fixture.Host.CreateClient(ContactTraceHost.ScannerKey), "b", new { reason = "假阳性" });

        // Assert
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("caseId", (await Json.ReadAsync(again)).GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.True((await Json.ReadAsync(noReason)).GetProperty("errors").TryGetProperty("reason", out _));
        Assert.Equal(HttpStatusCode.Forbidden, scanner.StatusCode);
        var b = await Json.ReadAsync(await Tracer.GetAsync($"/api/cases/{Id("b")}", Ct));
        Assert.Equal(JsonValueKind.Null, b.GetProperty("withdrawal").ValueKind);
        Assert.Equal("假阳性", (await Json.ReadAsync(await Tracer.GetAsync($"/api/cases/{Id("a")}", Ct))).GetProperty("withdrawal").GetProperty("reason").GetString());
        Assert.Equal(feed, await FeedAsync());
    }
}
