using ContactTrace.Reports;

namespace ContactTrace.Storage;

public sealed partial class PostgresReportStore
{
    private const int MaxContactsPerPage = 5000;

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
                   (SELECT count(DISTINCT c.person_id) FROM contacts c JOIN cases k ON k.case_id = c.case_id WHERE k.cluster_id = $1)
            """, clusterId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return ((int)reader.GetInt64(0), (int)reader.GetInt64(1));
    }

    // The link into each case: its source case, with the first evidence of how the source's trace reached its person.
    private static async Task<List<ClusterEdge>> ReadEdgesAsync(NpgsqlConnection connection, string[] caseIds, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(null, """
            SELECT s.source, k.case_id, coalesce(e.kind, 'contact'), e.exposed_from, e.venue_id
            FROM cases k
            CROSS JOIN LATERAL unnest(k.sources) AS s(source)
            LEFT JOIN LATERAL (
                SELECT kind, exposed_from, venue_id FROM exposures
                WHERE case_id = s.source AND person_id = k.person_id
                ORDER BY exposed_from LIMIT 1) e ON true
            WHERE k.case_id = ANY($1)
            ORDER BY k.case_id, s.source
            """, (object)caseIds);
        var edges = new List<ClusterEdge>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            edges.Add(new ClusterEdge(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetNullableTime(3), reader.GetNullableString(4)));
        }

        return edges;
    }

    private static async Task<List<ClusterContact>> ReadContactsAsync(NpgsqlConnection connection, string[] caseIds, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(null, """
            SELECT case_id, person_id, tier, category FROM contacts WHERE case_id = ANY($1)
            ORDER BY case_id, person_id LIMIT $2
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
