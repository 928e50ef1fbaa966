namespace ContactTrace.FaultTests;

/// <summary>
/// Fault 4: three silos, one hotel of capacity C, traces that make far more close contacts than C at once, guests
/// checking in and out so that allocation keeps re-filling freed rooms, and the silo that hosts the hotel's grain
/// killed with <c>kill -9</c> in the middle of it. At no moment does the database show more than C people taking
/// rooms there; afterwards the hotel is exactly full and everyone else waits for a room — no centralized-isolation
/// assignment lost, none twice.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class SiloKilledDuringAllocationTests
{
    private const string HotelId = "cap-hotel";
    private const string District = "xiangfang";
    private const int Capacity = 40;
    private const int Buses = 30;
    private const int RidersPerBus = 5;
    private const int Demand = Buses * RidersPerBus;
    private const int ReleasesBeforeKill = 10;
    private const int MaxReleases = 60;
    // The rule as the design states it, read from the rows' own columns (not from the takes_room flag the store keeps).
    private const string TakesRoom = "(status IN ('assigned', 'checked-in') OR (status = 'converted-to-case' AND checked_in_at IS NOT NULL AND checked_out_at IS NULL))";
    private const string TakingRooms = $"SELECT count(*) FROM assignments WHERE hotel_id = $1 AND {TakesRoom}";
    private const string Running = "('assigned', 'awaiting-capacity', 'checked-in')";

    [Fact(Timeout = 300_000)]
    public async Task CapacityHoldsAndNobodyIsLostWhenTheHotelsSiloIsKilledDuringAllocation()
    {
        var ct = TestContext.Current.CancellationToken;
        // One trace at a time per silo: the 30 traces, and the allocation runs they kick, stretch over a while.
        await using var cluster = await FaultCluster.CreateAsync("capacity", settings: new Dictionary<string, string> { ["ContactTrace__TraceConcurrency"] = "1" });
        var silos = await cluster.StartSilosAsync(3, ct);
        var clients = silos.Select(cluster.Client).ToList();
        Report.Line($"3 silos ready (cluster {cluster.ClusterId}, logs {cluster.LogDirectory})");

        var city = TestCity.Buses("cap", Buses, RidersPerBus, District, DateTimeOffset.UtcNow.AddHours(-3));
        await Api.PutAsync(clients[0], $"/api/hotels/{HotelId}", new { name = "隔离酒店", district = District, capacity = Capacity }, ct);
        await city.RegisterAsync(clients, ct);
        var victim = await HostOfAsync(silos, "hotel", ct);
        Report.Line($"hotel {HotelId} (capacity {Capacity}, the only one) is active on {victim?.Name ?? "no silo"}; {Buses} cases will make {Demand} close contacts");
        victim ??= silos[1];
        var survivors = clients.Where((_, i) => silos[i] != victim).ToList();

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var maxTaken = 0L;
        var samples = 0;
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                maxTaken = Math.Max(maxTaken, await Sql.ScalarAsync(cluster.Database, TakingRooms, CancellationToken.None, HotelId));
                samples++;
                await Task.Delay(10, CancellationToken.None);
            }
        }, CancellationToken.None);
        var churn = new Churn();
        var churning = Task.Run(() => churn.RunAsync(cluster.Database, survivors, stop.Token), CancellationToken.None);

        // Act: every case at once, spread over the silos; guests check in and out through the surviving silos, each
        // check-out making allocation place the next in line; the hotel grain's silo dies in the middle of that.
        var sampledAt = DateTimeOffset.UtcNow.AddHours(-1);
        await Parallel.ForEachAsync(city.Outbreaks.Select((o, i) => (o, i)), new ParallelOptions { MaxDegreeOfParallelism = Buses, CancellationToken = ct },
            async (item, token) => await Api.PostCaseAsync(clients[item.i % clients.Count], item.o.CaseId, item.o.CasePersonId, sampledAt, token));
        Assert.True(await Api.EventuallyAsync(() => Task.FromResult(churn.CheckedOut >= ReleasesBeforeKill), TimeSpan.FromSeconds(90), ct, pollMilliseconds: 5),
            $"Only {churn.CheckedOut} guests checked out within 90 s of reporting the cases.");
        var hotelGrainsOnVictim = await victim.ActivationsAsync("hotel", ct);
        var allocatorOnVictim = await victim.ActivationsAsync("allocator", ct);
        victim.Kill();
        var sinceKill = Stopwatch.StartNew();
        var takenAtKill = await Sql.ScalarAsync(cluster.Database, TakingRooms, ct, HotelId);
        var unfinishedAtKill = await Sql.ScalarAsync(cluster.Database, "SELECT count(*) FROM cases WHERE trace_status <> 'completed'", ct);
        Report.Line($"kill -9 {victim.Name} (pid {victim.Pid}; hotel grains there: {hotelGrainsOnVictim}, allocator: {allocatorOnVictim}) " +
            $"after {churn.CheckedOut} check-outs, with {takenAtKill} of {Capacity} rooms taken and {unfinishedAtKill} of {Buses} traces unfinished");

        var restarted = await cluster.RestartAsync(victim, ct);
        await Api.WaitForTracesAsync(survivors, [.. city.Outbreaks.Select(o => o.CaseId)], TimeSpan.FromSeconds(150), ct);
        var traced = sinceKill.Elapsed;
        await Api.EventuallyAsync(() => Task.FromResult(churn.CheckedOut >= MaxReleases), TimeSpan.FromSeconds(30), ct);
        await stop.CancelAsync();
        await churning;
        var full = await Api.EventuallyAsync(async () => await Sql.ScalarAsync(cluster.Database, TakingRooms, ct, HotelId) == Capacity, TimeSpan.FromSeconds(60), ct);
        await sampler;
        maxTaken = Math.Max(maxTaken, await Sql.ScalarAsync(cluster.Database, TakingRooms, ct, HotelId));
        Report.Line($"{victim.Name} restarted (pid {restarted.Pid}); all traces completed {traced.TotalSeconds:0.0} s after the kill; " +
            $"churn: {churn.CheckedOut} guests checked out, {churn.Failures} calls failed (the dead silo's grains moving); hotel full again: {full}");

        // Assert
        var closeContacts = await Sql.ScalarAsync(cluster.Database, "SELECT count(DISTINCT person_id) FROM contacts WHERE category = 'close-contact'", ct);
        var taken = await Sql.ScalarAsync(cluster.Database, TakingRooms, ct, HotelId);
        var released = await Sql.ScalarAsync(cluster.Database, "SELECT count(*) FROM assignments WHERE kind = 'centralized-isolation' AND status = 'released' AND hotel_id = $1", ct, HotelId);
        var awaiting = await Sql.ScalarAsync(cluster.Database, "SELECT count(*) FROM assignments WHERE kind = 'centralized-isolation' AND status = 'awaiting-capacity'", ct);
        var centralized = await Sql.ScalarAsync(cluster.Database, "SELECT count(*) FROM assignments WHERE kind = 'centralized-isolation' AND status <> 'superseded'", ct);
        var placedInFeed = await Sql.ScalarAsync(cluster.Database, "SELECT count(DISTINCT assignment_id) FROM assignment_feed WHERE hotel_id = $1 AND status = 'assigned'", ct, HotelId);
        using var get = await survivors[0].GetAsync($"/api/hotels/{HotelId}", ct);
        var hotel = await get.Content.ReadFromJsonAsync<JsonElement>(ct);
        Report.Line($"max rooms taken over {samples} samples: {maxTaken} (capacity {Capacity}); now taken {taken}, released {released} " +
            $"(check-outs acknowledged {churn.CheckedOut}), awaiting {awaiting}; centralized isolations {centralized} for {closeContacts} close contacts (expected {Demand}); " +
            $"placements in the feed {placedInFeed}; GET hotel: occupied {hotel.GetProperty("occupied").GetInt32()}, awaiting {hotel.GetProperty("awaiting").GetInt32()}");

        Assert.True(maxTaken <= Capacity, $"{maxTaken} people held rooms at once at a hotel of {Capacity} rooms.");
        Assert.True(full, $"The hotel was not full again within 60 s ({taken} of {Capacity} rooms taken, {awaiting} waiting).");
        Assert.Equal(Capacity, taken);
        Assert.Equal(Demand, closeContacts);
        Assert.Equal(Demand, centralized);
        Assert.True(released >= churn.CheckedOut, $"{churn.CheckedOut} check-outs were acknowledged but only {released} assignments are released.");
        Assert.Equal(Demand - Capacity - released, awaiting);
        Assert.Equal(Capacity + released, placedInFeed);
        Assert.Equal(Capacity, hotel.GetProperty("occupied").GetInt32());
        Assert.Equal(awaiting, hotel.GetProperty("awaiting").GetInt32());
        await Sql.AssertNoneAsync(cluster.Database, "assignments whose takes_room flag disagrees with their status and stay",
            $"SELECT assignment_id, status, takes_room FROM assignments WHERE takes_room IS DISTINCT FROM (hotel_id IS NOT NULL AND {TakesRoom})", ct);
        await Sql.AssertNoneAsync(cluster.Database, "persons with more than one centralized isolation (superseded ones aside)",
            "SELECT person_id, count(*) FROM assignments WHERE kind = 'centralized-isolation' AND status <> 'superseded' GROUP BY 1 HAVING count(*) > 1", ct);
        await Sql.AssertNoneAsync(cluster.Database, "close contacts without a centralized isolation",
            """
            SELECT c.person_id FROM contacts c
            WHERE c.category = 'close-contact' AND NOT EXISTS (
                SELECT 1 FROM assignments a WHERE a.person_id = c.person_id AND a.kind = 'centralized-isolation' AND a.status <> 'superseded')
            """, ct);
        await Sql.AssertNoneAsync(cluster.Database, "centralized isolation neither at a hotel (assigned, checked in, released) nor waiting without one",
            """
            SELECT assignment_id, status, hotel_id FROM assignments
            WHERE kind = 'centralized-isolation'
              AND NOT ((status IN ('assigned', 'checked-in', 'released') AND hotel_id IS NOT NULL) OR (status = 'awaiting-capacity' AND hotel_id IS NULL))
            """, ct);
        await Sql.AssertNoneAsync(cluster.Database, "persons with two running assignments of one kind",
            $"SELECT person_id, kind, count(*) FROM assignments WHERE status IN {Running} GROUP BY 1, 2 HAVING count(*) > 1", ct);

        cluster.Passed();
    }

    private static async Task<SiloProcess?> HostOfAsync(IReadOnlyList<SiloProcess> silos, string grainType, CancellationToken ct)
    {
        foreach (var silo in silos)
        {
            if (await silo.ActivationsAsync(grainType, ct) > 0)
            {
                return silo;
            }
        }

        return null;
    }

    /// <summary>The hotel's front desk: checks placed guests in and straight out again, freeing rooms for the waiting.</summary>
    private sealed class Churn
    {
        private int _checkedOut;
        private int _failures;

        public int CheckedOut => Volatile.Read(ref _checkedOut);

        public int Failures => Volatile.Read(ref _failures);

        public async Task RunAsync(NpgsqlDataSource database, IReadOnlyList<HttpClient> desks, CancellationToken stop)
        {
            var round = 0;
            while (!stop.IsCancellationRequested && CheckedOut < MaxReleases)
            {
                var guests = await Sql.RowsAsync(database,
                    "SELECT assignment_id FROM assignments WHERE hotel_id = $1 AND status = 'assigned' ORDER BY random() LIMIT 3", CancellationToken.None, HotelId);
                foreach (var assignmentId in guests)
                {
                    var desk = desks[round++ % desks.Count];
                    if (await StepAsync(desk, $"/api/assignments/{assignmentId}/check-in") && await StepAsync(desk, $"/api/assignments/{assignmentId}/check-out"))
                    {
                        Interlocked.Increment(ref _checkedOut);
                    }
                }

                try
                {
                    await Task.Delay(20, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        private async Task<bool> StepAsync(HttpClient desk, string path)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                using var response = await desk.PostAsync(path, null, timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
            }

            Interlocked.Increment(ref _failures);
            return false;
        }
    }
}
