using ContactTrace.Scans;
using ContactTrace.Tracing;

namespace ContactTrace.Storage.Tests;

/// <summary>
/// Which re-trace a late scan asks for: someone new at a venue during the case's own presence there re-traces the
/// whole case; someone new at a venue during a close contact's presence (a window tier 2 read through them) only
/// extends that close contact — on PostgreSQL and on the in-memory twin alike.
/// </summary>
public sealed class WatchScopeTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    private static readonly DateTimeOffset At = new(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan LongestStay = TimeSpan.FromHours(4);

    public static TheoryData<string> Backends => ["postgres", "in-memory"];

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task AScanAtAVenueReadThroughACloseContactExtendsOnlyThatCloseContact(string backend)
    {
        var ct = TestContext.Current.CancellationToken;
        var (traces, requests) = Stores(backend);
        var caseId = $"c-{Guid.NewGuid():N}";
        await traces.AddWatchesAsync(caseId,
        [
            new TraceWatch(TraceWatch.VenueKind, "v-case", At, At.AddHours(1)),
            new TraceWatch(TraceWatch.VenueKind, "v-shared", At, At.AddHours(1), Via: "p-close-1"),
            new TraceWatch(TraceWatch.VenueKind, "v-shared", At, At.AddHours(1), Via: "p-close-2"),
        ], ct);

        // Act: someone new at the venue where both close contacts were, at that time
        await requests.RequestForScansAsync([new Scan("s-1", "p-new", "v-shared", At.AddMinutes(30), null)], LongestStay, ct);
        var scoped = await ClaimAsync(requests, caseId);

        // Assert: both close contacts keep their own watch of the same interval, and only they are traced again
        Assert.Equal(["p-close-1", "p-close-2"], scoped.Persons);

        // Act: someone new where the case itself was
        await requests.RequestForScansAsync([new Scan("s-2", "p-new", "v-case", At.AddMinutes(30), null)], LongestStay, ct);
        var whole = await ClaimAsync(requests, caseId);

        // Assert
        Assert.Null(whole.Persons);
    }

    private async Task<TraceRequest> ClaimAsync(ITraceRequests requests, string caseId)
    {
        var claimed = await requests.ClaimAsync(100, TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        var request = Assert.Single(claimed, r => r.CaseId == caseId);
        await requests.CompleteAsync([request], TestContext.Current.CancellationToken);
        return request;
    }

    private (ITraceResults Traces, ITraceRequests Requests) Stores(string backend)
    {
        if (backend == "postgres")
        {
            return (new PostgresTraceResults(database.DataSource), new PostgresTraceRequests(database.DataSource));
        }

        var registry = new InMemoryRegistryStore();
        var db = new InMemoryDatabase(registry);
        return (new InMemoryTraceResults(db), new InMemoryTraceRequests(db, registry, TimeProvider.System));
    }
}
