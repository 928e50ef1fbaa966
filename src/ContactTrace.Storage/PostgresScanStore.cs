using ContactTrace.Scans;
using NpgsqlTypes;

namespace ContactTrace.Storage;

/// <summary>
/// Scans in the day-partitioned <c>scans</c> table, each scan id claimed once in <c>scan_keys</c> for the whole
/// retention period. A batch goes in with two binary COPYs in one transaction (the keys, then the scans); only
/// when a key was claimed before (a retry, or an id re-sent on another day) does it take the slower staging path,
/// which inserts what is new and reports the rest as duplicates.
/// </summary>
public sealed class PostgresScanStore(NpgsqlDataSource dataSource) : IScanStore
{
    private const string UniqueViolation = "23505";
    private const string DeadlockDetected = "40P01";
    private const string Columns = "scan_day, scan_key, venue_key, person_key, scanned_at, left_at, scan_id, person_id, venue_id";

    private readonly ConcurrentDictionary<DateOnly, Task> _partitions = new();

    public async Task<IReadOnlyList<int>> InsertAsync(IReadOnlyList<Scan> scans, CancellationToken cancellationToken = default)
    {
        if (scans.Count == 0)
        {
            return [];
        }

        await EnsurePartitionsAsync(scans, cancellationToken);
        // Rows go in key order, so that two overlapping batches take their index locks in the same order and
        // queue behind each other instead of deadlocking. The fast path reports every position, so order is free.
        var rows = scans.Select(ScanRow.From).ToArray();
        var ordered = rows.OrderBy(r => r.ScanKey).ThenBy(r => r.Day).ToArray();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await CopyKeysAsync(connection, ordered, cancellationToken);
            await CopyAsync(connection, "scans", ordered, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return Enumerable.Range(0, rows.Length).ToArray();
        }
        catch (PostgresException exception) when (exception.SqlState is UniqueViolation or DeadlockDetected)
        {
            return await InsertNewOnlyAsync(connection, rows, cancellationToken);
        }
    }

