using System.Diagnostics;
using Npgsql;

namespace ContactTrace.TestSupport;

/// <summary>
/// The PostgreSQL server tests run against: the one <c>scripts/test.sh</c> started (its admin connection string in
/// <c>CONTACTTRACE_TEST_POSTGRES</c>), or, when a test is run on its own, a throwaway cluster this process
/// starts as user <c>postgres</c> on a free loopback port and stops on exit. Never a fake.
/// </summary>
public static class PostgresServer
{
    public const string EnvironmentVariable = "CONTACTTRACE_TEST_POSTGRES";

    private static readonly Lazy<Task<string>> AdminConnectionString = new(StartOrReuseAsync);

    /// <summary>Creates an empty database for one fixture and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string purpose)
    {
        var admin = await AdminConnectionString.Value;
        var name = $"ct_{purpose}_{Guid.NewGuid():N}"[..40].ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        // Idle connections are closed after seconds, not Npgsql's five minutes: the suite starts hundreds of hosts,
        // and the pools of those already finished must not hold the server's connection slots.
        return new NpgsqlConnectionStringBuilder(admin)
        {
            Database = name,
            Pooling = true,
            ConnectionIdleLifetime = 5,
            ConnectionPruningInterval = 1,
        }.ConnectionString;
    }

    private static async Task<string> StartOrReuseAsync()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } existing)
        {
            return existing;
        }

        return await ThrowawayCluster.StartAsync();
    }

    /// <summary>A cluster of our own under /tmp, for a test run without scripts/test.sh.</summary>
    private static class ThrowawayCluster
    {
        public static async Task<string> StartAsync()
        {
            var root = Path.Combine(Path.GetTempPath(), $"contacttrace-pg-{Environment.ProcessId}");
            var data = Path.Combine(root, "data");
            var port = FreePorts.Next();
            Directory.CreateDirectory(root);
            await RunAsync("chown", $"postgres {root}");
            await RunAsync("su", $"postgres -c \"initdb -D {data} -A trust -U postgres --no-sync\"");
            await RunAsync("su", $"postgres -c \"pg_ctl -D {data} -l {root}/log -w -o '-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=1000' start\"");
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                using var stop = Process.Start("su", $"postgres -c \"pg_ctl -D {data} -m immediate stop\"");
                stop?.WaitForExit(10_000);
                Directory.Delete(root, recursive: true);
            };
            return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres";
        }

        private static async Task RunAsync(string file, string arguments)
        {
            using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })
                ?? throw new InvalidOperationException($"Could not start {file}.");
            var stderr = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"'{file} {arguments}' failed ({process.ExitCode}): {stderr}");
            }
        }
    }
}
