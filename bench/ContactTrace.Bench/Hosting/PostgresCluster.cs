using Npgsql;

namespace ContactTrace.Bench.Hosting;

/// <summary>
/// A throwaway PostgreSQL cluster started with the repository's <c>scripts/postgres.sh</c> (on a free loopback
/// port, fsync off, as user postgres) and stopped — data directory removed — on dispose.
/// </summary>
internal sealed class PostgresCluster : IAsyncDisposable
{
    private readonly string _script;
    private readonly string _directory;

    private PostgresCluster(string script, string directory, string adminConnectionString)
    {
        _script = script;
        _directory = directory;
        AdminConnectionString = adminConnectionString;
    }

    public string AdminConnectionString { get; }

    /// <summary>Leaves the cluster running on dispose, for inspection after the run.</summary>
    public bool Keep { get; set; }

    public static async Task<PostgresCluster> StartAsync(string repoRoot, string directory, CancellationToken ct)
    {
        var script = Path.Combine(repoRoot, "scripts", "postgres.sh");
        var output = await ProcessRunner.RunAsync(script, ["start", directory], repoRoot, ct);
        var connectionString = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
        return new PostgresCluster(script, directory, connectionString);
    }

    public async Task<string> CreateDatabaseAsync(string name, CancellationToken ct)
    {
        await ExecuteAsync(AdminConnectionString, $"CREATE DATABASE \"{name}\"", ct);
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Writes dirty buffers out, so that one phase's leftovers do not slow down the next one.</summary>
    public Task CheckpointAsync(CancellationToken ct) => ExecuteAsync(AdminConnectionString, "CHECKPOINT", ct);

    public async ValueTask DisposeAsync()
    {
        if (Keep)
        {
            Console.WriteLine($"PostgreSQL left running (--keep): {AdminConnectionString}");
            Console.WriteLine($"  stop it with: {_script} stop {_directory}");
            return;
        }

        try
        {
            // Never cancelled: the cluster must stop also when the run was interrupted.
            await ProcessRunner.RunAsync(_script, ["stop", _directory], Path.GetDirectoryName(_script)!, CancellationToken.None);
        }
        catch (InvalidOperationException e)
        {
            await Console.Error.WriteLineAsync($"Could not stop PostgreSQL in {_directory}: {e.Message}");
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
