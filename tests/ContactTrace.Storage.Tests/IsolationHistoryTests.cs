using ContactTrace.Hotels;
using ContactTrace.Policy;
using ContactTrace.Reports;
using ContactTrace.Tracing;

namespace ContactTrace.Storage.Tests;

/// <summary>
/// A bulletin for a moment that has passed counts isolation as it stood then: a person placed in a hotel and later
/// converted to a case is still counted in centralized isolation at a moment between the two, on PostgreSQL and in
/// the embedded default's in-memory twin alike.
/// </summary>
public sealed class IsolationHistoryTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record class Stores(IRegistryStore Registry, ITraceStore Traces, IHotelStore Hotels, IReportStore Reports, Func<Task<DateTimeOffset>> Now);

    [Fact]
    public async Task PastIsolationFiguresStayAsTheyStoodAtThePeriodsEndOnPostgres()
    {
        var data = database.DataSource;
        await AssertHistoryAsync(new Stores(new PostgresRegistryStore(data), new PostgresTraceStore(data), new PostgresHotelStore(data),
            new PostgresReportStore(data), DatabaseNowAsync));

        // The database stamps the times, so "now" is its clock.
        async Task<DateTimeOffset> DatabaseNowAsync() =>
            new(await database.ScalarAsync<DateTime>("SELECT clock_timestamp()"), TimeSpan.Zero);
    }

    [Fact]
    public async Task PastIsolationFiguresStayAsTheyStoodAtThePeriodsEndInMemory()
    {
        var registry = new InMemoryRegistryStore();
        var traces = new InMemoryTraceStore(registry);
        await AssertHistoryAsync(new Stores(registry, traces, traces, traces, () => Task.FromResult(DateTimeOffset.UtcNow)));
    }

    private static async Task AssertHistoryAsync(Stores stores)
    {
        // A close contact (centralized isolation, waiting for a room) and a secondary contact (home isolation).
        var run = Guid.NewGuid().ToString("N")[..8];
        var (close, secondary, hotel) = ($"close-{run}", $"secondary-{run}", $"hotel-{run}");
        var exposed = DateTimeOffset.UtcNow.AddHours(-2);
        await stores.Registry.UpsertPersonAsync(close, new PersonProfile("nangang", null, null, null), Ct);
        await stores.Registry.UpsertPersonAsync(secondary, new PersonProfile("nangang", null, null, null), Ct);
        await stores.Registry.UpsertHotelAsync(hotel, new HotelProfile("甲", "nangang", 5), Ct);
        await stores.Traces.WriteTraceAsync(new TraceResult($"case-{run}",
        [
            new ContactFinding(close, 1, ManagementCategory.CloseContact, exposed, exposed.AddMinutes(30), []),
            new ContactFinding(secondary, 2, ManagementCategory.SecondaryContact, exposed, exposed.AddMinutes(30), []),
        ]), TracingPolicies.NationalV9, DateTimeOffset.UtcNow, Ct);
        var waiting = await MomentAsync(stores);

        var centralized = (await stores.Traces.GetAssignmentsAsync(close, Ct)).Single(a => a.Kind == AssignmentKinds.CentralizedIsolation);
        Assert.Equal([centralized.AssignmentId], await stores.Hotels.PlaceAsync(hotel, [centralized.AssignmentId], Ct));
        var placed = await MomentAsync(stores);

        // Act: both become cases, which ends their measures.
        await stores.Traces.BecomeCaseAsync(close, $"case-of-close-{run}", DateTimeOffset.UtcNow, Ct);
        await stores.Traces.BecomeCaseAsync(secondary, $"case-of-secondary-{run}", DateTimeOffset.UtcNow, Ct);
        var converted = await MomentAsync(stores);

        // Assert: (centralized, home, awaiting) at each moment, asked after everything happened.
        Assert.Equal((0, 1, 1), await IsolationAtAsync(stores, waiting));
        Assert.Equal((1, 1, 0), await IsolationAtAsync(stores, placed));
        Assert.Equal((0, 0, 0), await IsolationAtAsync(stores, converted));
    }

    // A moment strictly after what happened so far and strictly before what happens next.
    private static async Task<DateTimeOffset> MomentAsync(Stores stores)
    {
        await Task.Delay(20, Ct);
        var moment = await stores.Now();
        await Task.Delay(20, Ct);
        return moment;
    }

    private static async Task<(int Centralized, int Home, int Awaiting)> IsolationAtAsync(Stores stores, DateTimeOffset end)
    {
        var figures = await stores.Reports.GetBulletinFiguresAsync(end.AddHours(-15), end, Ct);
        return (figures.Centralized, figures.Home, figures.AwaitingCapacity);
    }
}
