using ContactTrace.Scans;
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
        var contacts = new List<(string PersonId, int Tier, string Category, DateTimeOffset First, DateTimeOffset Last)>();
        await using (var command = connection.Command(null, """
            SELECT person_id, tier, category, first_exposure, last_exposure FROM contacts
            WHERE case_id = $1 AND ($2::smallint IS NULL OR tier = $2) AND ($3::text IS NULL OR category = $3)
              AND ($4::text IS NULL OR person_id > $4)
            ORDER BY person_id LIMIT $5
            """, caseId, tier is { } t ? (short)t : null, category, afterPersonId, limit))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                contacts.Add((reader.GetString(0), reader.GetInt16(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4)));
            }
        }

        var ids = contacts.Select(c => c.PersonId).ToArray();
        var exposures = (await ReadExposuresAsync(connection, "case_id = $1 AND person_id = ANY($2)", cancellationToken, caseId, ids))
            .ToLookup(e => e.PersonId, e => e.Exposure, StringComparer.Ordinal);
        var assignments = (await ReadAssignmentsAsync(connection, null, "person_id = ANY($1)", cancellationToken, [ids]))
            .ToLookup(a => a.PersonId, StringComparer.Ordinal);
        return [.. contacts.Select(c => new ContactItem(
            new ContactFinding(c.PersonId, c.Tier, c.Category, c.First, c.Last, [.. exposures[c.PersonId]]),
            CurrentAssignment([.. assignments[c.PersonId]], caseId)))];
    }

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

        var exposures = (await ReadExposuresAsync(connection, "person_id = $1", cancellationToken, personId)).ToLookup(e => e.CaseId, e => e.Exposure, StringComparer.Ordinal);
        return [.. reached.Select(r => new PersonExposure(r.CaseId, r.CasePersonId, r.Tier, r.Category, [.. exposures[r.CaseId]]))];
    }

    public async Task<IReadOnlySet<string>> FindWatchingCasesAsync(IReadOnlyList<Scan> scans, TimeSpan longestStay, CancellationToken cancellationToken = default)
    {
        var keys = new List<long>(scans.Count * 2);
        var froms = new List<DateTime>(scans.Count * 2);
        var tos = new List<DateTime>(scans.Count * 2);
        foreach (var scan in scans)
        {
            var to = (scan.LeftAt ?? scan.ScannedAt + longestStay).UtcDateTime;
            keys.Add(WatchKey(TraceWatch.VenueKind, scan.VenueId));
            keys.Add(WatchKey(TraceWatch.PersonKind, scan.PersonId));
            froms.Add(scan.ScannedAt.UtcDateTime);
            froms.Add(scan.ScannedAt.UtcDateTime);
            tos.Add(to);
            tos.Add(to);
        }

        await using var command = dataSource.CreateCommand("""
            SELECT DISTINCT w.case_id
            FROM unnest($1::bigint[], $2::timestamptz[], $3::timestamptz[]) AS s(watch_key, scan_from, scan_to)
            JOIN trace_watches w ON w.watch_key = s.watch_key AND w.watch_to > s.scan_from AND w.watch_from < s.scan_to
            """).WithValues(keys.ToArray(), froms.ToArray(), tos.ToArray());
        var cases = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            cases.Add(reader.GetString(0));
        }

        return cases;
    }

    /// <summary>The assignment a contact list shows: the person's running measure (any case), else this case's latest.</summary>
    internal static Assignment? CurrentAssignment(IReadOnlyList<Assignment> assignments, string caseId) =>
        assignments.Where(a => AssignmentStatuses.IsActive(a.Status)).OrderBy(a => a.Start).FirstOrDefault()
        ?? assignments.Where(a => a.CaseId == caseId).OrderByDescending(a => a.End).FirstOrDefault();

    private static async Task<List<(string CaseId, string PersonId, Exposure Exposure)>> ReadExposuresAsync(
        NpgsqlConnection connection, string where, CancellationToken cancellationToken, params object?[] values)
    {
        await using var command = connection.Command(null, $"""
            SELECT case_id, person_id, kind, venue_id, exposed_from, exposed_until, via_person_id, setting
            FROM exposures WHERE {where}
            ORDER BY exposed_from, exposure_key
            """, values);
        var rows = new List<(string, string, Exposure)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.GetString(0), reader.GetString(1), new Exposure(reader.GetString(2), reader.GetNullableString(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.GetFieldValue<DateTimeOffset>(5), reader.GetNullableString(6), reader.GetNullableString(7))));
        }

        return rows;
    }
}
