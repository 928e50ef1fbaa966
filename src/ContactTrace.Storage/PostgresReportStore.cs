using ContactTrace.Reports;

namespace ContactTrace.Storage;

/// <summary>
/// Bulletin figures and cluster pages as a handful of set-based queries over the trace tables. Isolation is counted
/// as it stood at the period's end (when each assignment was created, placed and ended), so a past day's bulletin
/// reads the same later; so are contacts under management, from the versions of managements recorded by then.
/// </summary>
public sealed class PostgresReportStore(NpgsqlDataSource dataSource) : IReportStore
{
    private const int MaxContactsPerPage = 5000;

    public async Task<BulletinFigures> GetBulletinFiguresAsync(DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var byClassification = new Dictionary<string, int>(StringComparer.Ordinal);
        var byChannel = new Dictionary<string, int>(StringComparer.Ordinal);
        var byDistrict = new Dictionary<string, int>(StringComparer.Ordinal);
        var classChannels = new Dictionary<(string, string), int>();
        var classDistricts = new Dictionary<(string, string), int>();
        await using (var command = connection.Command(null, """
            SELECT classification, discovery_channel, district, count(*), GROUPING(classification, discovery_channel, district)
            FROM cases WHERE reported_at >= $1 AND reported_at < $2 AND (withdrawn_at IS NULL OR withdrawn_at >= $2)
            GROUP BY GROUPING SETS ((classification), (discovery_channel), (district), (classification, discovery_channel), (classification, district))
            """, start.Utc(), end.Utc()))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                // GROUPING's bits say which of the three keys a row is not grouped by (classification is the high bit).
                var count = (int)reader.GetInt64(3);
                switch (reader.GetInt32(4))
                {
                    case 0b011: byClassification[reader.GetString(0)] = count; break;
                    case 0b101: byChannel[reader.GetString(1)] = count; break;
                    case 0b110: byDistrict[reader.GetString(2)] = count; break;
                    case 0b001: classChannels[(reader.GetString(0), reader.GetString(1))] = count; break;
                    default: classDistricts[(reader.GetString(0), reader.GetString(2))] = count; break;
                }
            }
        }

        await using var totals = connection.Command(null, """
            SELECT
              (SELECT count(*) FROM cases WHERE converted_at >= $1 AND converted_at < $2 AND (withdrawn_at IS NULL OR withdrawn_at >= $2)),
              (SELECT count(DISTINCT c.person_id) FROM contacts c JOIN cases k ON k.case_id = c.case_id
               WHERE c.category = 'close-contact' AND c.identified_at >= $1 AND c.identified_at < $2 AND (k.withdrawn_at IS NULL OR k.withdrawn_at >= $2)),
              (SELECT count(DISTINCT c.person_id) FROM contacts c JOIN cases k ON k.case_id = c.case_id
               WHERE c.category = 'secondary-contact' AND c.identified_at >= $1 AND c.identified_at < $2 AND (k.withdrawn_at IS NULL OR k.withdrawn_at >= $2)),
              (SELECT count(*) FROM management_history WHERE category = 'close-contact' AND since <= $2 AND until > $2
                 AND recorded_from <= $2 AND (recorded_to IS NULL OR recorded_to > $2)),
              (SELECT count(*) FROM management_history WHERE category = 'secondary-contact' AND since <= $2 AND until > $2
                 AND recorded_from <= $2 AND (recorded_to IS NULL OR recorded_to > $2)),
              (SELECT count(*) FROM assignments WHERE kind = 'centralized-isolation'
                 AND placed_at < $2 AND starts_at <= $2 AND ends_at > $2 AND (ended_at IS NULL OR ended_at >= $2)),
              (SELECT count(*) FROM assignments WHERE kind = 'home-isolation'
                 AND created_at < $2 AND starts_at <= $2 AND ends_at > $2 AND (ended_at IS NULL OR ended_at >= $2)),
              (SELECT count(*) FROM assignments WHERE kind = 'centralized-isolation'
                 AND created_at < $2 AND (placed_at IS NULL OR placed_at >= $2) AND (ended_at IS NULL OR ended_at >= $2)),
              (SELECT count(DISTINCT c.person_id) FROM contacts c JOIN cases k ON k.case_id = c.case_id
               WHERE c.category = 'close-contact' AND c.identified_at < $2 AND (k.withdrawn_at IS NULL OR k.withdrawn_at >= $2)),
              (SELECT count(DISTINCT c.person_id) FROM contacts c JOIN cases k ON k.case_id = c.case_id
               WHERE c.category = 'secondary-contact' AND c.identified_at < $2 AND (k.withdrawn_at IS NULL OR k.withdrawn_at >= $2))
            """, start.Utc(), end.Utc());
        await using var row = await totals.ExecuteReaderAsync(cancellationToken);
        await row.ReadAsync(cancellationToken);
        int At(int i) => (int)row.GetInt64(i);
        return new BulletinFigures(start, end,
            byClassification.GetValueOrDefault(Cases.Classifications.Confirmed), byClassification.GetValueOrDefault(Cases.Classifications.Asymptomatic), At(0),
            BulletinOrder.Channels(byChannel), BulletinOrder.Districts(byDistrict),
            At(1), At(2), At(3), At(4), At(5), At(6), At(7))
        {
            ByClassification = BulletinOrder.Classes(classChannels, classDistricts),
            CumulativeCloseIdentified = At(8),
            CumulativeSecondaryIdentified = At(9),
        };
    }

    public async Task<ClusterPage> GetClusterAsync(string clusterId, string? afterCaseId, int limit, bool includeContacts, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var (caseCount, contactCount) = await CountAsync(connection, clusterId, cancellationToken);

        var cases = new List<ClusterCase>();
        await using (var command = connection.Command(null, """
            SELECT case_id, person_id, CASE WHEN converted_at IS NULL THEN classification ELSE 'confirmed' END, district, reported_at
            FROM cases WHERE cluster_id = $1 AND ($2::text IS NULL OR case_id > $2)
            ORDER BY case_id LIMIT $3
            """, clusterId, afterCaseId, limit))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                cases.Add(new ClusterCase(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4)));
            }
        }

        var ids = cases.Select(c => c.CaseId).ToArray();
        var edges = await ReadEdgesAsync(connection, ids, cancellationToken);
        var contacts = includeContacts ? await ReadContactsAsync(connection, ids, cancellationToken) : [];
        return new ClusterPage(clusterId, caseCount, contactCount, [.. cases], [.. edges], [.. contacts], cases.Count == limit ? ids[^1] : null);
    }

    private static async Task<(int Cases, int Contacts)> CountAsync(NpgsqlConnection connection, string clusterId, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(null, """
            SELECT (SELECT count(*) FROM cases WHERE cluster_id = $1),
                   (SELECT count(DISTINCT c.person_id) FROM contacts c JOIN cases k ON k.case_id = c.case_id
                    WHERE k.cluster_id = $1 AND NOT EXISTS (SELECT 1 FROM cases b WHERE b.person_id = c.person_id AND b.withdrawn_at IS NULL))
            """, clusterId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return ((int)reader.GetInt64(0), (int)reader.GetInt64(1));
    }

    // The link into each case: its source case, with the evidence of how the source's trace reached its person.
    private static async Task<List<ClusterEdge>> ReadEdgesAsync(NpgsqlConnection connection, string[] caseIds, CancellationToken cancellationToken)
    {
        var links = new List<(string Source, string Case, string PersonId)>();
        await using (var command = connection.Command(null, """
            SELECT s.source, k.case_id, k.person_id
            FROM cases k CROSS JOIN LATERAL unnest(k.sources) AS s(source)
            WHERE k.case_id = ANY($1)
            ORDER BY k.case_id, s.source
            """, (object)caseIds))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                links.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        var evidence = (await ContactRows.ReadExposuresAsync(connection,
                "(e.case_id, e.person_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))", cancellationToken,
                links.Select(l => l.Source).ToArray(), links.Select(l => l.PersonId).ToArray()))
            .ToLookup(e => (e.CaseId, e.PersonId), e => e.Exposure);
        return [.. links.Select(l => ClusterEdge.Linking(l.Source, l.Case, evidence[(l.Source, l.PersonId)]))];
    }

    // A contact who became a case is the case's node, linked by the case-to-case edge: not a second node.
    private static async Task<List<ClusterContact>> ReadContactsAsync(NpgsqlConnection connection, string[] caseIds, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(null, """
            SELECT c.case_id, c.person_id, c.tier, c.category FROM contacts c
            WHERE c.case_id = ANY($1) AND NOT EXISTS (SELECT 1 FROM cases b WHERE b.person_id = c.person_id AND b.withdrawn_at IS NULL)
            ORDER BY c.case_id, c.person_id LIMIT $2
            """, caseIds, MaxContactsPerPage);
        var contacts = new List<ClusterContact>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            contacts.Add(new ClusterContact(reader.GetString(0), reader.GetString(1), reader.GetInt16(2), reader.GetString(3)));
        }

        return contacts;
    }
}
