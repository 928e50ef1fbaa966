using ContactTrace.Scans;
using NpgsqlTypes;

namespace ContactTrace.Storage;

public sealed partial class PostgresScanStore
{
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
