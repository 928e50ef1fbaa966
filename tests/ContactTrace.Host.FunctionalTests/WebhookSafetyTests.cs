using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace ContactTrace.Host.FunctionalTests;

/// <summary>
/// A webhook is a request this service makes where a hotel says: never into the service's own network (refused
/// when registered, and again at connect time after DNS), never following a redirect, https outside Development,
/// no credentials in the URL; where it went stays out of the unauthenticated <c>/metrics</c>; and each failed
/// attempt is one log line.
/// </summary>
public sealed class WebhookSafetyTests
{
    private const string OwnHotel = ContactTraceHost.HotelKeyHotelId;
    private const string Secret = "a-hotel-secret-0123456789";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Production rules: https only, public addresses only.</summary>
    private static void Production(IWebHostBuilder builder) => builder
        .UseSetting("ContactTrace:Webhooks:AllowHttp", "false")
        .UseSetting("ContactTrace:Webhooks:AllowPrivateTargets", "false");

    [Theory]
    [InlineData("https://169.254.169.254/latest/meta-data/")]
    [InlineData("https://metadata.google.internal.localhost/")]
    [InlineData("https://127.0.0.1:55432/")]
    [InlineData("https://[::1]/hook")]
    [InlineData("https://[::ffff:127.0.0.1]/hook")]
    [InlineData("https://2130706433/")]
    [InlineData("https://0x7f.0.0.1/")]
    [InlineData("https://0177.0.0.1/")]
    [InlineData("https://10.0.0.8/hook")]
    [InlineData("https://172.20.1.1/hook")]
    [InlineData("https://192.168.1.1/hook")]
    [InlineData("https://100.100.100.200/")]
    [InlineData("https://[fd00:ec2::254]/")]
    [InlineData("https://[fe80::1]/")]
    [InlineData("https://localhost:5432/")]
    [InlineData("https://user:password@hotel.example.invalid/hook")]
    [InlineData("http://hotel.example.invalid/hook")]
    public async Task AWebhookIntoThisServicesNetworkOrWithoutHttpsIsRefusedWhenRegistered(string url)
    {
        // Arrange
        await using var host = new ContactTraceHost(null, $"ssrf-{Guid.NewGuid():N}", Production);
        var hotel = host.CreateClient(ContactTraceHost.HotelKey);

        // Act
        var put = await hotel.PutAsJsonAsync($"/api/hotels/{OwnHotel}/webhook", new { url, secret = Secret }, Ct);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.True((await Json.ReadAsync(put)).GetProperty("errors").TryGetProperty("url", out _));
        var ok = await hotel.PutAsJsonAsync($"/api/hotels/{OwnHotel}/webhook", new { url = "https://hotel.example.invalid/hook", secret = Secret }, Ct);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task DeliveryChecksWhereTheNameResolvesWhenItConnects()
    {
        // Arrange: a hotel with feed items, its webhook a name that resolves to loopback — as if its DNS changed
        // after registration — and plain http allowed, so only the address check stands in the way
        var logs = new CapturedLogs();
        await using var world = await HotelWorld.StartAsync("ssrfdns", b =>
        {
            Production(b);
            b.UseSetting("ContactTrace:Webhooks:AllowHttp", "true");
            b.ConfigureLogging(l => l.AddProvider(logs));
        });
        await using var receiver = await WebhookReceiver.StartAsync(cancellationToken: Ct);
        var assignmentId = await PlaceOneContactAsync(world, "songbei");
        await world.CountAsync("INSERT INTO hotel_webhooks (hotel_id, url, secret) VALUES ($1, $2, $3) RETURNING 1",
            OwnHotel, $"http://localhost:{new Uri(receiver.Url).Port}/hook", Secret);

        // Act: a feed change kicks delivery
        var checkIn = await world.CheckInAsync(assignmentId);
        await HotelWorld.WaitUntilAsync(() => Task.FromResult(logs.Entries.Any(e => e.Message.Contains("webhook target refused", StringComparison.Ordinal))),
            Patience, "a delivery attempt is refused");

        // Assert
        Assert.Equal(HttpStatusCode.OK, checkIn.StatusCode);
        Assert.Empty(receiver.Deliveries);
        Assert.Contains(logs.Entries, e => e.Message.Contains("is loopback", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARedirectIsNotFollowedEachFailureIsOneLineAndMetricsNameNoTarget()
    {
        // Arrange: the hotel's receiver redirects every delivery to another receiver
        var logs = new CapturedLogs();
        await using var world = await HotelWorld.StartAsync("ssrfredirect", b => b.ConfigureLogging(l => l.AddProvider(logs)));
        await using var elsewhere = await WebhookReceiver.StartAsync(cancellationToken: Ct);
        await using var redirecting = await WebhookReceiver.StartAsync(redirectTo: elsewhere.Url, cancellationToken: Ct);
        await PlaceOneContactAsync(world, "hulan");

        // Act
        var put = await world.Client(ContactTraceHost.HotelKey).PutAsJsonAsync($"/api/hotels/{OwnHotel}/webhook", new { url = redirecting.Url, secret = Secret }, Ct);
        await HotelWorld.WaitUntilAsync(() => Task.FromResult(redirecting.Deliveries.Count >= 3), Patience, "three attempts reach the redirecting receiver");
        var metrics = await (await world.Host.CreateDefaultClient().GetAsync("/metrics", Ct)).Content.ReadAsStringAsync(Ct);

        // Assert: nothing went where the redirect pointed
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Empty(elsewhere.Deliveries);

        // one warning per failed attempt, naming hotel, attempt, status and next try; no stack trace anywhere
        var failures = logs.Entries.Where(e => e.Category == "ContactTrace.Grains.Hotels.WebhookGrain" && e.Level == LogLevel.Warning).ToList();
        Assert.InRange(failures.Count, redirecting.Deliveries.Count - 1, redirecting.Deliveries.Count);
        Assert.All(failures, f =>
        {
            Assert.Null(f.Exception);
            Assert.Matches($@"^Webhook for hotel {OwnHotel}: item 1, attempt \d+ failed \(status 307\); next try in [0-9:.]+\.$", f.Message);
        });
        Assert.Contains(failures, f => f.Message.Contains("attempt 2 failed", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Exception is not null && e.Category.Contains("Webhook", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(logs.Entries, e => e.Category.StartsWith("System.Net.Http.HttpClient", StringComparison.Ordinal));

        // /metrics (no key) counts outgoing requests, but not where they went (the receivers' own Kestrel, in this
        // process, reports its listening address under kestrel_*: that is a server's own address, not a target)
        var outgoing = metrics.Split('\n').Where(l => l.StartsWith("http_client_", StringComparison.Ordinal) || l.StartsWith("dns_", StringComparison.Ordinal)).ToList();
        Assert.Contains(outgoing, l => l.StartsWith("http_client_request_duration", StringComparison.Ordinal));
        Assert.All(outgoing, l =>
        {
            Assert.DoesNotContain("server_address", l, StringComparison.Ordinal);
            Assert.DoesNotContain("server_port", l, StringComparison.Ordinal);
            Assert.DoesNotContain("peer_address", l, StringComparison.Ordinal);
            Assert.DoesNotContain("question_name", l, StringComparison.Ordinal);
        });
    }

    /// <summary>One close contact placed at the hotel: one item in its feed; returns the assignment.</summary>
    private static async Task<string> PlaceOneContactAsync(HotelWorld world, string district)
    {
        await world.PutHotelAsync(OwnHotel, district, 10);
        var outbreak = await world.SeedBusAsync(district, 1);
        await world.ReportAndWaitAsync(outbreak);
        await HotelWorld.WaitUntilAsync(async () => await world.TakenAsync(OwnHotel) == 1, Patience, "the contact is placed");
        return (await world.CentralizedAsync(outbreak.ContactIds))[outbreak.ContactIds[0]].AssignmentId;
    }
}
