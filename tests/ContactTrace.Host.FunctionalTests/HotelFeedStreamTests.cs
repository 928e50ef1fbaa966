using System.Globalization;
using ContactTrace.Host.Hotels;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ContactTrace.Host.FunctionalTests;

/// <summary>
/// What leaves the service to a hotel: its feed, streams and webhook carry each guest's name, phone and household,
/// and every item is audited under the guest's person id as it goes out; all streams of a hotel share one feed
/// reader, and a key may hold only so many streams open.
/// </summary>
public sealed class HotelFeedStreamTests
{
    private const string OwnHotel = ContactTraceHost.HotelKeyHotelId;
    private const int Streams = 6;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record class AuditItem(string Endpoint, string KeyId, string[] Subjects);

    private sealed record class AuditPage(List<AuditItem> Items);

    [Fact]
    public async Task FeedStreamsAndWebhookCarryTheGuestAuditEveryItemAndShareOneReader()
    {
        // Arrange: two close contacts registered with name, phone and household; six streams and a webhook waiting
        await using var world = await HotelWorld.StartAsync("guests");
        await using var receiver = await WebhookReceiver.StartAsync(cancellationToken: Ct);
        await world.PutHotelAsync(OwnHotel, "daowai", 10);
        var outbreak = await world.SeedBusAsync("daowai", 2);
        var admin = world.Client(ContactTraceHost.AdminKey);
        foreach (var (personId, i) in outbreak.ContactIds.Select((p, i) => (p, i)))
        {
            var put = await admin.PutAsJsonAsync($"/api/persons/{personId}", new { district = "daowai", householdId = $"hh-{personId}", name = $"客人{i}", phone = $"1380000000{i}" }, Ct);
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var hotel = world.Client(ContactTraceHost.HotelKey);
        Assert.Equal(HttpStatusCode.OK, (await hotel.PutAsJsonAsync($"/api/hotels/{OwnHotel}/webhook", new { url = receiver.Url, secret = "a-hotel-secret-0123456789" }, Ct)).StatusCode);
        var path = $"/api/hotels/{OwnHotel}/assignments/stream";
        var streams = new List<EventStreamReader>();
        for (var i = 0; i < Streams; i++)
        {
            streams.Add(await EventStreamReader.OpenAsync(hotel, path, lastEventId: null, Ct));
        }

        var feedStreams = world.Host.Services.GetRequiredService<FeedStreams>();
        await Task.Delay(500, Ct); // every stream's first (empty) read done
        var readsBefore = feedStreams.Reads;

        // Act
        await world.ReportAndWaitAsync(outbreak);
        var received = new List<List<EventStreamReader.ServerSentEvent>>();
        foreach (var stream in streams)
        {
            received.Add([await stream.NextAsync(Patience), await stream.NextAsync(Patience)]);
        }

        var readsForTheChange = feedStreams.Reads - readsBefore;
        await HotelWorld.WaitUntilAsync(() => Task.FromResult(receiver.Accepted.Count >= 2), Patience, "the webhook took both items");
        var polled = await world.ReadFeedAsync(OwnHotel);

        // Assert: every stream, the webhook and the feed name each guest
        var expected = outbreak.ContactIds.Select((p, i) => (p, $"客人{i}", $"1380000000{i}", $"hh-{p}")).ToHashSet();
        static (string, string, string, string) Guest(JsonElement item) => (item.GetProperty("personId").GetString()!,
            item.GetProperty("guest").GetProperty("name").GetString()!, item.GetProperty("guest").GetProperty("phone").GetString()!,
            item.GetProperty("guest").GetProperty("householdId").GetString()!);
        Assert.All(received, events => Assert.Equal(expected, events.Select(e => Guest(e.Data)).ToHashSet()));
        Assert.Equal(expected, receiver.Accepted.Select(d => Guest(JsonDocument.Parse(d.Body).RootElement)).ToHashSet());
        Assert.Equal(expected, polled.Select(Guest).ToHashSet());

        // one feed reader for the six streams: a read or two per change, not one per stream
        Assert.InRange(readsForTheChange, 1, Streams - 1);

        // every person whose data left is found by subject: pushed on a stream, delivered by webhook, polled
        foreach (var personId in outbreak.ContactIds)
        {
            var audit = await admin.GetFromJsonAsync<AuditPage>($"/api/audit?subject={personId}", JsonSerializerOptions.Web, Ct);
            var endpoints = audit!.Items.Select(i => i.Endpoint).ToList();
            Assert.Contains("GET /api/hotels/{hotelId}/assignments/stream", endpoints);
            Assert.Contains("POST webhook of hotel", endpoints);
            Assert.Contains("GET /api/hotels/{hotelId}/assignments", endpoints);
        }

        foreach (var stream in streams)
        {
            await stream.DisposeAsync();
        }
    }

    [Fact]
    public async Task AKeyPastItsStreamLimitGets429UntilOneOfItsStreamsCloses()
    {
        // Arrange
        await using var host = new ContactTraceHost(null, $"streams-{Guid.NewGuid():N}", b => b.UseSetting("ContactTrace:Streams:MaxPerKey", "2"));
        var hotel = host.CreateClient(ContactTraceHost.HotelKey);
        var path = $"/api/hotels/{OwnHotel}/assignments/stream";
        var first = await EventStreamReader.OpenAsync(hotel, path, lastEventId: null, Ct);
        await using var second = await EventStreamReader.OpenAsync(hotel, path, lastEventId: null, Ct);

        // Act
        using var third = await hotel.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, Ct);
        await using var admins = await EventStreamReader.OpenAsync(host.CreateClient(ContactTraceHost.AdminKey), path, lastEventId: null, Ct);
        await first.DisposeAsync();
        var again = await RetryOpenAsync(hotel, path);

        // Assert
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal("application/problem+json", third.Content.Headers.ContentType?.MediaType);
        Assert.Equal("X-Api-Key", (await Json.ReadAsync(third)).GetProperty("field").GetString());
        Assert.True(third.Headers.RetryAfter is not null);
        Assert.Equal("text/event-stream", again.Content.Headers.ContentType?.MediaType);
        again.Dispose();
    }

    // The server notices a dropped stream when it next writes or wakes; until then the key still counts it.
    private static async Task<HttpResponseMessage> RetryOpenAsync(HttpClient client, string path)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var probe = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, Ct);
            if (probe.StatusCode == HttpStatusCode.OK)
            {
                return probe;
            }

            probe.Dispose();
            Assert.True(waited.Elapsed < Patience, $"no stream slot freed within {Patience.TotalSeconds} s");
            await Task.Delay(200, Ct);
        }
    }
}
