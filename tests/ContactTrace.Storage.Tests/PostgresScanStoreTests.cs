using ContactTrace.Scans;

namespace ContactTrace.Storage.Tests;

/// <summary>The day-partitioned scan log on a real PostgreSQL: idempotent inserts, partitions, reads and expiry.</summary>
public sealed class PostgresScanStoreTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateTimeOffset At(int day, int hour, int minute = 0, int second = 0) => new(2026, 11, day, hour, minute, second, TimeSpan.Zero);

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private static List<Scan> NewScans(int count, string venueId, DateTimeOffset from, TimeSpan step) =>
        [.. Enumerable.Range(0, count).Select(i => new Scan(NewId("s"), NewId("p"), venueId, from + step * i, null))];

    private Task<long> RowsAsync(IEnumerable<Scan> scans) =>
        database.ScalarAsync<long>("SELECT count(*) FROM scans WHERE scan_id = ANY($1)", (object)scans.Select(s => s.ScanId).ToArray());

    private Task<long> DistinctScanIdsAsync(IEnumerable<Scan> scans) =>
        database.ScalarAsync<long>("SELECT count(DISTINCT scan_id) FROM scans WHERE scan_id = ANY($1)", (object)scans.Select(s => s.ScanId).ToArray());

    /// <summary>A store on a database of its own, for tests that drop partitions.</summary>
    private static async Task<(NpgsqlDataSource DataSource, PostgresScanStore Store)> OwnDatabaseAsync()
    {
        var dataSource = NpgsqlDataSource.Create(await PostgresServer.CreateDatabaseAsync("scans"));
        await new SchemaMigrator(dataSource, Microsoft.Extensions.Logging.Abstractions.NullLogger<SchemaMigrator>.Instance).MigrateAsync(Ct);
        return (dataSource, new PostgresScanStore(dataSource));
    }

    private static async Task<List<string>> PartitionsAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT c.relname FROM pg_inherits i
            JOIN pg_class c ON c.oid = i.inhrelid
            JOIN pg_class p ON p.oid = i.inhparent
            WHERE p.relname = 'scans' AND c.relkind = 'r'
            ORDER BY c.relname
            """);
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    [Fact]
    public async Task InsertingNewScansReturnsEveryPositionAndStoresEachOnce()
    {
        var store = new PostgresScanStore(database.DataSource);
        var scans = NewScans(5, NewId("v"), At(18, 10), TimeSpan.FromMinutes(7));

        var inserted = await store.InsertAsync(scans, Ct);

        Assert.Equal([0, 1, 2, 3, 4], inserted);
        Assert.Equal(5, await RowsAsync(scans));
        Assert.Equal(5, await DistinctScanIdsAsync(scans));
    }

    [Fact]
    public async Task InsertingNothingReturnsNothing()
    {
        var store = new PostgresScanStore(database.DataSource);

        Assert.Empty(await store.InsertAsync([], Ct));
    }

    [Fact]
    public async Task ReinsertingTheSameBatchReturnsNoPositionAndKeepsOneRowPerScan()
    {
        var store = new PostgresScanStore(database.DataSource);
        var scans = NewScans(5, NewId("v"), At(18, 10), TimeSpan.FromMinutes(7));
        await store.InsertAsync(scans, Ct);

        var again = await store.InsertAsync(scans, Ct);
        var fromAnotherSilo = await new PostgresScanStore(database.DataSource).InsertAsync(scans, Ct);

        Assert.Empty(again);
        Assert.Empty(fromAnotherSilo);
        Assert.Equal(5, await RowsAsync(scans));
        Assert.Equal(5, await DistinctScanIdsAsync(scans));
    }

    [Fact]
    public async Task ABatchMixingNewAndStoredScansReturnsExactlyTheNewPositions()
    {
        var store = new PostgresScanStore(database.DataSource);
        var scans = NewScans(6, NewId("v"), At(18, 10), TimeSpan.FromMinutes(7));
        await store.InsertAsync([scans[1], scans[3]], Ct);

        var inserted = await store.InsertAsync(scans, Ct);

        Assert.Equal([0, 2, 4, 5], inserted);
        Assert.Equal(6, await RowsAsync(scans));
        Assert.Equal(6, await DistinctScanIdsAsync(scans));
    }

    [Fact]
    public async Task AStoredScanIdIsSeenAgainEvenWithAnotherScannedAt()
    {
        var store = new PostgresScanStore(database.DataSource);
        var original = new Scan(NewId("s"), NewId("p"), NewId("v"), At(18, 10), null);
        await store.InsertAsync([original], Ct);

        var resentWithSkewedClock = await store.InsertAsync([original with { ScannedAt = original.ScannedAt.AddSeconds(2) }], Ct);

        Assert.Empty(resentWithSkewedClock);
        Assert.Equal(1, await RowsAsync([original]));
    }

    [Fact]
    public async Task AScanIdResentOnAnotherDayIsADuplicateForTheWholeRetentionPeriod()
    {
        var store = new PostgresScanStore(database.DataSource);
        var original = new Scan(NewId("s"), NewId("p"), NewId("v"), At(18, 10), null);
        await store.InsertAsync([original], Ct);
        var fresh = new Scan(NewId("s"), NewId("p"), NewId("v"), At(20, 9), null);

        var nextDay = await store.InsertAsync([original with { ScannedAt = At(19, 23, 59) }], Ct);
        var weeksLater = await store.InsertAsync([fresh, original with { ScannedAt = At(27, 8) }, original with { ScannedAt = At(5, 8) }], Ct);

        Assert.Empty(nextDay);
        Assert.Equal([0], weeksLater);
        Assert.Equal(1, await RowsAsync([original]));
        Assert.Equal(At(18, 10).UtcDateTime, await database.ScalarAsync<DateTime>("SELECT scanned_at FROM scans WHERE scan_id = $1", original.ScanId));
        Assert.Equal(1, await RowsAsync([fresh]));
    }

    [Fact]
    public async Task PurgingADayFreesTheKeysOfItsScansOnly()
    {
        var (dataSource, store) = await OwnDatabaseAsync();
        await using var _ = dataSource;
        var venueId = NewId("v");
        await store.InsertAsync([.. NewScans(3, venueId, At(10, 8), TimeSpan.FromHours(1)), .. NewScans(2, venueId, At(11, 8), TimeSpan.FromHours(1))], Ct);

        await store.PurgeBeforeAsync(At(11, 0), Ct);

        await using var keys = dataSource.CreateCommand("SELECT scan_day, count(*) FROM scan_keys GROUP BY scan_day");
        await using var reader = await keys.ExecuteReaderAsync(Ct);
        Assert.True(await reader.ReadAsync(Ct));
        Assert.Equal((new DateOnly(2026, 11, 11), 2L), (reader.GetFieldValue<DateOnly>(0), reader.GetInt64(1)));
        Assert.False(await reader.ReadAsync(Ct));
    }

    [Fact]
    public async Task ScansOnSeveralDaysGoToTheirUtcDaysPartitions()
    {
        var (dataSource, store) = await OwnDatabaseAsync();
        await using var _ = dataSource;
        var venueId = NewId("v");
        var shanghai = TimeSpan.FromHours(8);
        Scan[] scans =
        [
            new(NewId("s"), "p-1", venueId, new DateTimeOffset(2026, 11, 17, 23, 59, 59, TimeSpan.Zero), null),
            new(NewId("s"), "p-1", venueId, new DateTimeOffset(2026, 11, 18, 7, 30, 0, shanghai), null),   // 17th, 23:30 UTC
            new(NewId("s"), "p-2", venueId, new DateTimeOffset(2026, 11, 18, 8, 0, 0, shanghai), null),    // 18th, 00:00 UTC
            new(NewId("s"), "p-2", venueId, new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero), null),
        ];

        var inserted = await store.InsertAsync(scans, Ct);

        Assert.Equal([0, 1, 2, 3], inserted);
        Assert.Equal(["scans_20261117", "scans_20261118", "scans_20261120"], await PartitionsAsync(dataSource));
        await using var command = dataSource.CreateCommand("SELECT scan_id, tableoid::regclass::text FROM scans");
        var partitionOf = new Dictionary<string, string>();
        await using (var reader = await command.ExecuteReaderAsync(Ct))
        {
            while (await reader.ReadAsync(Ct))
            {
                partitionOf[reader.GetString(0)] = reader.GetString(1);
            }
        }

        Assert.Equal(4, partitionOf.Count);
        Assert.Equal("scans_20261117", partitionOf[scans[0].ScanId]);
        Assert.Equal("scans_20261117", partitionOf[scans[1].ScanId]);
        Assert.Equal("scans_20261118", partitionOf[scans[2].ScanId]);
        Assert.Equal("scans_20261120", partitionOf[scans[3].ScanId]);
    }

    [Fact]
    public async Task AVenuesVisitsAreReadExactlyInTheRangeOldestFirst()
    {
        var store = new PostgresScanStore(database.DataSource);
        var venueId = NewId("v");
        var otherVenueId = NewId("v");
        Scan[] scans =
        [
            new(NewId("s"), "p-late", venueId, At(19, 10, 30), At(19, 10, 45)),
            new(NewId("s"), "p-before", venueId, At(19, 9, 59, 59), null),
            new(NewId("s"), "p-first", venueId, At(19, 10, 0), null),
            new(NewId("s"), "p-last", venueId, At(19, 10, 59, 59), null),
            new(NewId("s"), "p-at-end", venueId, At(19, 11, 0), null),
            new(NewId("s"), "p-elsewhere", otherVenueId, At(19, 10, 30), null),
            new(NewId("s"), "p-day-before", venueId, At(18, 10, 30), null),
        ];
        await store.InsertAsync(scans, Ct);

        var visits = await store.ReadVenueVisitsAsync(venueId, At(19, 10), At(19, 11), Ct);

        Assert.Equal(
        [
            new Visit("p-first", At(19, 10, 0), null),
            new Visit("p-late", At(19, 10, 30), At(19, 10, 45)),
            new Visit("p-last", At(19, 10, 59, 59), null),
        ], visits);
    }

    [Fact]
    public async Task AVenuesVisitsAreReadAcrossDaysUpToAnOpenEnd()
    {
        var store = new PostgresScanStore(database.DataSource);
        var venueId = NewId("v");
        Scan[] scans =
        [
            new(NewId("s"), "p-1", venueId, At(16, 23, 0), null),
            new(NewId("s"), "p-2", venueId, At(17, 1, 0), null),
            new(NewId("s"), "p-3", venueId, At(19, 12, 0), At(19, 13, 0)),
        ];
        await store.InsertAsync(scans, Ct);

        var visits = await store.ReadVenueVisitsAsync(venueId, At(16, 23, 30), DateTimeOffset.MaxValue, Ct);

        Assert.Equal(["p-2", "p-3"], visits.Select(v => v.PersonId));
    }

    [Fact]
    public async Task VisitTimesReadBackAreTheInstantsStored()
    {
        var store = new PostgresScanStore(database.DataSource);
        var venueId = NewId("v");
        var scannedAt = new DateTimeOffset(2026, 11, 19, 18, 30, 15, 123, TimeSpan.FromHours(8)).AddTicks(4560); // microseconds kept
        await store.InsertAsync([new Scan(NewId("s"), "p-1", venueId, scannedAt, scannedAt.AddMinutes(42))], Ct);

        var visit = Assert.Single(await store.ReadVenueVisitsAsync(venueId, scannedAt.AddHours(-1), scannedAt.AddHours(1), Ct));

        Assert.Equal(scannedAt, visit.ScannedAt);
        Assert.Equal(scannedAt.AddMinutes(42), visit.LeftAt);
    }

    [Fact]
    public async Task APersonsScansAreReadExactlyInTheRange()
    {
        var store = new PostgresScanStore(database.DataSource);
        var (p1, p2, p3) = (NewId("p"), NewId("p"), NewId("p"));
        Scan[] scans =
        [
            new(NewId("s"), p1, "v-a", At(19, 8, 0), At(19, 8, 30)),
            new(NewId("s"), p1, "v-b", At(19, 12, 0), null),
            new(NewId("s"), p1, "v-c", At(19, 20, 0), null),        // at the range's end: out
            new(NewId("s"), p2, "v-a", At(19, 7, 59, 59), null),    // before the range: out
            new(NewId("s"), p2, "v-d", At(19, 9, 0), null),
            new(NewId("s"), p3, "v-a", At(19, 9, 0), null),         // not asked for
        ];
        await store.InsertAsync(scans, Ct);

        var found = await store.ReadPersonScansAsync([p1, p2], At(19, 8), At(19, 20), Ct);

        Assert.Equal([scans[0], scans[4], scans[1]], found.OrderBy(s => s.ScannedAt));
    }

    [Fact]
    public async Task NoPersonsHaveNoScans()
    {
        var store = new PostgresScanStore(database.DataSource);

        Assert.Empty(await store.ReadPersonScansAsync([], At(1, 0), At(30, 0), Ct));
    }

    [Fact]
    public async Task PurgingDropsTheWholeDaysThatEndedBeforeTheCutoffAndKeepsTheRest()
    {
        var (dataSource, store) = await OwnDatabaseAsync();
        await using var _ = dataSource;
        var venueId = NewId("v");
        var day1 = NewScans(3, venueId, At(10, 0, 30), TimeSpan.FromHours(7));
        var day2 = NewScans(3, venueId, At(11, 0, 30), TimeSpan.FromHours(7));
        var day3 = NewScans(3, venueId, At(12, 0, 30), TimeSpan.FromHours(7));
        await store.InsertAsync([.. day1, .. day2, .. day3], Ct);

        var dropped = await store.PurgeBeforeAsync(At(12, 12), Ct);

        Assert.Equal(2, dropped);
        Assert.Equal(["scans_20261112"], await PartitionsAsync(dataSource));
        await using var count = dataSource.CreateCommand("SELECT count(*) FROM scans");
        Assert.Equal(3L, (long)(await count.ExecuteScalarAsync(Ct))!);
        Assert.Equal(day3.Select(s => s.ScannedAt), (await store.ReadVenueVisitsAsync(venueId, At(1, 0), At(30, 0), Ct)).Select(v => v.ScannedAt));
    }

    [Fact]
    public async Task PurgingAtTheEndOfADayDropsItAndPurgingAgainDropsNothing()
    {
        var (dataSource, store) = await OwnDatabaseAsync();
        await using var _ = dataSource;
        var venueId = NewId("v");
        await store.InsertAsync([.. NewScans(2, venueId, At(10, 23, 0), TimeSpan.FromMinutes(59)), .. NewScans(2, venueId, At(11, 0, 0), TimeSpan.FromHours(1))], Ct);

        var first = await store.PurgeBeforeAsync(At(11, 0), Ct);
        var second = await store.PurgeBeforeAsync(At(11, 0), Ct);

        Assert.Equal(1, first);
        Assert.Equal(0, second);
        Assert.Equal(["scans_20261111"], await PartitionsAsync(dataSource));
    }

    [Fact]
    public async Task ADayPurgedByThisStoreTakesScansAgainAfterwards()
    {
        var (dataSource, store) = await OwnDatabaseAsync();
        await using var _ = dataSource;
        var venueId = NewId("v");
        await store.InsertAsync(NewScans(2, venueId, At(10, 8), TimeSpan.FromHours(1)), Ct);
        await store.PurgeBeforeAsync(At(11, 0), Ct);

        var again = NewScans(1, venueId, At(10, 9), TimeSpan.Zero);
        var inserted = await store.InsertAsync(again, Ct);

        Assert.Equal([0], inserted);
        Assert.Equal(["scans_20261110"], await PartitionsAsync(dataSource));
    }

    [Fact]
    public async Task ConcurrentInsertsOfOverlappingBatchesStoreEachScanExactlyOnce()
    {
        var store = new PostgresScanStore(database.DataSource);
        for (var round = 0; round < 5; round++)
        {
            var scans = NewScans(300, NewId("v"), At(1 + round, 6), TimeSpan.FromSeconds(37));
            var a = scans[..200];
            var b = scans[100..];

            var results = await Task.WhenAll(store.InsertAsync(a, Ct), store.InsertAsync(b, Ct));

            var newIds = results[0].Select(i => a[i].ScanId).Concat(results[1].Select(i => b[i].ScanId)).ToList();
            Assert.Equal(300, newIds.Count);
            Assert.Equal(300, newIds.Distinct().Count());
            Assert.Equal(300, await RowsAsync(scans));
            Assert.Equal(300, await DistinctScanIdsAsync(scans));
        }
    }

    [Fact]
    public async Task ConcurrentInsertsOfOverlappingBatchesInDifferentOrdersStoreEachScanExactlyOnce()
    {
        var store = new PostgresScanStore(database.DataSource);
        for (var round = 0; round < 5; round++)
        {
            var scans = NewScans(500, NewId("v"), At(8 + round, 6), TimeSpan.FromSeconds(37));
            await store.InsertAsync([scans[0]], Ct); // the day's partition exists; the race is on the scans alone
            List<Scan> reversed = [.. Enumerable.Reverse(scans)];

            var results = await Task.WhenAll(store.InsertAsync(scans, Ct), store.InsertAsync(reversed, Ct));

            Assert.Equal(499, results[0].Count + results[1].Count);
            Assert.Equal(500, await RowsAsync(scans));
            Assert.Equal(500, await DistinctScanIdsAsync(scans));
        }
    }

    [Fact]
    public async Task TwoSilosStoringTheFirstScansOfADayAtOnceBothSucceed()
    {
        // The race is narrow: give it many fresh days.
        for (var round = 0; round < 20; round++)
        {
            var day = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(round);
            var a = NewScans(20, NewId("v"), day, TimeSpan.FromMinutes(1));
            var b = NewScans(20, NewId("v"), day, TimeSpan.FromMinutes(1));

            var results = await Task.WhenAll(
                new PostgresScanStore(database.DataSource).InsertAsync(a, Ct),
                new PostgresScanStore(database.DataSource).InsertAsync(b, Ct));

            Assert.Equal(20, results[0].Count);
            Assert.Equal(20, results[1].Count);
            Assert.Equal(40, await RowsAsync([.. a, .. b]));
        }
    }
}
