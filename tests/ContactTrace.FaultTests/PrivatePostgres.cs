namespace ContactTrace.FaultTests;

/// <summary>
/// A throwaway PostgreSQL cluster of one test's own (scripts/postgres.sh start/stop into a temporary folder), so that
/// the test can restart it without touching the server every other test uses.
/// </summary>
internal sealed class PrivatePostgres : IAsyncDisposable
{
    private PrivatePostgres(string directory, string adminConnectionString, string pgCtl)
    {
        Directory = directory;
        AdminConnectionString = adminConnectionString;
        PgCtl = pgCtl;
    }

    public string Directory { get; }

    public string AdminConnectionString { get; }

    private string PgCtl { get; }

    private string DataDirectory => Path.Combine(Directory, "data");

    public static async Task<PrivatePostgres> StartAsync()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("contacttrace-faults-pg-").FullName;
        var script = Path.Combine(HostBuild.RepositoryRoot, "scripts", "postgres.sh");
        var started = await ChildProcess.RunAsync(script, ["start", directory], TimeSpan.FromMinutes(3));
        if (started.ExitCode != 0)
        {
            await ChildProcess.RunAsync(script, ["stop", directory], TimeSpan.FromMinutes(1));
            throw new InvalidOperationException($"scripts/postgres.sh start failed ({started.ExitCode}):\n{started.Output}");
        }

        var pgCtl = await ChildProcess.RunAsync("bash", ["-c", "command -v pg_ctl || ls -d /usr/lib/postgresql/*/bin/pg_ctl | sort -V | tail -n 1"], TimeSpan.FromSeconds(10));
        return new PrivatePostgres(directory, started.StandardOutput.Trim().Split('\n')[^1].Trim(), pgCtl.StandardOutput.Trim().Split('\n')[^1].Trim());
    }

    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>
    /// <c>pg_ctl restart -m immediate</c>: every backend is killed without a checkpoint and the server comes back through
    /// crash recovery, on the same port with the same options (pg_ctl reuses postmaster.opts).
    /// </summary>
    public async Task RestartImmediateAsync()
    {
        var command = $"'{PgCtl}' -D '{DataDirectory}' -l '{Path.Combine(Directory, "server.log")}' -m immediate -w -t 60 restart";
        var restarted = await ChildProcess.RunAsync("su", ["postgres", "-c", command], TimeSpan.FromSeconds(90));
        if (restarted.ExitCode != 0)
        {
            throw new InvalidOperationException($"pg_ctl restart failed ({restarted.ExitCode}):\n{restarted.Output}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        var script = Path.Combine(HostBuild.RepositoryRoot, "scripts", "postgres.sh");
        await ChildProcess.RunAsync(script, ["stop", Directory], TimeSpan.FromMinutes(1));
    }
}
