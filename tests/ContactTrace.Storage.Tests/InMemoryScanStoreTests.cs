using ContactTrace.Scans;

namespace ContactTrace.Storage.Tests;

/// <summary>The embedded default's scan log keeps the PostgreSQL store's idempotency: one scan id, once, whatever its day.</summary>
public sealed class InMemoryScanStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AScanIdResentOnAnotherDayIsADuplicateUntilItsScanIsPurged()
    {
        var store = new InMemoryScanStore();
        var original = new Scan("s-1", "p-1", "v-1", new DateTimeOffset(2026, 11, 18, 10, 0, 0, TimeSpan.Zero), null);
        await store.InsertAsync([original], Ct);

        var otherDay = await store.InsertAsync([original with { ScannedAt = original.ScannedAt.AddDays(3) }], Ct);
        await store.PurgeBeforeAsync(original.ScannedAt.AddDays(1), Ct);
        var afterPurge = await store.InsertAsync([original with { ScannedAt = original.ScannedAt.AddDays(3) }], Ct);

        Assert.Empty(otherDay);
        Assert.Equal([0], afterPurge);
    }
}
