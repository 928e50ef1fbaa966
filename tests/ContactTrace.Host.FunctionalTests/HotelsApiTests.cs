using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ContactTrace.Host.FunctionalTests;

/// <summary>
/// Isolation hotels through HTTP on the real host and PostgreSQL: placement under concurrent traces, the room a
/// check-out frees, the feed (paged, after a restart, as server-sent events) and signed webhooks, the check-in
/// lifecycle and who may act on a hotel. Each test has its own database, because allocation is city-wide.
/// </summary>
public sealed class HotelsApiTests
{
    private const string OwnHotel = ContactTraceHost.HotelKeyHotelId;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Awaiting while some hotel still has a free room: what allocation must leave at zero once it settles.
    private const string AwaitingWhileRoomsAreFree = """
        SELECT count(*) FROM assignments w
        WHERE w.status = 'awaiting-capacity'
          AND EXISTS (SELECT 1 FROM hotels h
                      WHERE h.capacity > (SELECT count(*) FROM assignments a
                                          WHERE a.hotel_id = h.hotel_id AND a.status IN ('assigned', 'checked-in')))
        """;

    [Fact]
    public async Task TwentyConcurrentTracesNeverPlaceMorePeopleInAHotelThanItHasRooms()
    {
        await using var world = await HotelWorld.StartAsync("hotelrace");
        const string crowded = "h-daoli-50";
        const string overflow = "h-hulan-30";
        await world.PutHotelAsync(crowded, "daoli", 50);
        var outbreaks = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => world.SeedBusAsync("daoli", 5, i)));
        var contacts = outbreaks.SelectMany(o => o.ContactIds).ToList();
        long mostTaken = 0;

        // Act: twenty cases at once, a hundred close contacts for fifty rooms
        await Task.WhenAll(outbreaks.Select(world.ReportAsync));
        await HotelWorld.WaitUntilAsync(async () =>
        {
            mostTaken = Math.Max(mostTaken, await world.TakenAsync(crowded));
            return (await Task.WhenAll(outbreaks.Select(o => world.IsTracedAsync(o.CaseId)))).All(traced => traced)
                && await world.CountAsync(AwaitingWhileRoomsAreFree) == 0;
        }, Patience, "every trace completed and nobody waits while a room is free");

        // Assert: exactly fifty there, in the database, the others waiting
        var stored = await world.CentralizedAsync(contacts);
        Assert.Equal(100, stored.Count);
        Assert.True(mostTaken <= 50, $"{mostTaken} rooms were taken at a hotel of 50");
        Assert.Equal(50, await world.TakenAsync(crowded));
        Assert.Equal(50, stored.Values.Count(a => a.HotelId == crowded && a.Status == "assigned"));
        Assert.Equal(50, stored.Values.Count(a => a.HotelId is null && a.Status == "awaiting-capacity"));
        var feed = await world.ReadFeedAsync(crowded, apiKey: ContactTraceHost.AdminKey);
        Assert.Equal(Enumerable.Range(1, 50).Select(i => i.ToString(CultureInfo.InvariantCulture)), feed.Select(i => i.GetProperty("cursor").GetString()));
        Assert.All(feed, item => Assert.Equal("assigned", item.GetProperty("status").GetString()));
        Assert.Equal(
            stored.Values.Where(a => a.HotelId == crowded).Select(a => a.AssignmentId).Order(StringComparer.Ordinal),
            feed.Select(i => i.GetProperty("assignmentId").GetString()!).Order(StringComparer.Ordinal));
        var hotel = await world.GetHotelAsync(crowded);
        Assert.Equal((50, 50, 50), (hotel.GetProperty("capacity").GetInt32(), hotel.GetProperty("occupied").GetInt32(), hotel.GetProperty("awaiting").GetInt32()));

        // Act: a second hotel elsewhere opens; the longest-waiting thirty go there
        var longestWaiting = await world.LongestWaitingAsync(30);
        await world.PutHotelAsync(overflow, "hulan", 30);
        await HotelWorld.WaitUntilAsync(async () =>
        {
            mostTaken = Math.Max(mostTaken, await world.TakenAsync(crowded));
            return await world.TakenAsync(overflow) == 30 && await world.CountAsync(AwaitingWhileRoomsAreFree) == 0;
        }, Patience, "the second hotel filled");

        // Assert
        stored = await world.CentralizedAsync(contacts);
        Assert.True(mostTaken <= 50, $"{mostTaken} rooms were taken at a hotel of 50");
        Assert.Equal(50, await world.TakenAsync(crowded));
        Assert.Equal(30, await world.TakenAsync(overflow));
        Assert.Equal(longestWaiting.Order(StringComparer.Ordinal),
            stored.Values.Where(a => a.HotelId == overflow).Select(a => a.AssignmentId).Order(StringComparer.Ordinal));
        Assert.Equal(20, stored.Values.Count(a => a.HotelId is null && a.Status == "awaiting-capacity"));
        var placed = await world.CountAsync("SELECT count(*) FROM assignments WHERE hotel_id IS NOT NULL AND status IN ('assigned', 'checked-in')");
        var awaiting = await world.CountAsync("SELECT count(*) FROM assignments WHERE status = 'awaiting-capacity'");
        var centralized = await world.CountAsync("SELECT count(*) FROM assignments WHERE kind = 'centralized-isolation'");
        Assert.Equal((80L, 20L, 100L), (placed, awaiting, centralized));
        Assert.Equal(placed + awaiting, centralized);
        hotel = await world.GetHotelAsync(crowded);
        Assert.Equal((50, 20), (hotel.GetProperty("occupied").GetInt32(), hotel.GetProperty("awaiting").GetInt32()));
        hotel = await world.GetHotelAsync(overflow);
        Assert.Equal((30, 30, 0), (hotel.GetProperty("capacity").GetInt32(), hotel.GetProperty("occupied").GetInt32(), hotel.GetProperty("awaiting").GetInt32()));
    }

    [Fact]
    public async Task ACheckOutFreesTheRoomForTheLongestWaitingPerson()
    {
        await using var world = await HotelWorld.StartAsync("hotelfree");
        await world.PutHotelAsync(OwnHotel, "nangang", 1);
        var first = await world.SeedBusAsync("nangang", 1);
        var second = await world.SeedBusAsync("nangang", 1, 30);
        var third = await world.SeedBusAsync("nangang", 1, 60);
        string[] people = [first.ContactIds[0], second.ContactIds[0], third.ContactIds[0]];
        await world.ReportAndWaitAsync(first);
        await HotelWorld.WaitUntilAsync(async () => (await world.CentralizedAsync(people))[people[0]].Status == "assigned", Patience, "the first contact has the room");
        await world.ReportAndWaitAsync(second);
        await world.ReportAndWaitAsync(third);
        var before = await world.CentralizedAsync(people);
        Assert.Equal(new HotelWorld.StoredAssignment(before[people[0]].AssignmentId, "assigned", OwnHotel), before[people[0]]);
        Assert.Equal(new HotelWorld.StoredAssignment(before[people[1]].AssignmentId, "awaiting-capacity", null), before[people[1]]);
        Assert.Equal(new HotelWorld.StoredAssignment(before[people[2]].AssignmentId, "awaiting-capacity", null), before[people[2]]);
        var hotel = await world.GetHotelAsync(OwnHotel, ContactTraceHost.HotelKey);
        Assert.Equal((1, 1, 2), (hotel.GetProperty("capacity").GetInt32(), hotel.GetProperty("occupied").GetInt32(), hotel.GetProperty("awaiting").GetInt32()));

        // Act
        var checkIn = await world.CheckInAsync(before[people[0]].AssignmentId);
        var checkOut = await world.CheckOutAsync(before[people[0]].AssignmentId);
        await HotelWorld.WaitUntilAsync(async () => (await world.CentralizedAsync(people))[people[1]].Status == "assigned", Patience, "the freed room is given again");

        // Assert
        Assert.Equal(HttpStatusCode.OK, checkIn.StatusCode);
        Assert.Equal("checked-in", (await Json.ReadAsync(checkIn)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, checkOut.StatusCode);
        Assert.Equal("released", (await Json.ReadAsync(checkOut)).GetProperty("status").GetString());
        var after = await world.CentralizedAsync(people);
        Assert.Equal(new HotelWorld.StoredAssignment(before[people[0]].AssignmentId, "released", OwnHotel), after[people[0]]);
        Assert.Equal(new HotelWorld.StoredAssignment(before[people[1]].AssignmentId, "assigned", OwnHotel), after[people[1]]);
        Assert.Equal(new HotelWorld.StoredAssignment(before[people[2]].AssignmentId, "awaiting-capacity", null), after[people[2]]);
        Assert.Equal(1, await world.TakenAsync(OwnHotel));
        var feed = await world.ReadFeedAsync(OwnHotel);
        Assert.Equal(
            [("1", people[0], "assigned"), ("2", people[0], "checked-in"), ("3", people[0], "released"), ("4", people[1], "assigned")],
            feed.Select(i => (i.GetProperty("cursor").GetString(), i.GetProperty("personId").GetString(), i.GetProperty("status").GetString())));
        hotel = await world.GetHotelAsync(OwnHotel, ContactTraceHost.HotelKey);
        Assert.Equal((1, 1), (hotel.GetProperty("occupied").GetInt32(), hotel.GetProperty("awaiting").GetInt32()));
    }

    [Fact]
    public async Task TheHotelTheWaitingListAndTheBulletinAgreeOnWhoIsAwaiting()
    {
        await using var world = await HotelWorld.StartAsync("hotelawait");
        await world.PutHotelAsync(OwnHotel, "daoli", 1);
        var daoli = await world.SeedBusAsync("daoli", 3);
        var hulan = await world.SeedBusAsync("hulan", 1, 30); // hulan has no hotel: its contact waits for the nearest, full one
        await world.ReportAndWaitAsync(daoli);
        await world.ReportAndWaitAsync(hulan);
        await HotelWorld.WaitUntilAsync(async () => await world.TakenAsync(OwnHotel) == 1, Patience, "one contact has the room");
        var tracer = world.Client(ContactTraceHost.TracerKey);
        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        // Act
        var hotel = await world.GetHotelAsync(OwnHotel, ContactTraceHost.HotelKey);
        var district = await Json.ReadAsync(await tracer.GetAsync("/api/assignments?status=awaiting-capacity&district=daoli", Ct));
        var firstPage = await Json.ReadAsync(await tracer.GetAsync("/api/assignments?status=awaiting-capacity&limit=2", Ct));
        var secondPage = await Json.ReadAsync(await tracer.GetAsync($"/api/assignments?status=awaiting-capacity&limit=2&after={firstPage.GetProperty("next").GetString()}", Ct));
        var bulletin = await Json.ReadAsync(await tracer.GetAsync($"/api/reports/daily?date={today}", Ct));
        var text = await tracer.GetStringAsync($"/api/reports/daily?date={today}&format=text", Ct);

        // Assert: two of the daoli contacts wait in daoli, the hulan contact in hulan; three in the whole city
        Assert.Equal(2, hotel.GetProperty("awaiting").GetInt32());
        var inDaoli = district.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, inDaoli.Count);
        Assert.All(inDaoli, w => Assert.Equal(("daoli", "awaiting-capacity", "centralized-isolation"),
            (w.GetProperty("district").GetString(), w.GetProperty("status").GetString(), w.GetProperty("kind").GetString())));
        Assert.Subset(daoli.ContactIds.ToHashSet(), inDaoli.Select(w => w.GetProperty("personId").GetString()!).ToHashSet());
        var city = firstPage.GetProperty("items").EnumerateArray().Concat(secondPage.GetProperty("items").EnumerateArray()).ToList();
        Assert.Equal(3, city.Count);
        Assert.Equal(JsonValueKind.Null, secondPage.GetProperty("next").ValueKind);
        Assert.Equal(hulan.ContactIds[0], city[^1].GetProperty("personId").GetString());
        Assert.True(city.Select(w => w.GetProperty("waitingSince").GetDateTimeOffset()).SequenceEqual(city.Select(w => w.GetProperty("waitingSince").GetDateTimeOffset()).Order()));
        Assert.Equal(3, bulletin.GetProperty("isolation").GetProperty("awaitingCapacity").GetInt32());
        Assert.Equal(4, bulletin.GetProperty("contacts").GetProperty("cumulativeCloseIdentified").GetInt32());
        Assert.Contains("累计排查密切接触者4人，密切接触者的密切接触者0人，除待安置的3人外，已全部进行隔离管控。", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APersonWhoseWaitIsExtendedKeepsTheirPlaceInTheQueue()
    {
        await using var world = await HotelWorld.StartAsync("hotelqueue");
        await world.PutHotelAsync(OwnHotel, "daoli", 1);
        var first = await world.SeedBusAsync("daoli", 1);
        var second = await world.SeedBusAsync("daoli", 1, 30);
        var third = await world.SeedBusAsync("daoli", 1, 60);
        string[] people = [first.ContactIds[0], second.ContactIds[0], third.ContactIds[0]];
        await world.ReportAndWaitAsync(first);
        await HotelWorld.WaitUntilAsync(async () => (await world.CentralizedAsync(people))[people[0]].Status == "assigned", Patience, "the first contact has the room");
        await world.ReportAndWaitAsync(second);
        await world.ReportAndWaitAsync(third);
        var before = await world.CentralizedAsync(people);

        // Act: while the second contact waits, an interview finds a later exposure, which extends their isolation
        await world.ReportContactAsync(second.CaseId, people[1], HotelWorld.Base.AddMinutes(100));
        await HotelWorld.WaitUntilAsync(async () => await world.ExtendedAsync(before[people[1]].AssignmentId), Patience, "the second contact's isolation is extended");
        var extended = await world.CentralizedAsync(people);
        Assert.Equal(HttpStatusCode.OK, (await world.CheckInAsync(before[people[0]].AssignmentId)).StatusCode);
        var checkOut = await world.CheckOutAsync(before[people[0]].AssignmentId);
        await HotelWorld.WaitUntilAsync(async () => (await world.CentralizedAsync(people)).Values.Count(a => a.Status == "assigned") == 1,
            Patience, "the freed room is given again");

        // Assert: the second contact has waited longest, extension or not
        Assert.Equal(HttpStatusCode.OK, checkOut.StatusCode);
        Assert.Equal(("awaiting-capacity", "awaiting-capacity"), (extended[people[1]].Status, extended[people[2]].Status));
        Assert.Equal(before[people[1]].AssignmentId, extended[people[1]].AssignmentId);
        var after = await world.CentralizedAsync(people);
        Assert.Equal(("assigned", OwnHotel), (after[people[1]].Status, after[people[1]].HotelId));
        Assert.Equal(("awaiting-capacity", null), (after[people[2]].Status, after[people[2]].HotelId));
    }

    [Fact]
    public async Task AnExtensionAtTheSameHotelKeepsTheAssignmentAndIsOneFeedItemWithTheNewEndAndAReason()
    {
        await using var world = await HotelWorld.StartAsync("hotelextend");
        await world.PutHotelAsync(OwnHotel, "daoli", 2);
        var first = await world.SeedBusAsync("daoli", 1);
        var second = await world.SeedBusAsync("daoli", 1, 30);
        var guest = first.ContactIds[0];
        await world.ReportAndWaitAsync(first);
        await HotelWorld.WaitUntilAsync(async () => await world.TakenAsync(OwnHotel) == 1, Patience, "the contact has a room");
        var placed = (await world.CentralizedAsync([guest]))[guest];
        Assert.Equal(HttpStatusCode.OK, (await world.CheckInAsync(placed.AssignmentId)).StatusCode);
        await world.ReportAndWaitAsync(second);
        var later = HotelWorld.Base.AddMinutes(100);

        // Act: an interview finds the guest with the second case, later than their bus ride with the first
        await world.ReportContactAsync(second.CaseId, guest, later);
        await HotelWorld.WaitUntilAsync(async () => await world.ExtendedAsync(placed.AssignmentId), Patience, "the stay is extended");
        await world.WaitTracedAsync(second.CaseId);
        // both traces run again (an unrelated reported contact each): a re-run changes nothing
        foreach (var outbreak in (HotelWorld.Outbreak[])[first, second])
        {
            await world.ReportContactAsync(outbreak.CaseId, outbreak.CasePersonId == first.CasePersonId ? second.ContactIds[0] : first.CasePersonId, later);
            await world.WaitTracedAsync(outbreak.CaseId);
        }

        // Assert: one stay, one assignment id, one more item — the new end and why
        var items = (await world.ReadFeedAsync(OwnHotel)).Where(i => i.GetProperty("personId").GetString() == guest).ToList();
        Assert.Equal(
            [("assigned", null), ("checked-in", null), ("checked-in", "extended")],
            items.Select(i => (i.GetProperty("status").GetString(), i.GetProperty("reason").GetString())));
        Assert.All(items, i => Assert.Equal(placed.AssignmentId, i.GetProperty("assignmentId").GetString()));
        Assert.Equal(items[0].GetProperty("start").GetDateTimeOffset(), items[2].GetProperty("start").GetDateTimeOffset());
        Assert.Equal(later.AddDays(7), items[2].GetProperty("end").GetDateTimeOffset());
        Assert.Equal(new HotelWorld.StoredAssignment(placed.AssignmentId, "checked-in", OwnHotel), (await world.CentralizedAsync([guest]))[guest]);
        Assert.Equal(0, await world.CountAsync("SELECT count(*) FROM assignments WHERE person_id = $1 AND kind = 'centralized-isolation' AND status = 'superseded'", guest));
    }

    [Fact]
    public async Task ARoomFreedWhenAnAssignedPersonBecomesACaseGoesToTheLongestWaitingWithoutDelay()
    {
        await using var world = await HotelWorld.StartAsync("hotelconvert");
        await world.PutHotelAsync(OwnHotel, "daoli", 1);
        var first = await world.SeedBusAsync("daoli", 1);
        var second = await world.SeedBusAsync("daoli", 1, 30);
        string[] people = [first.ContactIds[0], second.ContactIds[0]];
        await world.ReportAndWaitAsync(first);
        await HotelWorld.WaitUntilAsync(async () => (await world.CentralizedAsync(people))[people[0]].Status == "assigned", Patience, "the first contact has the room");
        await world.ReportAndWaitAsync(second);
        var before = await world.CentralizedAsync(people);
        Assert.Equal("awaiting-capacity", before[people[1]].Status);

        // Act: the first contact, assigned but not yet checked in, tests positive; their room is free at once
        var caseId = HotelWorld.NewId("case");
        await world.ReportCaseAsync(caseId, people[0]);
        await world.WaitTracedAsync(caseId);
        await HotelWorld.WaitUntilAsync(async () => (await world.CentralizedAsync(people))[people[1]].Status == "assigned",
            TimeSpan.FromSeconds(10), "the room freed by the conversion is given to the one waiting");

        // Assert
        var after = await world.CentralizedAsync(people);
        Assert.Equal(new HotelWorld.StoredAssignment(before[people[0]].AssignmentId, "converted-to-case", OwnHotel), after[people[0]]);
        Assert.Equal(new HotelWorld.StoredAssignment(before[people[1]].AssignmentId, "assigned", OwnHotel), after[people[1]]);
        var feed = await world.ReadFeedAsync(OwnHotel);
        Assert.Equal([(people[0], "assigned"), (people[0], "converted-to-case"), (people[1], "assigned")],
            feed.Select(i => (i.GetProperty("personId").GetString(), i.GetProperty("status").GetString())));
    }

    [Fact]
    public async Task TheFeedReplayedFromTheStartAfterARestartGivesIdenticalItems()
    {
        await using var world = await HotelWorld.StartAsync("hotelreplay");
        await world.PutHotelAsync(OwnHotel, "daowai", 10);
        var outbreak = await world.SeedBusAsync("daowai", 3);
        await world.ReportAndWaitAsync(outbreak);
        await HotelWorld.WaitUntilAsync(async () => await world.TakenAsync(OwnHotel) == 3, Patience, "three contacts are placed");
        var stored = await world.CentralizedAsync(outbreak.ContactIds);
        Assert.Equal(HttpStatusCode.OK, (await world.CheckInAsync(stored[outbreak.ContactIds[0]].AssignmentId)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await world.CheckOutAsync(stored[outbreak.ContactIds[0]].AssignmentId)).StatusCode);
        var before = await world.ReadFeedAsync(OwnHotel, limit: 2);

        // Act
        await world.RestartAsync();
        var pagedAfter = await world.ReadFeedAsync(OwnHotel, limit: 2);
        var wholeAfter = await world.ReadFeedAsync(OwnHotel, limit: 1000);
        Assert.Equal(HttpStatusCode.OK, (await world.CheckInAsync(stored[outbreak.ContactIds[2]].AssignmentId)).StatusCode);
        var continued = await world.ReadFeedAsync(OwnHotel);

        // Assert
        Assert.Equal(["1", "2", "3", "4", "5"], before.Select(i => i.GetProperty("cursor").GetString()));
        Assert.Equal(before.Select(i => i.GetRawText()), pagedAfter.Select(i => i.GetRawText()));
        Assert.Equal(before.Select(i => i.GetRawText()), wholeAfter.Select(i => i.GetRawText()));
        Assert.Equal(before.Select(i => i.GetRawText()), continued.Take(5).Select(i => i.GetRawText()));
        Assert.Equal(6, continued.Count);
        Assert.Equal(("6", stored[outbreak.ContactIds[2]].AssignmentId, "checked-in"),
            (continued[5].GetProperty("cursor").GetString(), continued[5].GetProperty("assignmentId").GetString(), continued[5].GetProperty("status").GetString()));
    }

    [Fact]
    public async Task AnEventStreamClientThatDisconnectsAndResumesMissesNothingAndSeesNothingTwice()
    {
        await using var world = await HotelWorld.StartAsync("hotelsse");
        await world.PutHotelAsync(OwnHotel, "songbei", 10);
        var outbreak = await world.SeedBusAsync("songbei", 4);
        await world.ReportAndWaitAsync(outbreak);
        await HotelWorld.WaitUntilAsync(async () => await world.TakenAsync(OwnHotel) == 4, Patience, "four contacts are placed");
        var stored = await world.CentralizedAsync(outbreak.ContactIds);
        var ids = outbreak.ContactIds.Select(p => stored[p].AssignmentId).ToList();
        var client = world.Client(ContactTraceHost.HotelKey);
        const string path = $"/api/hotels/{OwnHotel}/assignments/stream";
        var timeout = TimeSpan.FromSeconds(10);
        var seen = new List<EventStreamReader.ServerSentEvent>();

        // Act: two of four events, then the client goes away
        await using (var stream = await EventStreamReader.OpenAsync(client, path, lastEventId: null, Ct))
        {
            Assert.Equal("text/event-stream", stream.MediaType);
            seen.Add(await stream.NextAsync(timeout));
            seen.Add(await stream.NextAsync(timeout));
        }

        // two changes while it is away
        Assert.Equal(HttpStatusCode.OK, (await world.CheckInAsync(ids[0])).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await world.CheckInAsync(ids[1])).StatusCode);

        // it resumes from the last id it saw, catches up, and then hears a change as it happens
        await using (var stream = await EventStreamReader.OpenAsync(client, path, seen[^1].Id.ToString(CultureInfo.InvariantCulture), Ct))
        {
            for (var i = 0; i < 4; i++)
            {
                seen.Add(await stream.NextAsync(timeout));
            }

            Assert.Equal(HttpStatusCode.OK, (await world.CheckOutAsync(ids[0])).StatusCode);
            seen.Add(await stream.NextAsync(timeout));
        }

        // Assert
        var feed = await world.ReadFeedAsync(OwnHotel);
        Assert.Equal(7, feed.Count);
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7], seen.Select(e => e.Id));
        Assert.All(seen.Zip(feed), pair => Assert.True(SameItem(pair.Second, pair.First.Data), $"event {pair.First.Data} differs from feed item {pair.Second}"));
        Assert.Equal(["assigned", "assigned", "assigned", "assigned", "checked-in", "checked-in", "released"], seen.Select(e => e.Data.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task AWebhookReceiverThatIsDownAndComesBackGetsEveryItemInOrderWithValidSignatures()
    {
        await using var world = await HotelWorld.StartAsync("hotelhook");
        await world.PutHotelAsync(OwnHotel, "xiangfang", 10);
        var outbreak = await world.SeedBusAsync("xiangfang", 3);
        await world.ReportAndWaitAsync(outbreak);
        await HotelWorld.WaitUntilAsync(async () => await world.TakenAsync(OwnHotel) == 3, Patience, "three contacts are placed");
        var stored = await world.CentralizedAsync(outbreak.ContactIds);
        var ids = outbreak.ContactIds.Select(p => stored[p].AssignmentId).ToList();
        await using var receiver = await WebhookReceiver.StartAsync(outage: TimeSpan.FromSeconds(2), cancellationToken: Ct);
        const string secret = "a-hotel-secret-0123456789";

        // Act: register while the receiver is down, change more while it recovers, and once more when it is up
        var put = await world.Client(ContactTraceHost.HotelKey).PutAsJsonAsync($"/api/hotels/{OwnHotel}/webhook", new { url = receiver.Url, secret }, Ct);
        Assert.Equal(HttpStatusCode.OK, (await world.CheckInAsync(ids[0])).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await world.CheckInAsync(ids[1])).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await world.CheckOutAsync(ids[1])).StatusCode);
        await HotelWorld.WaitUntilAsync(() => Task.FromResult(receiver.Accepted.Count >= 6), Patience, "six items are accepted");
        Assert.Equal(HttpStatusCode.OK, (await world.CheckOutAsync(ids[0])).StatusCode);
        await HotelWorld.WaitUntilAsync(() => Task.FromResult(receiver.Accepted.Count >= 7), Patience, "the seventh item is accepted");

        // Assert
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var feed = await world.ReadFeedAsync(OwnHotel);
        Assert.Equal(7, feed.Count);
        var deliveries = receiver.Deliveries;
        Assert.Equal((int)HttpStatusCode.ServiceUnavailable, deliveries[0].AnsweredWith);
        Assert.All(deliveries, d =>
        {
            Assert.Equal(("POST", "/hook", "application/json"), (d.Method, d.Path, d.ContentType?.Split(';')[0]));
            Assert.Equal(Sign(secret, d.Body), d.Signature);
        });
        var accepted = receiver.Accepted.Select(d => JsonDocument.Parse(d.Body).RootElement).ToList();
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7], accepted.Select(CursorOf));
        var attempted = deliveries.Select(d => CursorOf(JsonDocument.Parse(d.Body).RootElement)).ToList();
        Assert.Equal(attempted.Order(), attempted);
        Assert.All(accepted.Zip(feed), pair =>
        {
            var (body, item) = pair;
            foreach (var field in new[] { "assignmentId", "personId", "caseId", "kind", "status" })
            {
                Assert.Equal(item.GetProperty(field).GetString(), body.GetProperty(field).GetString());
            }

            Assert.Equal(item.GetProperty("start").GetDateTimeOffset(), body.GetProperty("start").GetDateTimeOffset());
            Assert.Equal(item.GetProperty("end").GetDateTimeOffset(), body.GetProperty("end").GetDateTimeOffset());

            // Written like the feed's own answer, in the city's offset (+08:00), not in UTC.
            Assert.Equal(item.GetProperty("start").GetString(), body.GetProperty("start").GetString());
            Assert.EndsWith("+08:00", body.GetProperty("end").GetString(), StringComparison.Ordinal);
        });
        var stop = await world.Client(ContactTraceHost.HotelKey).DeleteAsync($"/api/hotels/{OwnHotel}/webhook", Ct);
        Assert.Equal(HttpStatusCode.NoContent, stop.StatusCode);
    }

    [Fact]
    public async Task WebhookDeliveryResumesAfterAHostRestartAndTheStoppedHostSendsNothingMore()
    {
        await using var world = await HotelWorld.StartAsync("hotelhookrestart");
        await world.PutHotelAsync(OwnHotel, "acheng", 10);
        var outbreak = await world.SeedBusAsync("acheng", 3);
        await world.ReportAndWaitAsync(outbreak);
        await HotelWorld.WaitUntilAsync(async () => await world.TakenAsync(OwnHotel) == 3, Patience, "three contacts are placed");
        var stored = await world.CentralizedAsync(outbreak.ContactIds);
        await using var receiver = await WebhookReceiver.StartAsync(outage: TimeSpan.FromSeconds(5), cancellationToken: Ct);
        const string secret = "another-hotel-secret-42";
        var put = await world.Client(ContactTraceHost.HotelKey).PutAsJsonAsync($"/api/hotels/{OwnHotel}/webhook", new { url = receiver.Url, secret }, Ct);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        await HotelWorld.WaitUntilAsync(() => Task.FromResult(receiver.Deliveries.Count > 0), Patience, "the first attempt reaches the receiver");
        var stoppedHostConnections = receiver.Deliveries.Select(d => d.ConnectionId).ToHashSet();

        // Act: the host stops while the receiver refuses, and a new one starts on the same database
        await world.RestartAsync();
        var sinceRestart = receiver.Deliveries.Count;
        Assert.Equal(HttpStatusCode.OK, (await world.CheckInAsync(stored[outbreak.ContactIds[0]].AssignmentId)).StatusCode);
        await HotelWorld.WaitUntilAsync(() => Task.FromResult(receiver.Accepted.Any(d => CursorOf(JsonDocument.Parse(d.Body).RootElement) == 4)),
            Patience, "the fourth item is accepted");
        // Watch long enough for the stopped host's retry schedule (0.25 s, doubling) to reach its attempt at 7.75 s.
        await HotelWorld.WaitUntilAsync(() => Task.FromResult(receiver.SinceFirstRequest > TimeSpan.FromSeconds(10)
            || receiver.Deliveries.Skip(sinceRestart).Any(d => stoppedHostConnections.Contains(d.ConnectionId) && d.AnsweredWith == 200)),
            Patience, "the stopped host's retries would have been due");

        // Assert: at least once and in order; nothing from the host that was stopped
        foreach (var d in receiver.Deliveries)
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"{d.At.TotalSeconds:0.000} s, connection {d.ConnectionId}: item {CursorOf(JsonDocument.Parse(d.Body).RootElement)} answered {d.AnsweredWith}");
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"the host was restarted after delivery attempt {sinceRestart}");
        Assert.All(receiver.Deliveries, d => Assert.Equal(Sign(secret, d.Body), d.Signature));
        var accepted = receiver.Accepted.Select(d => CursorOf(JsonDocument.Parse(d.Body).RootElement)).ToList();
        Assert.Equal([1L, 2, 3, 4], accepted.Where((cursor, i) => i == 0 || cursor != accepted[i - 1]));
        Assert.Equal(4, (await world.ReadFeedAsync(OwnHotel)).Count);
        var fromStoppedHost = receiver.Deliveries.Skip(sinceRestart).Where(d => stoppedHostConnections.Contains(d.ConnectionId)).ToList();
        Assert.True(fromStoppedHost.Count == 0,
            $"the stopped host still POSTed {fromStoppedHost.Count} time(s) after it was disposed (answered {string.Join(", ", fromStoppedHost.Select(d => d.AnsweredWith))})");
    }

    [Fact]
    public async Task CheckInAndCheckOutAreIdempotentAndAHotelKeyActsOnItsOwnHotelOnly()
    {
        await using var world = await HotelWorld.StartAsync("hotelaccess");
        const string otherHotel = "hotel-other";
        await world.PutHotelAsync(OwnHotel, "pingfang", 2);
        await world.PutHotelAsync(otherHotel, "hulan", 1);
        var theirs = await world.SeedBusAsync("hulan", 1);
        var mine = await world.SeedBusAsync("pingfang", 3, 30);
        await world.ReportAndWaitAsync(theirs);
        await HotelWorld.WaitUntilAsync(async () => await world.TakenAsync(otherHotel) == 1, Patience, "the other hotel is full");
        await world.ReportAndWaitAsync(mine);
        await HotelWorld.WaitUntilAsync(async () => await world.TakenAsync(OwnHotel) == 2, Patience, "the own hotel is full");
        var stored = await world.CentralizedAsync(mine.ContactIds.Append(theirs.ContactIds[0]));
        var placed = mine.ContactIds.Where(p => stored[p].HotelId == OwnHotel).Select(p => stored[p].AssignmentId).ToList();
        var theirAssignment = stored[theirs.ContactIds[0]].AssignmentId;
        var hotelKey = world.Client(ContactTraceHost.HotelKey);
        var tracerKey = world.Client(ContactTraceHost.TracerKey);

        // Act & Assert: the hotel's view while one person waits
        var hotel = await world.GetHotelAsync(OwnHotel, ContactTraceHost.HotelKey);
        Assert.Equal((OwnHotel, "pingfang", 2, 2, 1), (hotel.GetProperty("hotelId").GetString(), hotel.GetProperty("district").GetString(),
            hotel.GetProperty("capacity").GetInt32(), hotel.GetProperty("occupied").GetInt32(), hotel.GetProperty("awaiting").GetInt32()));

        // check-in twice, check-out twice: the same answer each time, one feed item each
        var checkIns = new[] { await world.CheckInAsync(placed[0]), await world.CheckInAsync(placed[0]) };
        var checkedInAt = await CheckedInAtAsync(world, placed[0]);
        var checkOuts = new[] { await world.CheckOutAsync(placed[0]), await world.CheckOutAsync(placed[0]) };
        Assert.All(checkIns, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.All(checkOuts, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(["checked-in", "checked-in"], await Task.WhenAll(checkIns.Select(StatusOfAsync)));
        Assert.Equal(["released", "released"], await Task.WhenAll(checkOuts.Select(StatusOfAsync)));
        Assert.Equal(checkedInAt, await CheckedInAtAsync(world, placed[0]));
        Assert.Equal(HttpStatusCode.Conflict, (await world.CheckInAsync(placed[0])).StatusCode); // released: a check-in no longer applies

        // a guest who never checked in cannot be checked out: 409 naming the state, the room and the stay unchanged
        var noShow = await world.CheckOutAsync(placed[1]);
        Assert.Equal(HttpStatusCode.Conflict, noShow.StatusCode);
        var problem = await Json.ReadAsync(noShow);
        Assert.Equal(("assignmentId", "assigned"), (problem.GetProperty("field").GetString(), problem.GetProperty("assignmentStatus").GetString()));
        Assert.Contains("never checked in", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // another hotel's assignment, feed, stream, webhook and profile are closed to this hotel's key
        Assert.Equal(HttpStatusCode.Forbidden, (await world.CheckInAsync(theirAssignment)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await world.CheckOutAsync(theirAssignment)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await hotelKey.GetAsync($"/api/hotels/{otherHotel}/assignments", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await hotelKey.GetAsync($"/api/hotels/{otherHotel}/assignments/stream", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await hotelKey.GetAsync($"/api/hotels/{otherHotel}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await hotelKey.PutAsJsonAsync($"/api/hotels/{otherHotel}/webhook", new { url = "http://127.0.0.1:9/hook", secret = "0123456789abcdef" }, Ct)).StatusCode);

        // a tracer may look at a hotel but not act for it
        Assert.Equal(HttpStatusCode.Forbidden, (await world.CheckInAsync(placed[1], ContactTraceHost.TracerKey)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await world.CheckOutAsync(placed[1], ContactTraceHost.TracerKey)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await tracerKey.GetAsync($"/api/hotels/{OwnHotel}/assignments", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await tracerKey.GetAsync($"/api/hotels/{OwnHotel}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await world.Host.CreateDefaultClient().PostAsync($"/api/assignments/{placed[1]}/check-in", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.CheckInAsync("no-such-assignment")).StatusCode);

        var after = await world.CentralizedAsync(mine.ContactIds.Append(theirs.ContactIds[0]));
        Assert.Equal(("assigned", otherHotel), (after[theirs.ContactIds[0]].Status, after[theirs.ContactIds[0]].HotelId));
        Assert.Equal("assigned", after.Values.Single(a => a.AssignmentId == placed[1]).Status);
        var ownFeed = await world.ReadFeedAsync(OwnHotel);
        Assert.Equal(["assigned", "checked-in", "released"],
            ownFeed.Where(i => i.GetProperty("assignmentId").GetString() == placed[0]).Select(i => i.GetProperty("status").GetString()));

        // the freed room went to the one who waited; the hotel is full again and nobody of its district waits
        await HotelWorld.WaitUntilAsync(async () => await world.TakenAsync(OwnHotel) == 2, Patience, "the freed room is given again");
        hotel = await world.GetHotelAsync(OwnHotel, ContactTraceHost.HotelKey);
        Assert.Equal((2, 2, 0), (hotel.GetProperty("capacity").GetInt32(), hotel.GetProperty("occupied").GetInt32(), hotel.GetProperty("awaiting").GetInt32()));
    }

    private static long CursorOf(JsonElement body) => body.GetProperty("cursor") is { ValueKind: JsonValueKind.String } text
        ? long.Parse(text.GetString()!, CultureInfo.InvariantCulture)
        : body.GetProperty("cursor").GetInt64();

    private static string Sign(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    [Fact]
    public async Task AStayEnteredAfterTheFactKeepsItsStatedTimesAndADepartureBeforeTheArrivalIsRefused()
    {
        await using var world = await HotelWorld.StartAsync("hotellate");
        await world.PutHotelAsync(OwnHotel, "pingfang", 5);
        var outbreak = await world.SeedBusAsync("pingfang", 1);
        await world.ReportAndWaitAsync(outbreak);
        var guest = (await world.CentralizedAsync(outbreak.ContactIds))[outbreak.ContactIds[0]].AssignmentId;
        var hotelKey = world.Client(ContactTraceHost.HotelKey);
        var arrived = TruncateToSecond(DateTimeOffset.UtcNow.AddHours(-2));
        Task<HttpResponseMessage> StepAsync(string step, DateTimeOffset at) =>
            hotelKey.PostAsJsonAsync($"/api/assignments/{guest}/{step}", new { at = HotelWorld.Iso(at) }, Ct);

        // Act
        var checkIn = await StepAsync("check-in", arrived);
        var leftBeforeArriving = await StepAsync("check-out", arrived.AddMinutes(-1));
        var leavesTomorrow = await StepAsync("check-out", DateTimeOffset.UtcNow.AddDays(1));
        var stillThere = await world.CentralizedAsync(outbreak.ContactIds);
        var checkOut = await StepAsync("check-out", arrived.AddHours(1));

        // Assert
        Assert.Equal(HttpStatusCode.OK, checkIn.StatusCode);
        foreach (var refused in new[] { leftBeforeArriving, leavesTomorrow })
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.True((await Json.ReadAsync(refused)).GetProperty("errors").TryGetProperty("at", out _), "the problem names 'at'");
        }

        Assert.Equal("checked-in", stillThere[outbreak.ContactIds[0]].Status);
        Assert.Equal(HttpStatusCode.OK, checkOut.StatusCode);
        Assert.Equal("released", await StatusOfAsync(checkOut));
        Assert.Equal(arrived.ToUnixTimeMilliseconds() * 1000, await CheckedInAtAsync(world, guest));
        Assert.Equal(arrived.AddHours(1).ToUnixTimeMilliseconds() * 1000, await world.CountAsync(
            "SELECT (extract(epoch FROM checked_out_at) * 1000000)::bigint FROM assignments WHERE assignment_id = $1", guest));
    }

    private static DateTimeOffset TruncateToSecond(DateTimeOffset time) => new(time.UtcTicks - time.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);

    private static async Task<string?> StatusOfAsync(HttpResponseMessage response) => (await Json.ReadAsync(response)).GetProperty("status").GetString();

    private static Task<long> CheckedInAtAsync(HotelWorld world, string assignmentId) =>
        world.CountAsync("SELECT (extract(epoch FROM checked_in_at) * 1000000)::bigint FROM assignments WHERE assignment_id = $1", assignmentId);

    // The same fields and values, times as the same instants: the stream still writes them in UTC (its serializer
    // options are its own), the paged feed in the response offset (ContactTrace:ResponseOffset).
    private static bool SameItem(JsonElement item, JsonElement other) =>
        item.EnumerateObject().Select(p => p.Name).SequenceEqual(other.EnumerateObject().Select(p => p.Name))
        && item.EnumerateObject().All(p => p.Name is "start" or "end"
            ? p.Value.GetDateTimeOffset() == other.GetProperty(p.Name).GetDateTimeOffset()
            : JsonElement.DeepEquals(p.Value, other.GetProperty(p.Name)));
}
