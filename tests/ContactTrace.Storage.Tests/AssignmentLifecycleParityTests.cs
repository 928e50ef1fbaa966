using ContactTrace.Cases;
using ContactTrace.Hotels;
using ContactTrace.Policy;
using ContactTrace.Tracing;

namespace ContactTrace.Storage.Tests;

/// <summary>
/// The assignment lifecycle (<see cref="AssignmentLifecycle"/>) as both stores apply it: the same scenarios run
/// against PostgreSQL and the embedded default's in-memory twin, each writing a transcript of what it answered and
/// what its hotel's feed shows, and the two transcripts must be the same — and what the rule says.
/// </summary>
public sealed class AssignmentLifecycleParityTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Exposed long enough ago that a close contact's centralized isolation (7 days) ended 3 days ago.
    private static readonly DateTimeOffset LongAgo = ManagementRules.ToMicroseconds(DateTimeOffset.UtcNow.AddDays(-10));
    private static readonly DateTimeOffset Recently = ManagementRules.ToMicroseconds(DateTimeOffset.UtcNow.AddHours(-2));

    [Fact]
    public async Task PlacementNeverExceedsCapacityAndACheckOutFreesARoomAlike()
    {
        var expected = new[]
        {
            "place a,b,c: a,b",
            "occupancy 2, awaiting 1; free 0",
            "check-in a: Done",
            "check-in a: AlreadyDone",
            "check-out b: InvalidState",
            "check-in c: NotAtThisHotel",
            "check-in nobody: NotFound",
            "check-out a: Done",
            "check-out a: AlreadyDone",
            "occupancy 1, awaiting 1; free 1",
            "place c,b: c",
            "occupancy 2, awaiting 0; free 0",
            "a centralized-isolation released", "b centralized-isolation assigned", "c centralized-isolation assigned",
            "feed 1 a assigned", "feed 2 b assigned", "feed 3 a checked-in", "feed 4 a released", "feed 5 c assigned",
        };

        var onPostgres = await CapacityScenarioAsync(TraceStores.Postgres(database));
        var inMemory = await CapacityScenarioAsync(TraceStores.InMemory());

        Assert.Equal(expected, onPostgres);
        Assert.Equal(onPostgres, inMemory);
    }

    [Fact]
    public async Task AConvertedGuestKeepsTheRoomUntilCheckOutWhileAConvertedArrivalFreesItAlike()
    {
        var expected = new[]
        {
            "place a,b: a,b",
            "check-in a: Done",
            "a becomes a case, b becomes a case",
            "occupancy 1, awaiting 0; free 1",
            "check-out b: AlreadyDone",
            "check-out a: Done",
            "check-out a: AlreadyDone",
            "occupancy 0, awaiting 0; free 2",
            "a centralized-isolation converted-to-case", "a home-monitoring converted-to-case",
            "b centralized-isolation converted-to-case", "b home-monitoring converted-to-case",
            "feed 1 a assigned", "feed 2 b assigned", "feed 3 a checked-in", "feed 4 a converted-to-case", "feed 5 b converted-to-case",
            "feed 6 a converted-to-case",
        };

        var onPostgres = await ConversionScenarioAsync(TraceStores.Postgres(database));
        var inMemory = await ConversionScenarioAsync(TraceStores.InMemory());

        Assert.Equal(expected, onPostgres);
        Assert.Equal(onPostgres, inMemory);
    }

    [Fact]
    public async Task EndedMeasuresAreReleasedAndALaterExposureExtendsInPlaceAlike()
    {
        var expected = new[]
        {
            "place a,b,c: a,b,c",
            "check-in a: Done",
            "release ended: a,b",
            "occupancy 1, awaiting 0; free 2",
            "c exposed again later: extended",
            "a centralized-isolation released", "a home-monitoring released",
            "b centralized-isolation released", "b home-monitoring released",
            "c centralized-isolation assigned", "c home-monitoring superseded", "c home-monitoring assigned",
            "feed 1 a assigned", "feed 2 b assigned", "feed 3 c assigned", "feed 4 a checked-in",
            "feed 5 a released", "feed 6 b released", "feed 7 c assigned extended",
        };

        var onPostgres = await ReleaseScenarioAsync(TraceStores.Postgres(database));
        var inMemory = await ReleaseScenarioAsync(TraceStores.InMemory());

        Assert.Equal(expected, onPostgres);
        Assert.Equal(onPostgres, inMemory);
    }

    [Fact]
    public async Task AWithdrawnCaseReleasesWhatItAloneCausedAlike()
    {
        var expected = new[]
        {
            "place a,b: a,b",
            "check-in b: Done",
            "withdrawn: a,b",
            "occupancy 0, awaiting 0; free 2",
            "a centralized-isolation released", "a home-monitoring released",
            "b centralized-isolation released", "b home-monitoring released",
            "feed 1 a assigned", "feed 2 b assigned", "feed 3 b checked-in", "feed 4 a released", "feed 5 b released",
        };

        var onPostgres = await WithdrawalScenarioAsync(TraceStores.Postgres(database));
        var inMemory = await WithdrawalScenarioAsync(TraceStores.InMemory());

        Assert.Equal(expected, onPostgres);
        Assert.Equal(onPostgres, inMemory);
    }

    private static async Task<List<string>> CapacityScenarioAsync(TraceStores stores)
    {
        var world = await World.CreateAsync(stores, capacity: 2, Recently, "a", "b", "c");
        await world.PlaceAsync("a", "b", "c");
        await world.OccupancyAsync();
        await world.CheckInAsync("a");
        await world.CheckInAsync("a");
        await world.CheckOutAsync("b");
        await world.StepAsync("check-in c", stores.Placements.CheckInAsync($"other-{world.Run}", world.Centralized("c"), DateTimeOffset.UtcNow, Ct));
        await world.StepAsync("check-in nobody", stores.Placements.CheckInAsync(world.Hotel, $"nobody-{world.Run}", DateTimeOffset.UtcNow, Ct));
        await world.CheckOutAsync("a");
        await world.CheckOutAsync("a");
        await world.OccupancyAsync();
        await world.PlaceAsync("c", "b");
        await world.OccupancyAsync();
        return await world.FinishAsync(AssignmentKinds.CentralizedIsolation);
    }

    private static async Task<List<string>> ConversionScenarioAsync(TraceStores stores)
    {
        var world = await World.CreateAsync(stores, capacity: 2, Recently, "a", "b");
        await world.PlaceAsync("a", "b");
        await world.CheckInAsync("a");
        await stores.Managements.BecomeCaseAsync(world.Person("a"), $"case-a-{world.Run}", DateTimeOffset.UtcNow, Ct);
        await stores.Managements.BecomeCaseAsync(world.Person("b"), $"case-b-{world.Run}", DateTimeOffset.UtcNow, Ct);
        world.Transcript.Add("a becomes a case, b becomes a case");
        await world.OccupancyAsync();
        await world.CheckOutAsync("b");
        await world.CheckOutAsync("a");
        await world.CheckOutAsync("a");
        await world.OccupancyAsync();
        return await world.FinishAsync();
    }

    private static async Task<List<string>> ReleaseScenarioAsync(TraceStores stores)
    {
        var world = await World.CreateAsync(stores, capacity: 3, LongAgo, "a", "b");
        await world.TraceAsync(Recently, "c");
        await world.PlaceAsync("a", "b", "c");
        await world.CheckInAsync("a");
        await stores.Placements.ReleaseEndedAsync(DateTimeOffset.UtcNow, Ct);
        world.Transcript.Add($"release ended: {string.Join(",", await world.WithStatusAsync(AssignmentKinds.CentralizedIsolation, AssignmentStatuses.Released))}");
        await world.OccupancyAsync();
        await world.TraceAsync(Recently.AddHours(1), "c");
        var c = (await stores.Managements.GetAssignmentsAsync(world.Person("c"), Ct)).Single(a => a.Kind == AssignmentKinds.CentralizedIsolation);
        world.Transcript.Add($"c exposed again later: {(c.End == Recently.AddHours(1).AddDays(7) ? "extended" : "not extended")}");
        return await world.FinishAsync();
    }

    private static async Task<List<string>> WithdrawalScenarioAsync(TraceStores stores)
    {
        var world = await World.CreateAsync(stores, capacity: 2, Recently, "a", "b");
        await world.PlaceAsync("a", "b");
        await world.CheckInAsync("b");
        var withdrawn = await stores.Cases.WithdrawAsync(world.CaseId, new CaseWithdrawal(DateTimeOffset.UtcNow, "false positive"), Ct);
        world.Transcript.Add($"withdrawn: {string.Join(",", withdrawn.Select(world.Label))}");
        await world.OccupancyAsync();
        return await world.FinishAsync();
    }

    /// <summary>One case, its close contacts (labelled a, b, …) in one district, and that district's only hotel.</summary>
    private sealed class World(TraceStores stores, string run, int capacity)
    {
        public string Run => run;

        public string CaseId => $"case-{run}";

        public string Hotel => $"hotel-{run}";

        public List<string> Transcript { get; } = [];

        private string District => $"district-{run}";

        public static async Task<World> CreateAsync(TraceStores stores, int capacity, DateTimeOffset exposed, params string[] contacts)
        {
            var world = new World(stores, Guid.NewGuid().ToString("N")[..8], capacity);
            await stores.Registry.UpsertPersonAsync($"index-{world.Run}", new PersonProfile(world.District, null, null, null), Ct);
            await stores.Registry.UpsertHotelAsync(world.Hotel, new HotelProfile("甲", world.District, capacity), Ct);
            var report = new CaseReport(world.CaseId, $"index-{world.Run}", Classifications.Confirmed, exposed, null, exposed, world.District, null, null);
            await stores.Cases.SaveCaseAsync(new CaseRecord(report, exposed, world.District, DiscoveryChannels.CommunityScreening, exposed.AddDays(-2), exposed,
                [], world.CaseId, null, TraceSummary.Pending), Ct);
            await world.TraceAsync(exposed, contacts);
            return world;
        }

        public string Person(string label) => $"{label}-{run}";

        public string Label(string personId) => personId[..personId.IndexOf('-', StringComparison.Ordinal)];

        public async Task TraceAsync(DateTimeOffset exposed, params string[] contacts)
        {
            foreach (var label in contacts)
            {
                await stores.Registry.UpsertPersonAsync(Person(label), new PersonProfile(District, null, null, null), Ct);
            }

            await stores.Traces.WriteTraceAsync(new TraceResult(CaseId,
                [.. contacts.Select(c => new ContactFinding(Person(c), 1, ManagementCategory.CloseContact, exposed.AddMinutes(-30), exposed, []))]),
                TracingPolicies.NationalV9, DateTimeOffset.UtcNow, Ct);
            foreach (var label in contacts)
            {
                _centralized[label] = (await stores.Managements.GetAssignmentsAsync(Person(label), Ct)).Single(a => a.Kind == AssignmentKinds.CentralizedIsolation).AssignmentId;
            }
        }

        private readonly Dictionary<string, string> _centralized = [];

        public string Centralized(string label) => _centralized[label];

        public async Task PlaceAsync(params string[] labels)
        {
            var placed = await stores.Placements.PlaceAsync(Hotel, [.. labels.Select(Centralized)], Ct);
            Transcript.Add($"place {string.Join(",", labels)}: {string.Join(",", placed.Select(id => _centralized.Single(c => c.Value == id).Key))}");
        }

        public Task CheckInAsync(string label) => StepAsync($"check-in {label}", stores.Placements.CheckInAsync(Hotel, Centralized(label), DateTimeOffset.UtcNow, Ct));

        public Task CheckOutAsync(string label) => StepAsync($"check-out {label}", stores.Placements.CheckOutAsync(Hotel, Centralized(label), DateTimeOffset.UtcNow, Ct));

        public async Task StepAsync(string what, Task<LifecycleOutcome> step) => Transcript.Add($"{what}: {await step}");

        public async Task OccupancyAsync()
        {
            var occupancy = await stores.Placements.GetOccupancyAsync(Hotel, Ct);
            var free = (await stores.Placements.GetAvailabilityAsync(Ct)).Single(h => h.HotelId == Hotel).Free;
            Transcript.Add($"occupancy {occupancy.Occupied}, awaiting {occupancy.Awaiting}; free {free}");
            Assert.Equal(capacity, free + occupancy.Occupied);
        }

        public async Task<IEnumerable<string>> WithStatusAsync(string kind, string status)
        {
            var found = new List<string>();
            foreach (var label in _centralized.Keys.Order(StringComparer.Ordinal))
            {
                if ((await stores.Managements.GetAssignmentsAsync(Person(label), Ct)).Any(a => a.Kind == kind && a.Status == status))
                {
                    found.Add(label);
                }
            }

            return found;
        }

        /// <summary>Every contact's assignments (of one kind, or all) and the hotel's feed, labelled.</summary>
        public async Task<List<string>> FinishAsync(string? kind = null)
        {
            foreach (var label in _centralized.Keys.Order(StringComparer.Ordinal))
            {
                Transcript.AddRange((await stores.Managements.GetAssignmentsAsync(Person(label), Ct))
                    .Where(a => kind is null || a.Kind == kind)
                    .Select(a => $"{label} {a.Kind} {a.Status}"));
            }

            Transcript.AddRange((await stores.Feeds.ReadFeedAsync(Hotel, 0, 100, Ct))
                .Select(f => $"feed {f.Cursor} {Label(f.PersonId)} {f.Status}{(f.Reason is null ? "" : " " + f.Reason)}"));
            return Transcript;
        }
    }
}
