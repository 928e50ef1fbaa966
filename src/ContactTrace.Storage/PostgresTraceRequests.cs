using ContactTrace.Scans;
using ContactTrace.Tracing;

namespace ContactTrace.Storage;

/// <summary>
/// Re-trace requests in the <c>trace_requests</c> table, one row per case: a second request for a waiting case changes
/// nothing, and a request for a case that a dispatcher holds moves its time forward, so that completing the
/// dispatch leaves it to be handed out again.
/// </summary>
public sealed class PostgresTraceRequests(NpgsqlDataSource dataSource) : ITraceRequests
{
    private const string Upsert = """
        ON CONFLICT (case_id) DO UPDATE SET requested_at = clock_timestamp()
        WHERE trace_requests.claimed_until IS NOT NULL
        """;

    public async Task<int> RequestForScansAsync(IReadOnlyList<Scan> scans, TimeSpan longestStay, CancellationToken cancellationToken = default)
    {
        if (scans.Count == 0)
        {
            return 0;
        }

        // Each scan probes its venue's and its person's watches: a scan inside a window a trace read may change it.
        var keys = new long[scans.Count * 2];
        var froms = new DateTime[scans.Count * 2];
        var tos = new DateTime[scans.Count * 2];
        for (var i = 0; i < scans.Count; i++)
        {
            var scan = scans[i];
            var to = (scan.LeftAt ?? scan.ScannedAt + longestStay).UtcDateTime;
            keys[2 * i] = PostgresTraceStore.WatchKey(TraceWatch.VenueKind, scan.VenueId);
            keys[2 * i + 1] = PostgresTraceStore.WatchKey(TraceWatch.PersonKind, scan.PersonId);
            froms[2 * i] = froms[2 * i + 1] = scan.ScannedAt.UtcDateTime;
            tos[2 * i] = tos[2 * i + 1] = to;
        }

        await using var command = dataSource.CreateCommand($"""
            INSERT INTO trace_requests (case_id)
            SELECT DISTINCT w.case_id
            FROM unnest($1::bigint[], $2::timestamptz[], $3::timestamptz[]) AS s(watch_key, scan_from, scan_to)
            JOIN trace_watches w ON w.watch_key = s.watch_key AND w.watch_to > s.scan_from AND w.watch_from < s.scan_to
            ORDER BY w.case_id
            {Upsert}
            """).WithValues(keys, froms, tos);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task RequestAsync(IReadOnlyCollection<string> caseIds, CancellationToken cancellationToken = default)
    {
        if (caseIds.Count == 0)
        {
            return;
        }

        await using var command = dataSource.CreateCommand($"""
            INSERT INTO trace_requests (case_id)
            SELECT DISTINCT id FROM unnest($1::text[]) AS t(id) ORDER BY id
            {Upsert}
            """).WithValues((object)caseIds.ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<TraceRequest>> ClaimAsync(int limit, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE trace_requests r SET claimed_until = clock_timestamp() + $2
            FROM (SELECT case_id FROM trace_requests
                  WHERE claimed_until IS NULL OR claimed_until < clock_timestamp()
                  ORDER BY requested_at LIMIT $1
                  FOR UPDATE SKIP LOCKED) waiting
            WHERE r.case_id = waiting.case_id
            RETURNING r.case_id, r.requested_at
            """).WithValues(limit, lease);
        var claimed = new List<TraceRequest>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add(new TraceRequest(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1)));
        }

        return claimed;
    }

    public async Task CompleteAsync(IReadOnlyList<TraceRequest> requests, CancellationToken cancellationToken = default)
    {
        if (requests.Count == 0)
        {
            return;
        }

        // Requested again since the claim: release it instead, to be handed out once more.
        await using var command = dataSource.CreateCommand("""
            WITH done AS (
                SELECT * FROM unnest($1::text[], $2::timestamptz[]) AS d(case_id, requested_at)),
            removed AS (
                DELETE FROM trace_requests r USING done
                WHERE r.case_id = done.case_id AND r.requested_at = done.requested_at
                RETURNING r.case_id)
            UPDATE trace_requests r SET claimed_until = NULL
            FROM done WHERE r.case_id = done.case_id AND r.case_id NOT IN (SELECT case_id FROM removed)
            """).WithValues(requests.Select(r => r.CaseId).ToArray(), requests.Select(r => r.RequestedAt.Utc()).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM trace_requests");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
