using System.Globalization;
using Microsoft.AspNetCore.Hosting;

namespace ContactTrace.Host.FunctionalTests;

/// <summary>
/// Times in answers: in the offset of <c>ContactTrace:TimeZone</c> (+08:00 for Asia/Shanghai) by default, in UTC with
/// <c>ContactTrace:ResponseOffset=utc</c>; always the same instant as sent, whatever offset it was sent in — in JSON
/// and in the CSV export.
/// </summary>
public sealed class ResponseTimesTests(PostgresHostFixture fixture) : IClassFixture<PostgresHostFixture>
{
    // 04:30 UTC is 12:30 in Harbin: lunch.
    private static readonly DateTimeOffset Lunch = new(DateTimeOffset.UtcNow.AddDays(-1).Date.AddHours(4).AddMinutes(30), TimeSpan.Zero);

    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> ReportCaseAsync(ContactTraceHost host, string sampledAt)
    {
        var caseId = $"c-{_run}";
        var admin = host.CreateClient(ContactTraceHost.AdminKey);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/persons/p-{_run}", new { district = "daoli", householdId = $"h-{_run}" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/persons/q-{_run}", new { district = "daoli", householdId = $"h-{_run}" }, Ct)).StatusCode);
        var posted = await admin.PostAsJsonAsync("/api/cases", new { caseId, personId = $"p-{_run}", classification = "confirmed", sampledAt, reportedAt = sampledAt }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        return caseId;
    }

    [Theory]
    [InlineData("Z")]
    [InlineData("-05:00")]
    public async Task TimesAreAnsweredInTheCitysOffsetByDefaultWhateverOffsetTheyWereSentIn(string offset)
    {
        var sent = TimeZoneInfo.ConvertTime(Lunch, offset == "Z" ? TimeZoneInfo.Utc : TimeZoneInfo.CreateCustomTimeZone("x", TimeSpan.FromHours(-5), "x", "x"));
        var text = sent.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + offset;
        var caseId = await ReportCaseAsync(fixture.Host, text);

        // Act
        var answer = await Json.ReadAsync(await fixture.Host.CreateClient(ContactTraceHost.TracerKey).GetAsync($"/api/cases/{caseId}", Ct));

        // Assert
        var local = Lunch.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'12:30:00'+08:00'", CultureInfo.InvariantCulture);
        Assert.Equal(local, answer.GetProperty("sampledAt").GetString());
        Assert.Equal(local, answer.GetProperty("reportedAt").GetString());
    }

    [Fact]
    public async Task TheContactsExportWritesTimesInTheCitysOffset()
    {
        var caseId = await ReportCaseAsync(fixture.Host, Lunch.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture));
        var tracer = fixture.Host.CreateClient(ContactTraceHost.TracerKey);
        await HotelWorld.WaitUntilAsync(async () =>
            (await Json.ReadAsync(await tracer.GetAsync($"/api/cases/{caseId}", Ct))).GetProperty("trace").GetProperty("status").GetString() == "completed",
            TimeSpan.FromSeconds(30), "the case is traced");

        // Act
        var csv = await tracer.GetStringAsync($"/api/cases/{caseId}/contacts?format=csv", Ct);

        // Assert: the household member, exposed until the report (12:30 in Harbin)
        var row = csv.Split('\n')[1].Split(',');
        Assert.Equal($"q-{_run}", row[0]);
        Assert.EndsWith("T12:30:00+08:00", row[4], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResponseOffsetUtcAnswersInUtc()
    {
        await using var host = fixture.NewHost();
        await using var utc = host.WithWebHostBuilder(b => b.UseSetting("ContactTrace:ResponseOffset", "utc"));
        var caseId = await ReportCaseAsync(fixture.Host, Lunch.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
        var client = utc.CreateDefaultClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ContactTraceHost.TracerKey);

        // Act
        var answer = await Json.ReadAsync(await client.GetAsync($"/api/cases/{caseId}", Ct));

        // Assert
        Assert.Equal(Lunch.ToString("yyyy-MM-dd'T'04:30:00'+00:00'", CultureInfo.InvariantCulture), answer.GetProperty("sampledAt").GetString());
    }
}
