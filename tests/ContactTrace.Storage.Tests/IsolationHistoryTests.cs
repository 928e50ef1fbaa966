using ContactTrace.Hotels;
using ContactTrace.Policy;
using ContactTrace.Reports;
using ContactTrace.Tracing;

namespace ContactTrace.Storage.Tests;

/// <summary>
/// A bulletin for a moment that has passed counts isolation and management as they stood then: a person placed in a
/// hotel and later converted to a case is still counted in centralized isolation at a moment between the two, and a
/// quarantine recorded later, though it runs from an earlier exposure, is not counted at a moment before the trace
/// recorded it — on PostgreSQL and in the embedded default's in-memory twin alike.
/// </summary>
public sealed class IsolationHistoryTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public Task PastIsolationFiguresStayAsTheyStoodAtThePeriodsEndOnPostgres() => AssertHistoryAsync(TraceStores.Postgres(database));

    [Fact]
    public Task PastIsolationFiguresStayAsTheyStoodAtThePeriodsEndInMemory() => AssertHistoryAsync(TraceStores.InMemory());

    private static async Task AssertHistoryAsync(TraceStores stores)
    {
        // A close contact (centralized isolation, waiting for a room) and a secondary contact (home isolation).
        var run = Guid.NewGuid().ToString("N")[..8];
        var (close, secondary, hotel) = ($"close-{run}", $"secondary-{run}", $"hotel-{run}");
        var exposed = DateTimeOffset.UtcNow.AddHours(-2);
        await stores.Registry.UpsertPersonAsync(close, new PersonProfile("nangang", null, null, null), Ct);
        await stores.Registry.UpsertPersonAsync(secondary, new PersonProfile("nangang", null, null, null), Ct);
        await stores.Registry.UpsertHotelAsync(hotel, new HotelProfile("甲", "nangang", 5), Ct);
        var beforeTrace = await MomentAsync(stores);
        await stores.Traces.WriteTraceAsync(new TraceResult($"case-{run}",
        [
            new ContactFinding(close, 1, ManagementCategory.CloseContact, exposed, exposed.AddMinutes(30), []),
            new ContactFinding(secondary, 2, ManagementCategory.SecondaryContact, exposed, exposed.AddMinutes(30), []),
        ]), TracingPolicies.NationalV9, DateTimeOffset.UtcNow, Ct);
        var waiting = await MomentAsync(stores);

        var centralized = (await stores.Managements.GetAssignmentsAsync(close, Ct)).Single(a => a.Kind == AssignmentKinds.CentralizedIsolation);
        Assert.Equal([centralized.AssignmentId], await stores.Placements.PlaceAsync(hotel, [centralized.AssignmentId], Ct));
        var placed = await MomentAsync(stores);

        // Act: both become cases, which ends their measures.
        await stores.Managements.BecomeCaseAsync(close, $"case-of-close-{run}", DateTimeOffset.UtcNow, Ct);
        await stores.Managements.BecomeCaseAsync(secondary, $"case-of-secondary-{run}", DateTimeOffset.UtcNow, Ct);
        var converted = await MomentAsync(stores);

        // Assert: (centralized, home, awaiting) at each moment, asked after everything happened.
        Assert.Equal((0, 1, 1), await IsolationAtAsync(stores, waiting));
        Assert.Equal((1, 1, 0), await IsolationAtAsync(stores, placed));
        Assert.Equal((0, 0, 0), await IsolationAtAsync(stores, converted));
        Assert.Equal((0, 0), await UnderManagementAtAsync(stores, beforeTrace));
        Assert.Equal((1, 1), await UnderManagementAtAsync(stores, waiting));
        Assert.Equal((0, 0), await UnderManagementAtAsync(stores, converted));
    }

    // A moment strictly after what happened so far and strictly before what happens next, on the store's own clock:
    // read until it has moved past everything stamped before, and again until it has moved past the moment.
    private static async Task<DateTimeOffset> MomentAsync(TraceStores stores)
    {
        var before = await stores.Now();
        var moment = await NextAsync(stores, before);
        await NextAsync(stores, moment);
        return moment;
    }

    private static async Task<DateTimeOffset> NextAsync(TraceStores stores, DateTimeOffset after)
    {
        var now = await stores.Now();
        while (now <= after)
        {
            now = await stores.Now();
        }

        return now;
    }

    private static async Task<(int Centralized, int Home, int Awaiting)> IsolationAtAsync(TraceStores stores, DateTimeOffset end)
    {
        var figures = await stores.Reports.GetBulletinFiguresAsync(end.AddHours(-15), end, Ct);
        return (figures.Centralized, figures.Home, figures.AwaitingCapacity);
    }

    private static async Task<(int Close, int Secondary)> UnderManagementAtAsync(TraceStores stores, DateTimeOffset end)
    {
        var figures = await stores.Reports.GetBulletinFiguresAsync(end.AddHours(-15), end, Ct);
        return (figures.CloseUnderManagement, figures.SecondaryUnderManagement);
    }
}
