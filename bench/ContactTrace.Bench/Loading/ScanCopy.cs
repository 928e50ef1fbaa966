using ContactTrace.Bench.Report;
using Npgsql;
using NpgsqlTypes;

namespace ContactTrace.Bench.Loading;

/// <summary>
/// A city's scans straight into the host's day-partitioned <c>scans</c> table, row for row what
/// PostgresScanStore writes (scan_day = UTC day, XXH3 keys, times in UTC to the microsecond): the partitions are
/// made with the host's own <c>scan_partition_for(day)</c>, then each local day goes in with one binary COPY,
/// <see cref="Parallelism"/> days at a time.
/// </summary>
internal static class ScanCopy
{
    private const int Parallelism = 2;

    public static async Task<long> LoadAsync(NpgsqlDataSource data, CityRows city, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await CreatePartitionsAsync(data, city.FirstDay, city.Days, ct);
        long rows = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct };
        await Parallel.ForEachAsync(Enumerable.Range(0, city.Days), options, async (day, token) =>
        {
            var copied = await CopyDayAsync(data, city.ScansOfDay(day), token);
            Interlocked.Add(ref rows, copied);
            Console.WriteLine($"  scans: day {day + 1}/{city.Days} copied ({Figures.Count(copied)} rows)");
        });
        await ClaimKeysAsync(data, ct);
        Console.WriteLine($"scans: {Figures.Count(rows)} rows by COPY into scans, their ids claimed in scan_keys, in {Figures.Seconds(clock.Elapsed)} ({Figures.Rate(rows / clock.Elapsed.TotalSeconds)})");
        return rows;
    }

    // As the host claims each scan id once for the retention period, so that a loaded id sent again is a duplicate.
    private static async Task ClaimKeysAsync(NpgsqlDataSource data, CancellationToken ct)
    {
        await using var command = data.CreateCommand("""
            INSERT INTO scan_keys (scan_key, scan_day) SELECT scan_key, min(scan_day) FROM scans GROUP BY scan_key
            ON CONFLICT DO NOTHING
            """);
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task CreatePartitionsAsync(NpgsqlDataSource data, DateOnly firstDay, int days, CancellationToken ct)
    {
        // Local days open at 07:00 (UTC+8), i.e. 23:00 UTC the day before: a local day spans two UTC days.
        var first = DateOnly.FromDateTime(CityClock.WindowStartUtc(firstDay).UtcDateTime);
        var last = DateOnly.FromDateTime(CityClock.WindowStartUtc(firstDay.AddDays(days)).UtcDateTime);
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            await using var command = data.CreateCommand("SELECT scan_partition_for($1)");
            command.Parameters.Add(new NpgsqlParameter { Value = day });
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private static async Task<long> CopyDayAsync(NpgsqlDataSource data, IEnumerable<Scan> scans, CancellationToken ct)
    {
        long rows = 0;
        await using var connection = await data.OpenConnectionAsync(ct);
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY scans (scan_day, scan_key, venue_key, person_key, scanned_at, left_at, scan_id, person_id, venue_id) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var scan in scans)
        {
            var scannedAt = Microseconds(scan.ScannedAt.UtcDateTime);
            await writer.StartRowAsync(ct);
            await writer.WriteAsync(DateOnly.FromDateTime(scannedAt), NpgsqlDbType.Date, ct);
            await writer.WriteAsync(HostKeys.Of(scan.ScanId), NpgsqlDbType.Bigint, ct);
            await writer.WriteAsync(HostKeys.Of(scan.VenueId), NpgsqlDbType.Bigint, ct);
            await writer.WriteAsync(HostKeys.Of(scan.PersonId), NpgsqlDbType.Bigint, ct);
            await writer.WriteAsync(scannedAt, NpgsqlDbType.TimestampTz, ct);
            if (scan.LeftAt is { } leftAt)
            {
                await writer.WriteAsync(Microseconds(leftAt.UtcDateTime), NpgsqlDbType.TimestampTz, ct);
            }
            else
            {
                await writer.WriteNullAsync(ct);
            }

            await writer.WriteAsync(scan.ScanId, NpgsqlDbType.Text, ct);
            await writer.WriteAsync(scan.PersonId, NpgsqlDbType.Text, ct);
            await writer.WriteAsync(scan.VenueId, NpgsqlDbType.Text, ct);
            rows++;
        }

        await writer.CompleteAsync(ct);
        return rows;
    }

    // ScanRow.ToMicroseconds: PostgreSQL keeps microseconds.
    private static DateTime Microseconds(DateTime time) => new(time.Ticks - (time.Ticks % 10), DateTimeKind.Utc);
}
