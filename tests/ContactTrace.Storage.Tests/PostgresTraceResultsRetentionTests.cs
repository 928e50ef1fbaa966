using ContactTrace.Policy;
using ContactTrace.Tracing;

namespace ContactTrace.Storage.Tests;

public sealed class PostgresTraceResultsRetentionTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task RetentionPurgesExposureEvidenceAndWatchesThatEndedBeforeTheCutoffOnly()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new PostgresTraceResults(database.DataSource);
        var caseId = $"c-{Guid.NewGuid():N}";
        var now = new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);
        var old = now.AddDays(-40);
        var recent = now.AddDays(-2);
        var result = new TraceResult(caseId,
        [
            new ContactFinding("p-old", 1, "close-contact", old, old.AddHours(1), [new Exposure("venue", "v-1", old, old.AddHours(1), null, null)]),
            new ContactFinding("p-new", 1, "close-contact", recent, recent.AddHours(1), [new Exposure("venue", "v-1", recent, recent.AddHours(1), null, null)]),
        ]);
        await store.AddWatchesAsync(caseId,
        [
            new TraceWatch(TraceWatch.VenueKind, "v-1", old, old.AddHours(1)),
            new TraceWatch(TraceWatch.VenueKind, "v-1", recent, recent.AddHours(1)),
        ], ct);
        await store.WriteTraceAsync(result, TracingPolicies.NationalV9, now, ct);

        // Act
        var purged = await store.PurgeBeforeAsync(now.AddDays(-28), ct);

        // Assert
        Assert.Equal(2, purged);
        Assert.Equal(["p-new"], await PersonsWithEvidenceAsync(caseId));
        Assert.Equal(1, await database.ScalarAsync<long>("SELECT count(*) FROM trace_watches WHERE case_id = $1", caseId));
        Assert.Equal(0, await store.PurgeBeforeAsync(now.AddDays(-28), ct));
    }

    private async Task<List<string>> PersonsWithEvidenceAsync(string caseId)
    {
        await using var command = database.DataSource.CreateCommand("SELECT person_id FROM exposures WHERE case_id = $1 ORDER BY person_id");
        command.Parameters.Add(new NpgsqlParameter { Value = caseId });
        var persons = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            persons.Add(reader.GetString(0));
        }

        return persons;
    }
}
