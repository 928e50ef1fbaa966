using ContactTrace.Hotels;
using ContactTrace.Reports;
using ContactTrace.Tracing;

namespace ContactTrace.Storage.Tests;

/// <summary>
/// The trace and hotel stores of one backend, for parity tests that run the same scenario on PostgreSQL and on the
/// embedded default's in-memory twin; <see cref="Now"/> is the clock that backend stamps times with.
/// </summary>
internal sealed record class TraceStores(
    IRegistryStore Registry,
    ICaseStore Cases,
    ITraceResults Traces,
    IManagementStore Managements,
    IPlacementStore Placements,
    IHotelFeedStore Feeds,
    IReportStore Reports,
    Func<Task<DateTimeOffset>> Now)
{
    public static TraceStores Postgres(DatabaseFixture database)
    {
        var data = database.DataSource;
        return new(new PostgresRegistryStore(data), new PostgresCaseStore(data), new PostgresTraceResults(data), new PostgresManagementStore(data),
            new PostgresPlacementStore(data), new PostgresHotelFeedStore(data), new PostgresReportStore(data), DatabaseNowAsync);

        // The database stamps the times, so "now" is its clock.
        async Task<DateTimeOffset> DatabaseNowAsync() =>
            new(await database.ScalarAsync<DateTime>("SELECT clock_timestamp()"), TimeSpan.Zero);
    }

    public static TraceStores InMemory()
    {
        var registry = new InMemoryRegistryStore();
        var db = new InMemoryDatabase(registry);
        return new(registry, new InMemoryCaseStore(db), new InMemoryTraceResults(db), new InMemoryManagementStore(db),
            new InMemoryPlacementStore(db), new InMemoryHotelFeedStore(db), new InMemoryReportStore(db), () => Task.FromResult(DateTimeOffset.UtcNow));
    }
}