    public async Task<IReadOnlyList<Visit>> ReadVenueVisitsAsync(string venueId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT person_id, scanned_at, left_at
            FROM scans
            WHERE venue_key = $1 AND venue_id = $2 AND scanned_at >= $3 AND scanned_at < $4
              AND scan_day >= $5 AND scan_day <= $6
            ORDER BY scanned_at
            """);
        command.Parameters.Add(new() { Value = StableKeys.Of(venueId) });
        command.Parameters.Add(new() { Value = venueId });
        command.Parameters.Add(new() { Value = from.ToUniversalTime() });
        command.Parameters.Add(new() { Value = to.ToUniversalTime() });
        command.Parameters.Add(new() { Value = DayOf(from) });
        command.Parameters.Add(new() { Value = DayOf(to) });

        var visits = new List<Visit>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            visits.Add(new Visit(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1),
                reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2)));
        }

        return visits;
    }

    public async Task<IReadOnlyList<Scan>> ReadPersonScansAsync(IReadOnlyCollection<string> personIds, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        if (personIds.Count == 0)
        {
            return [];
        }

        await using var command = dataSource.CreateCommand("""
            SELECT scan_id, person_id, venue_id, scanned_at, left_at
            FROM scans
            WHERE person_key = ANY($1) AND scanned_at >= $2 AND scanned_at < $3 AND scan_day >= $4 AND scan_day <= $5
            """);
        command.Parameters.Add(new() { Value = personIds.Select(StableKeys.Of).ToArray() });
        command.Parameters.Add(new() { Value = from.ToUniversalTime() });
        command.Parameters.Add(new() { Value = to.ToUniversalTime() });
        command.Parameters.Add(new() { Value = DayOf(from) });
        command.Parameters.Add(new() { Value = DayOf(to) });

        var wanted = personIds as IReadOnlySet<string> ?? personIds.ToHashSet(StringComparer.Ordinal);
        var found = new List<Scan>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var personId = reader.GetString(1);
            if (wanted.Contains(personId))
            {
                found.Add(new Scan(reader.GetString(0), personId, reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3),
                    reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4)));
            }
        }

        return found;
    }

    public async Task<int> PurgeBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        // The days that ended by the cutoff: their partitions, then their keys (an id whose scan expired is
        // rejected as too old before it could be claimed again).
        await using var command = dataSource.CreateCommand("SELECT scan_partitions_drop_before($1)");
        command.Parameters.Add(new() { Value = cutoff.ToUniversalTime() });
        var dropped = (int)(await command.ExecuteScalarAsync(cancellationToken))!;
        await using (var keys = dataSource.CreateCommand("DELETE FROM scan_keys WHERE scan_day < $1"))
        {
            keys.Parameters.Add(new() { Value = DateOnly.FromDateTime(cutoff.UtcDateTime) });
            await keys.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var day in _partitions.Keys.Where(d => d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddDays(1) <= cutoff.UtcDateTime))
        {
            _partitions.TryRemove(day, out _);
        }

        return dropped;
    }

    // The partition key of a bound; open bounds (MinValue/MaxValue) clamp to dates PostgreSQL accepts.
    private static DateOnly DayOf(DateTimeOffset time) =>
        time <= DateTimeOffset.MinValue.AddDays(1) ? new DateOnly(1, 1, 1)
        : time >= DateTimeOffset.MaxValue.AddDays(-1) ? new DateOnly(9999, 12, 31)
        : DateOnly.FromDateTime(time.UtcDateTime);

    private Task EnsurePartitionsAsync(IReadOnlyList<Scan> scans, CancellationToken cancellationToken)
    {
        var days = scans.Select(s => DateOnly.FromDateTime(s.ScannedAt.UtcDateTime)).Distinct();
        return Task.WhenAll(days.Select(day => _partitions.GetOrAdd(day, d => CreatePartitionAsync(d, cancellationToken))));
    }

    private async Task CreatePartitionAsync(DateOnly day, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = dataSource.CreateCommand("SELECT scan_partition_for($1)");
            command.Parameters.Add(new() { Value = day });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch
        {
            _partitions.TryRemove(day, out _);
            throw;
        }
    }

    private static async Task CopyAsync(NpgsqlConnection connection, string table, ScanRow[] rows, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync($"COPY {table} ({Columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var row in rows)
        {
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(row.Day, NpgsqlDbType.Date, cancellationToken);
            await writer.WriteAsync(row.ScanKey, NpgsqlDbType.Bigint, cancellationToken);
            await writer.WriteAsync(row.VenueKey, NpgsqlDbType.Bigint, cancellationToken);
            await writer.WriteAsync(row.PersonKey, NpgsqlDbType.Bigint, cancellationToken);
            await writer.WriteAsync(row.ScannedAt, NpgsqlDbType.TimestampTz, cancellationToken);
            if (row.LeftAt is { } leftAt)
            {
                await writer.WriteAsync(leftAt, NpgsqlDbType.TimestampTz, cancellationToken);
            }
            else
            {
                await writer.WriteNullAsync(cancellationToken);
            }

            await writer.WriteAsync(row.Scan.ScanId, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(row.Scan.PersonId, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(row.Scan.VenueId, NpgsqlDbType.Text, cancellationToken);
        }

        await writer.CompleteAsync(cancellationToken);
    }

    // Rows in key order, so that overlapping batches take the key index's locks in the same order.
    private static async Task CopyKeysAsync(NpgsqlConnection connection, ScanRow[] ordered, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync("COPY scan_keys (scan_key, scan_day) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var row in ordered)
        {
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(row.ScanKey, NpgsqlDbType.Bigint, cancellationToken);
            await writer.WriteAsync(row.Day, NpgsqlDbType.Date, cancellationToken);
        }

        await writer.CompleteAsync(cancellationToken);
    }

    // A retried batch: stage it, claim the keys that are new and store those scans, learning which from RETURNING.
    private static async Task<IReadOnlyList<int>> InsertNewOnlyAsync(NpgsqlConnection connection, ScanRow[] rows, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var create = new NpgsqlCommand("CREATE TEMP TABLE scan_stage (LIKE scans) ON COMMIT DROP", connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await CopyAsync(connection, "scan_stage", rows, cancellationToken);

        var inserted = new HashSet<long>();
        await using (var insert = new NpgsqlCommand($"""
            WITH claimed AS (
                INSERT INTO scan_keys (scan_key, scan_day) SELECT scan_key, scan_day FROM scan_stage ORDER BY scan_key
                ON CONFLICT DO NOTHING RETURNING scan_key)
            INSERT INTO scans ({Columns}) SELECT {Columns} FROM scan_stage WHERE scan_key IN (SELECT scan_key FROM claimed)
            RETURNING scan_key
            """, connection, transaction))
        await using (var reader = await insert.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                inserted.Add(reader.GetInt64(0));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return Enumerable.Range(0, rows.Length).Where(i => inserted.Contains(rows[i].ScanKey)).ToArray();
    }
}
