using System.Text;

namespace ContactTrace.Host.FunctionalTests;

/// <summary>
/// One test's corner of a city on a <see cref="ScreeningHost"/>: ids unique to the test, and the calls the
/// screening tests make — register, scan, report, post results, read codes, zones and cases.
/// </summary>
public sealed class ScreeningWorld(ScreeningHost host)
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ScreeningHost Host { get; } = host;

    public DateTimeOffset Now => Host.Time.GetUtcNow();

    public string Id(string name) => $"{name}-{_run}";

    public static string Iso(DateTimeOffset time) => ScreeningHost.Iso(time);

    public Task PersonAsync(string name, string? household = null, string? compound = null, string district = "daoli") =>
        PutAsync($"/api/persons/{Id(name)}", new { district, householdId = household is null ? null : Id(household), compoundId = compound is null ? null : Id(compound) });

    public Task VenueAsync(string name, string kind) => PutAsync($"/api/venues/{Id(name)}", new { name = $"场所{name}", district = "daoli", kind });

    public Task HotelAsync(string name, int capacity) => PutAsync($"/api/hotels/{Id(name)}", new { name = "隔离酒店", district = "daoli", capacity });

    public async Task ScanAsync(string person, string venue, DateTimeOffset at, DateTimeOffset? leftAt = null)
    {
        var response = await Host.Scanner.PostAsJsonAsync("/api/scans",
            new[] { new { scanId = Id($"s-{Guid.NewGuid():N}"[..30]), personId = Id(person), venueId = Id(venue), scannedAt = Iso(at), leftAt = leftAt is null ? null : Iso(leftAt.Value) } }, Ct);
        var answer = await Json.ReadAsync(response);
        Assert.True(response.IsSuccessStatusCode && answer.GetProperty("accepted").GetInt32() == 1, $"scan: {answer}");
    }

    /// <summary>A test result record as the laboratories send it; read four hours after sampling, or now if that is sooner.</summary>
    public object Test(string test, string person, string result, string context, DateTimeOffset sampledAt, DateTimeOffset? resultAt = null, string? district = null) =>
        new { testId = Id(test), personId = Id(person), sampledAt = Iso(sampledAt), resultAt = Iso(resultAt ?? (sampledAt.AddHours(4) < Now ? sampledAt.AddHours(4) : Now)), result, context = new { kind = context }, district };

    public async Task<JsonElement> PostTestsAsync(params object[] records)
    {
        var response = await Host.Lab.PostAsJsonAsync("/api/tests", records, Ct);
        var answer = await Json.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST /api/tests: {(int)response.StatusCode} {answer}");
        return answer;
    }

    public async Task<JsonElement> ReportCaseAsync(string caseName, string person, DateTimeOffset sampledAt)
    {
        var response = await Host.Tracer.PostAsJsonAsync("/api/cases",
            new { caseId = Id(caseName), personId = Id(person), classification = "confirmed", sampledAt = Iso(sampledAt), reportedAt = Iso(Now) }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await TracedAsync(Id(caseName));
    }

    /// <summary>The case once its trace has completed.</summary>
    public Task<JsonElement> TracedAsync(string caseId) => ScreeningHost.EventuallyAsync(
        async () => await Json.ReadAsync(await Host.Tracer.GetAsync($"/api/cases/{caseId}", Ct)),
        c => c.TryGetProperty("trace", out var t) && t.GetProperty("status").GetString() == "completed", $"trace of {caseId}");

    public async Task<JsonElement> CodeAsync(string person) =>
        await Json.ReadAsync(await Host.Scanner.GetAsync($"/api/health-codes/{Id(person)}", Ct));

    /// <summary>The person's code once it is <paramref name="code"/> with exactly these rules.</summary>
    public Task<JsonElement> CodeBecomesAsync(string person, string code, params string[] rules) => ScreeningHost.EventuallyAsync(
        () => CodeAsync(person),
        c => c.GetProperty("code").GetString() == code && Rules(c).SequenceEqual(rules),
        $"code of {person} to become {code} ({string.Join(", ", rules)})");

    public static IEnumerable<string?> Rules(JsonElement code) => code.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("rule").GetString());

    public async Task<List<JsonElement>> ZonesOfAsync(string compound, string? status = null)
    {
        var page = await Json.ReadAsync(await Host.Tracer.GetAsync($"/api/zones?limit=1000{(status is null ? "" : $"&status={status}")}", Ct));
        return [.. page.GetProperty("items").EnumerateArray().Where(z => z.GetProperty("compoundId").GetString() == Id(compound))];
    }

    public async Task<List<JsonElement>> ChangesAsync(long after = 0)
    {
        var changes = new List<JsonElement>();
        while (true)
        {
            var page = await Json.ReadAsync(await Host.Scanner.GetAsync($"/api/health-codes/changes?after={after}&limit=1000", Ct));
            var items = page.GetProperty("items").EnumerateArray().ToList();
            changes.AddRange(items);
            if (page.GetProperty("next").ValueKind == JsonValueKind.Null)
            {
                return changes;
            }

            after = items[^1].GetProperty("cursor").GetInt64();
        }
    }

    public static StringContent Ndjson(string text) => new(text, Encoding.UTF8, "application/x-ndjson");

    private async Task PutAsync(string path, object body)
    {
        var response = await Host.Admin.PutAsJsonAsync(path, body, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
    }
}
