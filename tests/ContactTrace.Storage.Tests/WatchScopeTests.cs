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

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task AnExtensionWaitsItsDelayToGatherMoreScansWhileAWholeReTraceGoesAtOnce(string backend)
    {
        var ct = TestContext.Current.CancellationToken;
        var (traces, requests) = Stores(backend);
        var (extended, whole) = ($"c-{Guid.NewGuid():N}", $"c-{Guid.NewGuid():N}");
        await traces.AddWatchesAsync(extended, [new TraceWatch(TraceWatch.ContactKind, "p-close", At, DateTimeOffset.MaxValue)], ct);
        await traces.AddWatchesAsync(whole, [new TraceWatch(TraceWatch.PersonKind, "p-case", At, At.AddDays(1))], ct);
        await requests.RequestForScansAsync([new Scan("s-1", "p-close", "v-1", At.AddHours(1), null)], LongestStay, ct);
        await requests.RequestForScansAsync([new Scan("s-2", "p-case", "v-1", At.AddHours(1), null)], LongestStay, ct);

        // Act
        var early = await requests.ClaimAsync(100, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1), ct);
        await requests.RequestForScansAsync([new Scan("s-3", "p-close", "v-2", At.AddHours(2), null)], LongestStay, ct);
        var due = await ClaimAsync(requests, extended);

        // Assert: the whole re-trace went at once; the extension waited, and then went as one request
        Assert.Equal([whole], early.Select(r => r.CaseId));
        Assert.Equal(["p-close"], due.Persons);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task AnExtensionWhoseClaimWasLostIsHandedOutAgainWithoutWaitingAnew(string backend)
    {
        var ct = TestContext.Current.CancellationToken;
        var (traces, requests) = Stores(backend);
        var caseId = $"c-{Guid.NewGuid():N}";
        await traces.AddWatchesAsync(caseId, [new TraceWatch(TraceWatch.ContactKind, "p-close", At, DateTimeOffset.MaxValue)], ct);
        await requests.RequestForScansAsync([new Scan("s-1", "p-close", "v-1", At.AddHours(1), null)], LongestStay, ct);
        var lost = await requests.ClaimAsync(100, TimeSpan.FromMilliseconds(1), TimeSpan.Zero, ct); // its dispatcher died
        Assert.Contains(lost, r => r.CaseId == caseId);
        await Task.Delay(50, ct);

        // Act: more scans of the close contact keep arriving
        await requests.RequestForScansAsync([new Scan("s-2", "p-close", "v-2", At.AddHours(2), null)], LongestStay, ct);
        var again = await requests.ClaimAsync(100, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1), ct);

        // Assert: it waited its delay once; it does not start waiting over again with every scan
        Assert.Equal(["p-close"], Assert.Single(again, r => r.CaseId == caseId).Persons);
    }

    private async Task<TraceRequest> ClaimAsync(ITraceRequests requests, string caseId)
    {
        var claimed = await requests.ClaimAsync(100, TimeSpan.FromMinutes(1), TimeSpan.Zero, TestContext.Current.CancellationToken);
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
