using System.Text.Json;
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

    // The bench's own statement for what PostgresReportStore.GetBulletinFiguresAsync counts: cases reported in
    // [start, end) by classification, channel and district; asymptomatic cases converted in the period; distinct
    // persons first identified as close / secondary contacts in the period; managements running at the end
    // (since <= end < until); and isolation as it stood at the end: centralized isolation placed before the end
    // and home isolation created before it, each whose period holds the end and that had not ended by then, and
    // centralized isolation created before the end, not yet placed and not ended then (awaiting a room).
    private const string BulletinSql = """
        WITH reported AS MATERIALIZED (
            SELECT classification, discovery_channel, district FROM cases WHERE reported_at >= $1 AND reported_at < $2
        )
        SELECT n.confirmed, n.asymptomatic, ch.counts::text, di.counts::text, cv.converted,
               ci.close_identified, ci.secondary_identified, mg.close_managed, mg.secondary_managed,
               iso.centralized, iso.home, aw.awaiting
          FROM (SELECT count(*) FILTER (WHERE classification = 'confirmed') AS confirmed,
                       count(*) FILTER (WHERE classification = 'asymptomatic') AS asymptomatic
                  FROM reported) AS n
         CROSS JOIN (SELECT coalesce(jsonb_object_agg(g.discovery_channel, g.k), '{}') AS counts
                       FROM (SELECT discovery_channel, count(*) AS k FROM reported GROUP BY discovery_channel) AS g) AS ch
         CROSS JOIN (SELECT coalesce(jsonb_object_agg(g.district, g.k), '{}') AS counts
                       FROM (SELECT district, count(*) AS k FROM reported GROUP BY district) AS g) AS di
         CROSS JOIN (SELECT count(*) AS converted FROM cases WHERE converted_at >= $1 AND converted_at < $2) AS cv
         CROSS JOIN (SELECT count(DISTINCT person_id) FILTER (WHERE category = 'close-contact') AS close_identified,
                            count(DISTINCT person_id) FILTER (WHERE category = 'secondary-contact') AS secondary_identified
                       FROM contacts WHERE identified_at >= $1 AND identified_at < $2) AS ci
         CROSS JOIN (SELECT count(*) FILTER (WHERE category = 'close-contact') AS close_managed,
                            count(*) FILTER (WHERE category = 'secondary-contact') AS secondary_managed
                       FROM managements
                      WHERE category IN ('close-contact', 'secondary-contact') AND since <= $2 AND until > $2) AS mg
         CROSS JOIN (SELECT count(*) FILTER (WHERE kind = 'centralized-isolation' AND placed_at < $2) AS centralized,
                            count(*) FILTER (WHERE kind = 'home-isolation' AND created_at < $2) AS home
                       FROM assignments
                      WHERE starts_at <= $2 AND ends_at > $2 AND coalesce(ended_at, 'infinity') >= $2) AS iso
         CROSS JOIN (SELECT count(*) AS awaiting
                       FROM assignments
                      WHERE kind = 'centralized-isolation' AND created_at < $2
                        AND coalesce(placed_at, 'infinity') >= $2 AND coalesce(ended_at, 'infinity') >= $2) AS aw
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

    /// <summary>Counts one bulletin period, [<paramref name="start"/>, <paramref name="end"/>), in one statement.</summary>
    public static async Task<BulletinCounts> BulletinAsync(NpgsqlDataSource data, DateTimeOffset start, DateTimeOffset end, CancellationToken ct)
    {
        await using var command = data.CreateCommand(BulletinSql);
        command.Parameters.Add(new NpgsqlParameter { Value = start.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter { Value = end.UtcDateTime });
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        int At(int i) => checked((int)reader.GetInt64(i));
        return new BulletinCounts(start, end, At(0), At(1), At(4), ByCode(reader.GetString(2)), ByCode(reader.GetString(3)),
            At(5), At(6), At(7), At(8), At(9), At(10), At(11));
    }

    private static Dictionary<string, int> ByCode(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32(), StringComparer.Ordinal);
    }
}
