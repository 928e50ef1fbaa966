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
