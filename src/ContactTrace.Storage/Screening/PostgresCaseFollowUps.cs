using ContactTrace.Screening;

namespace ContactTrace.Storage.Screening;

/// <summary>The follow-up queue the cases table's trigger fills (migration 0050), read a batch at a time with its cases, persons and scans.</summary>
public sealed class PostgresCaseFollowUps(NpgsqlDataSource dataSource) : ICaseFollowUps
{
    public async Task<IReadOnlyList<CaseFollowUp>> PeekAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT f.case_id, f.version, c.case_id IS NOT NULL, c.person_id, c.district, c.reported_at, c.window_start, c.window_end,
                   p.compound_id, c.withdrawn_at IS NOT NULL, f.reported
            FROM case_follow_ups f
            LEFT JOIN cases c ON c.case_id = f.case_id
            LEFT JOIN persons p ON p.person_id = c.person_id
            ORDER BY f.version LIMIT $1
            """).WithValues(limit);
        var queued = new List<CaseFollowUp>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            queued.Add(reader.GetBoolean(2)
                ? new CaseFollowUp(reader.GetString(0), reader.GetInt64(1), reader.GetBoolean(10), true, reader.GetString(3), reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5),
                    reader.GetFieldValue<DateTimeOffset>(6), reader.GetFieldValue<DateTimeOffset>(7), reader.GetNullableString(8), reader.GetBoolean(9))
                : new CaseFollowUp(reader.GetString(0), reader.GetInt64(1), false, false, "", "", default, default, default, null, false));
        }

        return queued;
    }

    // One round trip for the batch: each case's person's scans inside its window, its days' partitions only.
    public async Task<IReadOnlyList<(string CaseId, Scan Scan)>> ReadVisitsAsync(IReadOnlyList<CaseFollowUp> cases, CancellationToken cancellationToken = default)
    {
        var stored = cases.Where(c => c.Stored).ToList();
        if (stored.Count == 0)
        {
            return [];
        }

        await using var command = dataSource.CreateCommand("""
            SELECT f.case_id, s.scan_id, s.venue_id, s.scanned_at, s.left_at, f.person_id
            FROM unnest($1::text[], $2::bigint[], $3::text[], $4::timestamptz[], $5::timestamptz[]) AS f(case_id, person_key, person_id, from_at, to_at)
            JOIN LATERAL (
                SELECT scan_id, venue_id, scanned_at, left_at FROM scans
                WHERE person_key = f.person_key AND person_id = f.person_id AND scanned_at >= f.from_at AND scanned_at < f.to_at
                  AND scan_day >= (f.from_at AT TIME ZONE 'UTC')::date AND scan_day <= (f.to_at AT TIME ZONE 'UTC')::date
            ) s ON true
            """).WithValues(
                stored.Select(c => c.CaseId).ToArray(),
                stored.Select(c => StableKeys.Of(c.PersonId)).ToArray(),
                stored.Select(c => c.PersonId).ToArray(),
                stored.Select(c => c.WindowStart.Utc()).ToArray(),
                stored.Select(c => c.WindowEnd.Utc()).ToArray());
        var visits = new List<(string, Scan)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            visits.Add((reader.GetString(0), new Scan(reader.GetString(1), reader.GetString(5), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetNullableTime(4))));
        }

        return visits;
    }

    public async Task CompleteAsync(IReadOnlyList<CaseFollowUp> done, CancellationToken cancellationToken = default)
    {
        if (done.Count == 0)
        {
            return;
        }

        await using var command = dataSource.CreateCommand("""
            DELETE FROM case_follow_ups f USING unnest($1::text[], $2::bigint[]) AS d(case_id, version)
            WHERE f.case_id = d.case_id AND f.version = d.version
            """).WithValues(done.Select(d => d.CaseId).ToArray(), done.Select(d => d.Version).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
