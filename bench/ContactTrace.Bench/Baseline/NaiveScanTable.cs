using Npgsql;
using NpgsqlTypes;

namespace ContactTrace.Bench.Baseline;

/// <summary>
/// The baseline a team would write by hand: one plain table with the three obvious btree indexes (unique scan
/// id; venue and time; person and time), loaded with Npgsql binary COPY in batches from one connection.
/// </summary>
internal static class NaiveScanTable
{
    private const string Schema = """
        CREATE TABLE scans (
            scan_id    text        NOT NULL,
            person_id  text        NOT NULL,
            venue_id   text        NOT NULL,
            scanned_at timestamptz NOT NULL,
            left_at    timestamptz
        );
        CREATE UNIQUE INDEX scans_scan_id ON scans (scan_id);
        CREATE INDEX scans_venue_time ON scans (venue_id, scanned_at);
        CREATE INDEX scans_person_time ON scans (person_id, scanned_at);
        """;

    private const string Copy = "COPY scans (scan_id, person_id, venue_id, scanned_at, left_at) FROM STDIN (FORMAT BINARY)";

    public static async Task CreateAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(Schema, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>One COPY statement, committed on its own: the baseline's unit of durability, like one HTTP batch.</summary>
    public static async Task CopyAsync(NpgsqlConnection connection, IReadOnlyList<Scan> batch, CancellationToken ct)
    {
        await using var importer = await connection.BeginBinaryImportAsync(Copy, ct);
        foreach (var scan in batch)
        {
            await importer.StartRowAsync(ct);
            await importer.WriteAsync(scan.ScanId, NpgsqlDbType.Text, ct);
            await importer.WriteAsync(scan.PersonId, NpgsqlDbType.Text, ct);
            await importer.WriteAsync(scan.VenueId, NpgsqlDbType.Text, ct);
            await importer.WriteAsync(scan.ScannedAt, NpgsqlDbType.TimestampTz, ct);
            if (scan.LeftAt is { } leftAt)
            {
                await importer.WriteAsync(leftAt, NpgsqlDbType.TimestampTz, ct);
            }
            else
            {
                await importer.WriteNullAsync(ct);
            }
        }

        await importer.CompleteAsync(ct);
    }

    public static async Task<long> CountAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT count(*) FROM scans", connection);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }
}
