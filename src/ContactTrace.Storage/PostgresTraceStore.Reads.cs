using ContactTrace.Cases;
using ContactTrace.Tracing;

namespace ContactTrace.Storage;

public sealed partial class PostgresTraceStore
{
    public async Task<PersonManagement> GetManagementAsync(string personId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT category, since, until, case_id FROM managements WHERE person_id = $1").WithValues(personId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new PersonManagement(personId, reader.GetString(0), reader.GetNullableTime(1), reader.GetNullableTime(2), reader.GetNullableString(3))
            : PersonManagement.None(personId);
    }

    public async Task<IReadOnlyList<Assignment>> GetAssignmentsAsync(string personId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ReadAssignmentsAsync(connection, null, "person_id = $1", cancellationToken, personId);
    }

    public async Task<IReadOnlyList<ContactItem>> GetContactsAsync(
        string caseId, int? tier, string? category, string? afterPersonId, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var contacts = new List<(ContactFinding Finding, string? BecameCaseId, ContactWindow? Sought)>();
        await using (var command = connection.Command(null, """
            SELECT c.person_id, c.tier, c.category, c.first_exposure, c.last_exposure, c.evidence_count,
                   (SELECT k.case_id FROM cases k WHERE k.person_id = c.person_id AND k.case_id <> c.case_id AND k.withdrawn_at IS NULL ORDER BY k.reported_at, k.case_id LIMIT 1),
                   c.sought_from, c.sought_until, c.sought_reason
            FROM contacts c
            WHERE c.case_id = $1 AND ($2::smallint IS NULL OR c.tier = $2) AND ($3::text IS NULL OR c.category = $3)
              AND ($4::text IS NULL OR c.person_id > $4)
            ORDER BY c.person_id LIMIT $5
            """, caseId, tier is { } t ? (short)t : null, category, afterPersonId, limit))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                contacts.Add((ReadContact(reader), reader.GetNullableString(6), ReadWindow(reader, 7)));
            }
        }

        var ids = contacts.Select(c => c.Finding.PersonId).ToArray();
        var exposures = (await ReadExposuresAsync(connection, "e.case_id = $1 AND e.person_id = ANY($2)", cancellationToken, caseId, ids))
            .ToLookup(e => e.PersonId, e => e.Exposure, StringComparer.Ordinal);
        var assignments = (await ReadAssignmentsAsync(connection, null, "person_id = ANY($1)", cancellationToken, [ids]))
            .ToLookup(a => a.PersonId, StringComparer.Ordinal);
        return [.. contacts.Select(c => new ContactItem(
            c.Finding with { Exposures = [.. exposures[c.Finding.PersonId]] },
            CurrentAssignment([.. assignments[c.Finding.PersonId]], caseId),
            c.BecameCaseId,
            c.Sought))];
    }

    public async Task<IReadOnlyList<ContactItem>> FindContactsAsync(string caseId, IReadOnlyCollection<string> personIds, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT person_id, tier, category, first_exposure, last_exposure, evidence_count, NULL, sought_from, sought_until, sought_reason
            FROM contacts WHERE case_id = $1 AND person_id = ANY($2)
            """).WithValues(caseId, personIds.ToArray());
        var found = new List<ContactItem>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(new ContactItem(ReadContact(reader), null, null, ReadWindow(reader, 7)));
        }

        return found;
    }

    public async Task<TraceSummary> CountContactsAsync(string caseId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT count(*) FILTER (WHERE c.category = 'close-contact'),
                   count(*) FILTER (WHERE c.category = 'secondary-contact'),
                   count(*) FILTER (WHERE c.category = 'venue-exposed'),
                   count(*) FILTER (WHERE c.category = 'home-isolation'),
                   count(*) FILTER (WHERE EXISTS (SELECT 1 FROM cases k WHERE k.person_id = c.person_id AND k.case_id <> c.case_id AND k.withdrawn_at IS NULL))
            FROM contacts c WHERE c.case_id = $1
            """).WithValues(caseId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        int At(int i) => (int)reader.GetInt64(i);
        return new TraceSummary(TraceStatus.Completed, At(0), At(1), At(2), null, At(3), At(4));
    }

    public async Task<IReadOnlyList<Isolation>> FindIsolationsAsync(IReadOnlyCollection<string> personIds, CancellationToken cancellationToken = default)
    {
        // A hotel stay from check-in to check-out (or its end); a home isolation that ran; a case from its report.
        await using var command = dataSource.CreateCommand("""
            SELECT person_id, checked_in_at, coalesce(checked_out_at, ended_at), 'check-in' FROM assignments
            WHERE person_id = ANY($1) AND kind = 'centralized-isolation' AND checked_in_at IS NOT NULL
            UNION ALL
            SELECT person_id, starts_at, least(ends_at, ended_at), 'home-isolation' FROM assignments
            WHERE person_id = ANY($1) AND kind = 'home-isolation' AND (ended_at IS NULL OR ended_at > starts_at)
            UNION ALL
            SELECT person_id, reported_at, NULL, 'case' FROM cases
            WHERE person_id = ANY($1) AND withdrawn_at IS NULL
            """).WithValues((object)personIds.ToArray());
        var found = new List<Isolation>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(new Isolation(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetNullableTime(2), reader.GetString(3)));
        }

        return found;
    }

    private static ContactFinding ReadContact(NpgsqlDataReader reader) =>
        new(reader.GetString(0), reader.GetInt16(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4), [], reader.GetInt32(5));

    private static ContactWindow? ReadWindow(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null
            : new ContactWindow(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(ordinal), reader.GetNullableTime(ordinal + 1), reader.GetString(ordinal + 2));

    public async Task<IReadOnlyList<PersonExposure>> GetPersonExposuresAsync(string personId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var reached = new List<(string CaseId, string CasePersonId, int Tier, string Category)>();
        await using (var command = connection.Command(null, """
            SELECT c.case_id, k.person_id, c.tier, c.category
            FROM contacts c JOIN cases k ON k.case_id = c.case_id
            WHERE c.person_id = $1 ORDER BY k.reported_at, c.case_id
            """, personId))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                reached.Add((reader.GetString(0), reader.GetString(1), reader.GetInt16(2), reader.GetString(3)));
            }
        }

        var exposures = (await ReadExposuresAsync(connection, "e.person_id = $1", cancellationToken, personId))
            .ToLookup(e => e.CaseId, e => e.Exposure, StringComparer.Ordinal);
        return [.. reached.Select(r => new PersonExposure(r.CaseId, r.CasePersonId, r.Tier, r.Category, [.. exposures[r.CaseId]]))];
    }

    /// <summary>The assignment a contact list shows: the person's running measure (any case), else this case's latest.</summary>
    internal static Assignment? CurrentAssignment(IReadOnlyList<Assignment> assignments, string caseId) =>
        assignments.Where(a => AssignmentLifecycle.IsActive(a.Status)).OrderBy(a => a.Start).FirstOrDefault()
        ?? assignments.Where(a => a.CaseId == caseId).OrderByDescending(a => a.End).FirstOrDefault();

    /// <summary>Evidence rows with the sources they refer to, oldest first.</summary>
    internal static async Task<List<(string CaseId, string PersonId, Exposure Exposure)>> ReadExposuresAsync(
        NpgsqlConnection connection, string where, CancellationToken cancellationToken, params object?[] values)
    {
        await using var command = connection.Command(null, $"""
            SELECT e.case_id, e.person_id, e.kind, e.venue_id, e.exposed_from, e.exposed_until, e.via_person_id, e.setting,
                   e.source_count, e.visit_from, s.person_id, s.venue_id, s.source_from, s.source_until
            FROM exposures e LEFT JOIN trace_sources s ON s.case_id = e.case_id AND s.source_key = e.source_key
            WHERE {where}
            ORDER BY e.exposed_from, e.exposure_key
            """, values);
        var rows = new List<(string, string, Exposure)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var source = reader.IsDBNull(10) ? null : new SourcePresence(reader.GetString(10), reader.GetString(11),
                reader.GetFieldValue<DateTimeOffset>(12), reader.GetFieldValue<DateTimeOffset>(13));
            rows.Add((reader.GetString(0), reader.GetString(1), new Exposure(reader.GetString(2), reader.GetNullableString(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.GetFieldValue<DateTimeOffset>(5), reader.GetNullableString(6), reader.GetNullableString(7),
                reader.GetInt32(8), source, reader.GetNullableTime(9))));
        }

        return rows;
    }
}
