using System.Collections.Immutable;
using ContactTrace.Cases;

namespace ContactTrace.Storage.Tests;

/// <summary>
/// Many linked cases saved at once, each merging the clusters of two earlier cases in whatever order: every save
/// succeeds (merges used to deadlock on each other's case rows and fail the report) and each merge holds.
/// </summary>
public sealed class ClusterMergeTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task ConcurrentMergesOfOverlappingClustersAllSucceed()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new PostgresCaseStore(database.DataSource);
        var queries = new PostgresTracingQueries(database.DataSource);
        var run = Guid.NewGuid().ToString("N")[..8];
        var seeds = Enumerable.Range(0, 12).Select(i => $"seed-{i:D2}-{run}").ToArray();
        foreach (var seed in seeds)
        {
            await store.SaveCaseAsync(Record(seed, [], seed), ct);
        }

        // Act: 60 new cases, each linked to two seeds, saved 60 at once.
        var random = new Random(7);
        var linked = Enumerable.Range(0, 60).Select(i =>
        {
            var (a, b) = (seeds[random.Next(seeds.Length)], seeds[random.Next(seeds.Length)]);
            return Record($"linked-{i:D2}-{run}", [a, b], a);
        }).ToList();
        await Task.WhenAll(linked.Select(record => store.SaveCaseAsync(record, ct)));

        // Assert: each case's sources ended up in one cluster with it.
        foreach (var record in linked)
        {
            var cluster = await queries.GetClusterIdAsync(record.Report.CaseId, ct);
            foreach (var source in record.Sources)
            {
                Assert.Equal(cluster, await queries.GetClusterIdAsync(source, ct));
            }
        }
    }

    private static CaseRecord Record(string caseId, ImmutableArray<string> sources, string clusterId)
    {
        var at = new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);
        var report = new CaseReport(caseId, $"p-{caseId}", Classifications.Confirmed, at.AddHours(-3), null, at, "daoli", null, null);
        return new CaseRecord(report, at, "daoli", DiscoveryChannels.CommunityScreening, at.AddDays(-2), at, sources, clusterId, null, TraceSummary.Pending);
    }
}
