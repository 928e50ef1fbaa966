using System.Security.Cryptography;
using System.Text;

namespace ContactTrace.FaultTests;

/// <summary>
/// Fault 3: the host killed with <c>kill -9</c> while it delivers a hotel's feed to the hotel's webhook. Started
/// again, it resumes from the stored cursor: the receiver ends up with every cursor 1..N, first seen in order,
/// none missing (an item may arrive twice — delivery is at least once), every signature valid.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class HostKilledDuringWebhookDeliveryTests
{
    private const string HotelId = "wh-hotel";
    private const string District = "daoli";
    private const int Buses = 8;
    private const int RidersPerBus = 25;

    [Fact(Timeout = 240_000)]
    public async Task DeliveryResumesInOrderWithNothingLostAfterTheHostIsKilled()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await FaultCluster.CreateAsync("webhook");
        var silo = (await cluster.StartSilosAsync(1, ct))[0];
        using var client = cluster.Client(silo);
        Report.Line($"host {silo.Name} pid {silo.Pid} ready (log {silo.LogPath})");

        // N feed items at the hotel: every bus rider is a close contact placed there.
        var city = TestCity.Buses("wh", Buses, RidersPerBus, District, DateTimeOffset.UtcNow.AddHours(-3));
        await Api.PutAsync(client, $"/api/hotels/{HotelId}", new { name = "隔离酒店", district = District, capacity = 10_000 }, ct);
        await city.RegisterAsync([client], ct);
        foreach (var outbreak in city.Outbreaks)
        {
            await Api.PostCaseAsync(client, outbreak.CaseId, outbreak.CasePersonId, DateTimeOffset.UtcNow.AddHours(-1), ct);
        }

        await Api.WaitForTracesAsync([client], [.. city.Outbreaks.Select(o => o.CaseId)], TimeSpan.FromSeconds(60), ct);
        const int contacts = Buses * RidersPerBus;
        Assert.True(await Api.EventuallyAsync(
            async () => await Sql.ScalarAsync(cluster.Database, "SELECT count(*) FROM assignments WHERE hotel_id = $1 AND status = 'assigned'", ct, HotelId) == contacts,
            TimeSpan.FromSeconds(60), ct), $"The {contacts} close contacts were not all placed at {HotelId} within 60 s.");
        var n = await Sql.ScalarAsync(cluster.Database, "SELECT feed_cursor FROM hotels WHERE hotel_id = $1", ct, HotelId);
        Report.Line($"{Buses} cases traced, {contacts} close contacts placed: the feed of {HotelId} has N = {n} items");

        // Act: a webhook that takes 20 ms per item; the host dies a third of the way through.
        await using var receiver = await WebhookReceiver.StartAsync(think: TimeSpan.FromMilliseconds(20), cancellationToken: ct);
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        await Api.PutAsync(client, $"/api/hotels/{HotelId}/webhook", new { url = receiver.Url, secret }, ct);
        Assert.True(await Api.EventuallyAsync(() => Task.FromResult(receiver.DistinctCursors >= n / 3), TimeSpan.FromSeconds(60), ct, pollMilliseconds: 10),
            $"The webhook received {receiver.DistinctCursors} of {n} items within 60 s.");
        silo.Kill();
        var receivedAtKill = receiver.DistinctCursors;
        var storedAtKill = await Sql.ScalarAsync(cluster.Database, "SELECT delivered_cursor FROM hotel_webhooks WHERE hotel_id = $1", ct, HotelId);
        Report.Line($"kill -9 {silo.Name} (pid {silo.Pid}) with {receivedAtKill} of {n} items received, delivered_cursor {storedAtKill} in storage");
        Assert.True(receivedAtKill < n, "Delivery had finished before the kill: this run proves nothing about resuming.");

        var restarted = await cluster.RestartAsync(silo, ct);
        var watch = Stopwatch.StartNew();
        var complete = await Api.EventuallyAsync(() => Task.FromResult(receiver.DistinctCursors >= n), TimeSpan.FromSeconds(90), ct);
        Report.Line($"host restarted (pid {restarted.Pid}); the receiver had all {n} items {watch.Elapsed.TotalSeconds:0.0} s after the restart: {complete}");
        // Delivery is over once the stored cursor is the feed's last: nothing is sent after that, so the receiver's record is final.
        await Api.EventuallyAsync(async () => await Sql.ScalarAsync(cluster.Database, "SELECT delivered_cursor FROM hotel_webhooks WHERE hotel_id = $1", ct, HotelId) >= n,
            TimeSpan.FromSeconds(30), ct);

        // Assert
        var deliveries = receiver.Deliveries;
        var firsts = new List<long>();
        var seen = new HashSet<long>();
        var repeated = new List<long>();
        foreach (var delivery in deliveries)
        {
            if (seen.Add(delivery.Cursor))
            {
                firsts.Add(delivery.Cursor);
            }
            else
            {
                repeated.Add(delivery.Cursor);
            }
        }

        var badSignatures = deliveries.Where(d => d.Signature != Sign(secret, d.Body)).Select(d => d.Cursor).ToList();
        var feed = (await Sql.RowsAsync(cluster.Database, "SELECT cursor, assignment_id, status FROM assignment_feed WHERE hotel_id = $1 ORDER BY cursor", ct, HotelId))
            .ToDictionary(r => long.Parse(r.Split(" | ")[0], CultureInfo.InvariantCulture));
        var wrongBodies = deliveries.Where(d => !feed.TryGetValue(d.Cursor, out var row) || row != Describe(d.Body)).Select(d => d.Cursor).Distinct().ToList();
        var delivered = await Sql.ScalarAsync(cluster.Database, "SELECT delivered_cursor FROM hotel_webhooks WHERE hotel_id = $1", ct, HotelId);
        Report.Line($"received {deliveries.Count} POSTs: {firsts.Count} distinct cursors, first occurrences in order 1..{n}: {firsts.SequenceEqual(LongRange(1, n))}; " +
            $"{repeated.Count} repeated (at least once): [{string.Join(", ", repeated.Take(20))}]; bad signatures: {badSignatures.Count}; bodies unlike the feed: {wrongBodies.Count}; delivered_cursor {delivered}");

        Assert.True(complete, $"After the restart the webhook received only {receiver.DistinctCursors} of {n} items within 90 s.");
        Assert.Equal(LongRange(1, n), firsts);
        Assert.Empty(badSignatures);
        Assert.Empty(wrongBodies);
        Assert.Equal(n, delivered);

        cluster.Passed();
    }

    private static List<long> LongRange(long from, long to)
    {
        var list = new List<long>();
        for (var i = from; i <= to; i++)
        {
            list.Add(i);
        }

        return list;
    }

    private static string Sign(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    // The delivered item as "cursor | assignmentId | status", to compare with the feed row.
    private static string Describe(byte[] body)
    {
        var item = JsonDocument.Parse(body).RootElement;
        return $"{item.GetProperty("cursor").GetInt64()} | {item.GetProperty("assignmentId").GetString()} | {item.GetProperty("status").GetString()}";
    }
}
