using Npgsql;

namespace ContactTrace.Bench.Commands.Chain;

/// <summary>
/// The plain-PostgreSQL baselines of <c>bench chain</c>, run straight on the same tables without HTTP: the
/// cluster summary as a hand-written query would get it — walking the source links from the case with a
/// recursive CTE (no maintained cluster id), counting the cluster's cases and distinct contacts and returning the
/// first 500 cases with the links into them — and the bulletin's figures as one statement.
/// </summary>
internal static class PlainSqlQueries
{
    private const string ChainSql = """
        WITH RECURSIVE links AS (
            SELECT s.source AS a, c.case_id AS b FROM cases AS c CROSS JOIN LATERAL unnest(c.sources) AS s(source)
            UNION ALL
            SELECT c.case_id, s.source FROM cases AS c CROSS JOIN LATERAL unnest(c.sources) AS s(source)
        ),
        walk(case_id) AS (
            SELECT $1::text
            UNION
            SELECT l.b FROM walk AS w JOIN links AS l ON l.a = w.case_id
        ),
        page AS (
            SELECT k.case_id, k.person_id, k.classification, k.district, k.reported_at, k.sources
              FROM cases AS k JOIN walk USING (case_id)
             ORDER BY k.case_id LIMIT 500
        )
        SELECT (SELECT count(*) FROM walk),
               (SELECT count(DISTINCT c.person_id) FROM contacts AS c JOIN walk USING (case_id)),
               (SELECT json_agg(json_build_object('id', p.case_id, 'personId', p.person_id, 'classification', p.classification,
                                                  'district', p.district, 'reportedAt', p.reported_at)) FROM page AS p),
               (SELECT json_agg(json_build_object('from', s.source, 'to', p.case_id, 'kind', coalesce(e.kind, 'contact'),
                                                  'at', e.exposed_from, 'venueId', e.venue_id))
                  FROM page AS p
                  CROSS JOIN LATERAL unnest(p.sources) AS s(source)
                  LEFT JOIN LATERAL (SELECT x.kind, x.exposed_from, x.venue_id FROM exposures AS x
                                      WHERE x.case_id = s.source AND x.person_id = p.person_id
                                      ORDER BY x.exposed_from LIMIT 1) AS e ON true)
        """;

    private const string BulletinSql = """
        WITH period AS (SELECT * FROM cases WHERE reported_at >= $1 AND reported_at < $2)
        SELECT (SELECT count(*) FILTER (WHERE classification = 'confirmed') FROM period),
               (SELECT count(*) FILTER (WHERE classification = 'asymptomatic') FROM period),
               (SELECT json_agg(x) FROM (SELECT discovery_channel, count(*) AS n FROM period GROUP BY 1 ORDER BY 2 DESC, 1) AS x),
               (SELECT json_agg(x) FROM (SELECT district, count(*) AS n FROM period GROUP BY 1 ORDER BY 2 DESC, 1) AS x),
               (SELECT count(*) FROM cases WHERE converted_at >= $1 AND converted_at < $2),
               (SELECT count(DISTINCT person_id) FROM contacts WHERE category = 'close-contact' AND identified_at >= $1 AND identified_at < $2),
               (SELECT count(DISTINCT person_id) FROM contacts WHERE category = 'secondary-contact' AND identified_at >= $1 AND identified_at < $2),
               (SELECT count(*) FROM managements WHERE category = 'close-contact' AND since <= $2 AND until > $2),
               (SELECT count(*) FROM managements WHERE category = 'secondary-contact' AND since <= $2 AND until > $2),
               (SELECT count(*) FROM assignments WHERE kind = 'centralized-isolation' AND status IN ('assigned', 'checked-in')
                  AND created_at < $2 AND starts_at <= $2 AND ends_at > $2),
               (SELECT count(*) FROM assignments WHERE kind = 'home-isolation' AND status = 'assigned'
                  AND created_at < $2 AND starts_at <= $2 AND ends_at > $2),
               (SELECT count(*) FROM assignments WHERE status = 'awaiting-capacity' AND created_at < $2)
        """;

    /// <summary>Runs the cluster walk for a case; returns the cluster's case and contact counts.</summary>
    public static async Task<(long Cases, long Contacts)> ChainAsync(NpgsqlDataSource data, string caseId, CancellationToken ct)
    {
        await using var command = data.CreateCommand(ChainSql);
        command.Parameters.Add(new NpgsqlParameter { Value = caseId });
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        _ = reader.GetString(2).Length + reader.GetString(3).Length;
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    public static async Task BulletinAsync(NpgsqlDataSource data, DateTimeOffset start, DateTimeOffset end, CancellationToken ct)
    {
        await using var command = data.CreateCommand(BulletinSql);
        command.Parameters.Add(new NpgsqlParameter { Value = start.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter { Value = end.UtcDateTime });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                _ = reader.GetValue(i);
            }
        }
    }
}
