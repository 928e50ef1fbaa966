using System.Globalization;
using Microsoft.AspNetCore.Hosting;

namespace ContactTrace.Host.FunctionalTests;

/// <summary>
/// A bulletin asked again within <c>ContactTrace:Reports:ReuseFor</c> is answered from the figures already computed —
/// a day under way with the moment those ran to — and a bulletin of another period is computed for itself.
/// </summary>
public sealed class BulletinReuseTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Date(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Shanghai).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task ABulletinAskedAgainWithinReuseForRepeatsItsFiguresAndTheirPeriodEnd()
    {
        await using var host = new ContactTraceHost(null, $"bulletin-{Guid.NewGuid():N}", b => b.UseSetting("ContactTrace:Reports:ReuseFor", "00:10:00"));
        var admin = host.CreateClient(ContactTraceHost.AdminKey);
        var today = $"/api/reports/daily?date={Date(DateTimeOffset.UtcNow)}";
        var first = await admin.GetFromJsonAsync<JsonElement>(today, Ct);
        var posted = await admin.PostAsJsonAsync("/api/cases", new
        {
            caseId = "reuse-case",
            personId = "reuse-person",
            classification = "confirmed",
            sampledAt = DateTimeOffset.UtcNow.AddHours(-1),
            district = "daoli",
        }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);

        // Act
        var again = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => admin.GetFromJsonAsync<JsonElement>(today, Ct)));
        var yesterday = await admin.GetFromJsonAsync<JsonElement>($"/api/reports/daily?date={Date(DateTimeOffset.UtcNow.AddDays(-1))}", Ct);

        // Assert: the same figures, as of the same moment (the case reported since waits for the next computation)
        Assert.All(again, a =>
        {
            Assert.Equal(first.GetProperty("periodEnd").GetDateTimeOffset(), a.GetProperty("periodEnd").GetDateTimeOffset());
            Assert.Equal(first.GetProperty("newCases").GetProperty("total").GetInt32(), a.GetProperty("newCases").GetProperty("total").GetInt32());
        });
        Assert.False(first.GetProperty("complete").GetBoolean());
        Assert.True(yesterday.GetProperty("complete").GetBoolean());
    }
}
