using Microsoft.Extensions.Logging.Abstractions;

namespace ContactTrace.Storage.Tests;

/// <summary>A fresh database on the real PostgreSQL server, migrated once.</summary>
public sealed class DatabaseFixture : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public SchemaMigrator NewMigrator() => new(DataSource, NullLogger<SchemaMigrator>.Instance);

    public async ValueTask InitializeAsync()
    {
        ConnectionString = await PostgresServer.CreateDatabaseAsync("storage");
        DataSource = NpgsqlDataSource.Create(ConnectionString);
        await NewMigrator().MigrateAsync();
    }

    public async ValueTask DisposeAsync() => await DataSource.DisposeAsync();

    public async Task<T> ScalarAsync<T>(string sql, params object[] values)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return (T)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}
