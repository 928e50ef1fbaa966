namespace ContactTrace.Storage.Tests;

public sealed class SchemaMigratorTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task MigratingTwiceChangesNothing()
    {
        var before = await database.ScalarAsync<long>("SELECT count(*) FROM schema_migrations");

        await database.NewMigrator().MigrateAsync(TestContext.Current.CancellationToken);
        await database.NewMigrator().MigrateAsync(TestContext.Current.CancellationToken);

        Assert.Equal(SchemaMigrator.LoadMigrations().Length, before);
        Assert.Equal(before, await database.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task SilosStartingAtOnceMigrateAFreshDatabaseOnce()
    {
        await using var fresh = NpgsqlDataSource.Create(await PostgresServer.CreateDatabaseAsync("race"));
        var migrators = Enumerable.Range(0, 4)
            .Select(_ => new SchemaMigrator(fresh, Microsoft.Extensions.Logging.Abstractions.NullLogger<SchemaMigrator>.Instance));

        await Task.WhenAll(migrators.Select(m => m.MigrateAsync(TestContext.Current.CancellationToken)));

        await using var command = fresh.CreateCommand("SELECT count(*) FROM schema_migrations");
        Assert.Equal((long)SchemaMigrator.LoadMigrations().Length, (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!);
    }

    [Theory]
    [InlineData("UpdateIAmAlivetimeKey")]
    [InlineData("InsertMembershipVersionKey")]
    [InlineData("InsertMembershipKey")]
    [InlineData("UpdateMembershipKey")]
    [InlineData("GatewaysQueryKey")]
    [InlineData("MembershipReadRowKey")]
    [InlineData("MembershipReadAllKey")]
    [InlineData("DeleteMembershipTableEntriesKey")]
    [InlineData("CleanupDefunctSiloEntriesKey")]
    [InlineData("WriteToStorageKey")]
    [InlineData("ReadFromStorageKey")]
    [InlineData("ClearStorageKey")]
    [InlineData("DeleteStorageKey")]
    [InlineData("UpsertReminderRowKey")]
    [InlineData("ReadReminderRowsKey")]
    [InlineData("ReadReminderRowKey")]
    [InlineData("ReadRangeRows1Key")]
    [InlineData("ReadRangeRows2Key")]
    [InlineData("DeleteReminderRowKey")]
    [InlineData("DeleteReminderRowsKey")]
    public async Task EveryQueryTheOrleansProvidersReadIsInstalled(string key)
    {
        var count = await database.ScalarAsync<long>("SELECT count(*) FROM orleansquery WHERE querykey = $1 AND length(querytext) > 0", key);

        Assert.Equal(1, count);
    }
}
