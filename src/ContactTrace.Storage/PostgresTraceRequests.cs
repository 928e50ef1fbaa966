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
    // Coalesced per case: a whole-trace request absorbs scoped ones; scoped ones add up their close contacts. A
    // request for a case a dispatcher holds moves its time forward, so that completing the dispatch leaves it.
    private const string Upsert = """
        ON CONFLICT (case_id) DO UPDATE
        SET persons = CASE WHEN trace_requests.persons IS NULL OR excluded.persons IS NULL THEN NULL
                           ELSE ARRAY(SELECT DISTINCT p FROM unnest(trace_requests.persons || excluded.persons) AS p ORDER BY p) END,
            requested_at = CASE WHEN trace_requests.claimed_until IS NOT NULL THEN clock_timestamp() ELSE trace_requests.requested_at END
        WHERE trace_requests.claimed_until IS NOT NULL
           OR (trace_requests.persons IS NOT NULL AND (excluded.persons IS NULL OR NOT excluded.persons <@ trace_requests.persons))
        """;

    public async Task<int> RequestForScansAsync(IReadOnlyList<Scan> scans, TimeSpan longestStay, CancellationToken cancellationToken = default)
    {
        if (scans.Count == 0)
        {
            return 0;
        }

        // Each scan probes its venue's, its person's and (as a close contact) its person's tier-2 watches: a scan inside
        // a window a trace read may change it. Only windows of close contacts matched — their own scans, or venues read
        // through them (via) — only their tier 2 is traced again.
        var keys = new long[scans.Count * 3];
        var froms = new DateTime[scans.Count * 3];
        var tos = new DateTime[scans.Count * 3];
        for (var i = 0; i < scans.Count; i++)
        {
            var scan = scans[i];
            var to = (scan.LeftAt ?? scan.ScannedAt + longestStay).UtcDateTime;
            keys[3 * i] = ContactRows.WatchKey(TraceWatch.VenueKind, scan.VenueId);
            keys[3 * i + 1] = ContactRows.WatchKey(TraceWatch.PersonKind, scan.PersonId);
            keys[3 * i + 2] = ContactRows.WatchKey(TraceWatch.ContactKind, scan.PersonId);
            froms[3 * i] = froms[3 * i + 1] = froms[3 * i + 2] = scan.ScannedAt.UtcDateTime;
            tos[3 * i] = tos[3 * i + 1] = tos[3 * i + 2] = to;
        }

        await using var command = dataSource.CreateCommand($"""
            INSERT INTO trace_requests (case_id, persons)
            SELECT w.case_id,
                   CASE WHEN bool_and(w.kind = 'contact' OR w.via <> '')
                        THEN array_agg(DISTINCT CASE WHEN w.kind = 'contact' THEN w.watched_id ELSE w.via END
                                       ORDER BY CASE WHEN w.kind = 'contact' THEN w.watched_id ELSE w.via END) END
            FROM unnest($1::bigint[], $2::timestamptz[], $3::timestamptz[]) AS s(watch_key, scan_from, scan_to)
            JOIN trace_watches w ON w.watch_key = s.watch_key AND w.watch_to > s.scan_from AND w.watch_from < s.scan_to
            GROUP BY w.case_id
            ORDER BY w.case_id
            {Upsert}
            """).WithValues(keys, froms, tos);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> RequestForIsolationAsync(string personId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"""
            INSERT INTO trace_requests (case_id, persons)
            SELECT DISTINCT case_id, ARRAY[$1] FROM trace_watches
            WHERE kind = 'contact' AND watched_id = $1 AND watch_to > clock_timestamp()
            ORDER BY case_id
            {Upsert}
            """).WithValues(personId);
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

    public async Task<int> RequestForHouseholdAsync(string personId, string householdId, CancellationToken cancellationToken = default)
    {
        // The person's own cases trace again (their household is the case's), and so do the cases of the members
        // they joined whose window ran past the day they moved in (a move registered late); a close contact whose
        // window is open in the household the person joined — or the person themselves, as a close contact — is
        // extended.
        await using var command = dataSource.CreateCommand($"""
            INSERT INTO trace_requests (case_id, persons)
            SELECT case_id, CASE WHEN bool_or(whole) THEN NULL ELSE array_agg(DISTINCT person_id ORDER BY person_id) END
            FROM (
                SELECT case_id, NULL::text AS person_id, true AS whole FROM cases WHERE person_id = $1 AND withdrawn_at IS NULL
                UNION ALL
                SELECT k.case_id, NULL, true
                FROM persons mover
                JOIN persons m ON m.household_id = $2 AND m.person_id <> mover.person_id
                JOIN cases k ON k.person_id = m.person_id AND k.withdrawn_at IS NULL
                WHERE mover.person_id = $1 AND k.window_end > coalesce(mover.household_since, now())
                UNION ALL
                SELECT w.case_id, w.watched_id, false
                FROM trace_watches w JOIN persons p ON p.person_id = w.watched_id
                WHERE w.kind = 'contact' AND w.watch_to > clock_timestamp() AND (p.household_id = $2 OR p.person_id = $1)
            ) affected
            GROUP BY case_id
            ORDER BY case_id
            {Upsert}
            """).WithValues(personId, householdId);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<TraceRequest>> ClaimAsync(int limit, TimeSpan lease, TimeSpan extensionDelay, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE trace_requests r SET claimed_until = clock_timestamp() + $2
            FROM (SELECT case_id FROM trace_requests
                  WHERE (claimed_until IS NULL OR claimed_until < clock_timestamp())
                    AND (persons IS NULL OR claimed_until IS NOT NULL OR requested_at <= clock_timestamp() - $3)
                  ORDER BY requested_at LIMIT $1
                  FOR UPDATE SKIP LOCKED) waiting
            WHERE r.case_id = waiting.case_id
            RETURNING r.case_id, r.requested_at, r.persons
            """).WithValues(limit, lease, extensionDelay);
        var claimed = new List<TraceRequest>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add(new TraceRequest(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1),
                reader.IsDBNull(2) ? null : [.. reader.GetFieldValue<string[]>(2)]));
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
