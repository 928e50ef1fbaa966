using Npgsql;

namespace ContactTrace.Bench.Hosting;

/// <summary>The bench's own statements on the host's database: loading rows, counting them.</summary>
internal static class BenchSql
{
    public static async Task ExecuteAsync(NpgsqlDataSource data, string sql, CancellationToken ct)
    {
        await using var command = data.CreateCommand(sql);
        command.CommandTimeout = 1800;
        await command.ExecuteNonQueryAsync(ct);
    }

    public static async Task<long> CountAsync(NpgsqlDataSource data, string sql, CancellationToken ct)
    {
        await using var command = data.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }
}
