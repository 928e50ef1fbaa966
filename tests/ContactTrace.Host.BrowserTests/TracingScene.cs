using System.Globalization;

namespace ContactTrace.Host.BrowserTests;

/// <summary>
/// A small outbreak made through the API as the city's systems would make it: two people share a restaurant
/// table, the first becomes a case, the second — now a close contact — becomes the next case of the same
/// cluster; the second's household member is a contact of a close contact. One hotel takes the close contacts.
/// </summary>
public sealed class TracingScene
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..6];

    public string Venue => Id("restaurant");

    public string First => Id("zhang");

    public string Second => Id("li");

    public string Housemate => Id("wang");

    public string Household => Id("home");

    public string FirstCase => Id("case-1");

    public string SecondCase => Id("case-2");

    public DateTimeOffset Dinner { get; } = Minute(DateTimeOffset.UtcNow.AddHours(-30));

    public string Id(string name) => $"{name}-{_run}";

    public static string Iso(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    private static DateTimeOffset Minute(DateTimeOffset time) => new(time.UtcTicks - time.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);

    public async Task BuildAsync(ConsoleHost host, CancellationToken cancellationToken)
    {
        using var admin = host.Client(ConsoleHost.AdminKey);
        using var tracer = host.Client(ConsoleHost.TracerKey);
        using var scanner = host.Client(ConsoleHost.ScannerKey);
        await OkAsync(admin.PutAsJsonAsync($"/api/venues/{Venue}", new { name = "老厨家饭店", district = "daoli", kind = "restaurant" }, cancellationToken));
        await OkAsync(admin.PutAsJsonAsync($"/api/hotels/{Id("hotel")}", new { name = "道里区集中隔离点", district = "daoli", capacity = 20 }, cancellationToken));
        await OkAsync(admin.PutAsJsonAsync($"/api/persons/{First}", new { district = "daoli", name = "张伟", phone = "13904510001" }, cancellationToken));
        await OkAsync(admin.PutAsJsonAsync($"/api/persons/{Second}", new { district = "daoli", householdId = Household, compoundId = Id("qunli"), name = "李娜", phone = "13904510002" }, cancellationToken));
        await OkAsync(admin.PutAsJsonAsync($"/api/persons/{Housemate}", new { district = "daoli", householdId = Household, compoundId = Id("qunli"), name = "王芳", phone = "13904510003" }, cancellationToken));
        await OkAsync(scanner.PostAsJsonAsync("/api/scans", new[]
        {
            new { scanId = Id("scan-1"), personId = First, venueId = Venue, scannedAt = Iso(Dinner), leftAt = Iso(Dinner.AddMinutes(90)) },
            new { scanId = Id("scan-2"), personId = Second, venueId = Venue, scannedAt = Iso(Dinner.AddMinutes(10)), leftAt = Iso(Dinner.AddMinutes(80)) },
        }, cancellationToken));

        var now = DateTimeOffset.UtcNow;
        await ReportAsync(tracer, FirstCase, First, now.AddHours(-20), now.AddHours(-8), cancellationToken);
        await WaitForTraceAsync(tracer, FirstCase, cancellationToken);
        await ReportAsync(tracer, SecondCase, Second, null, now.AddHours(-1), cancellationToken);
        await WaitForTraceAsync(tracer, SecondCase, cancellationToken);
    }

    public static async Task ReportAsync(HttpClient tracer, string caseId, string personId, DateTimeOffset? onset, DateTimeOffset sampled, CancellationToken cancellationToken, string? district = null)
    {
        var response = await tracer.PostAsJsonAsync("/api/cases", new
        {
            caseId, personId, classification = "confirmed", sampledAt = Iso(sampled), onsetAt = onset is null ? null : Iso(onset.Value), district,
        }, cancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private static async Task WaitForTraceAsync(HttpClient tracer, string caseId, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var body = await tracer.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}", cancellationToken);
            if (body.GetProperty("trace").GetProperty("status").GetString() == "completed")
            {
                return;
            }

            await Task.Delay(200, cancellationToken);
        }

        Assert.Fail($"The trace of {caseId} did not complete within 60 s.");
    }

    private static async Task OkAsync(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}");
    }
}
