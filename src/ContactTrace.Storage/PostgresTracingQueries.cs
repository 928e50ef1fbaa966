using ContactTrace.Cases;
using ContactTrace.Queries;
using ContactTrace.Tracing;

namespace ContactTrace.Storage;

/// <summary>
/// The tracing teams' lists in PostgreSQL. Each is one statement whose absent filters fold away when it is
/// planned with its values, so that the filter given leads the index made for it (migration 0040); pages are
/// keyset ranges of that index, never offsets.
/// </summary>
public sealed class PostgresTracingQueries(NpgsqlDataSource dataSource) : ITracingQueries
{
    private const string CaseColumns = """
        case_id, person_id, classification, converted_at, district, discovery_channel, reported_at, sampled_at, onset_at,
        sources, cluster_id, trace_status, close_contacts, secondary_contacts, venue_exposed, trace_completed_at, home_isolation,
        withdrawn_at, change_seq
        """;

    public async Task<IReadOnlyList<CaseRow>> ListCasesAsync(CaseFilter filter, ListKey? after, int limit, CancellationToken cancellationToken = default)
    {
        var status = filter.WantsUnfinished ? "unfinished" : filter.Status;
        await using var command = dataSource.CreateCommand($"""
            SELECT {CaseColumns}
            FROM cases
            WHERE ($1::text IS NULL OR district = $1)
              AND ($2::text IS NULL OR discovery_channel = $2)
              AND ($3::text IS NULL OR (CASE WHEN converted_at IS NULL THEN classification ELSE 'confirmed' END) = $3)
              AND ($4::text IS NULL OR cluster_id = $4)
              AND ($5::text IS NULL
                   OR ($5 = 'withdrawn' AND withdrawn_at IS NOT NULL)
                   OR ($5 = 'completed' AND withdrawn_at IS NULL AND trace_status = 'completed')
                   OR ($5 = 'unfinished' AND withdrawn_at IS NULL AND trace_status <> 'completed'))
              AND ($6::timestamptz IS NULL OR reported_at >= $6)
              AND ($7::timestamptz IS NULL OR reported_at < $7)
              AND ($8::timestamptz IS NULL OR (reported_at, case_id) < ($8, $9::text))
            ORDER BY reported_at DESC, case_id DESC
            LIMIT $10
            """).WithValues(filter.District, filter.Channel, filter.Classification, filter.ClusterId, status,
                filter.From?.Utc(), filter.To?.Utc(), after?.At.Utc(), after?.Id, limit);
        var rows = new List<CaseRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(ReadCase(reader));
        }

        return rows;
    }

    public async Task<IReadOnlyList<CaseChange>> ReadCaseChangesAsync(long after, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {CaseColumns} FROM cases WHERE change_seq > $1 ORDER BY change_seq LIMIT $2
            """).WithValues(after, limit);
        var changes = new List<CaseChange>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            changes.Add(new CaseChange(reader.GetInt64(18), ReadCase(reader)));
        }

        return changes;
    }

    public async Task<long> GetLastCaseChangeAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT coalesce(max(change_seq), 0) FROM cases");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<IReadOnlyList<PersonRow>> SearchPersonsAsync(PersonSearch search, string? afterPersonId, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT p.person_id, p.district, p.household_id, p.name, p.phone, p.compound_id, m.category, m.since, m.until, m.case_id
            FROM persons p LEFT JOIN managements m ON m.person_id = p.person_id
            WHERE ($1::text IS NULL OR p.person_id LIKE $1 OR p.name LIKE $1 OR p.phone LIKE $1)
              AND ($2::text IS NULL OR p.district = $2)
              AND ($3::text IS NULL OR p.household_id = $3)
              AND ($4::text IS NULL OR p.compound_id = $4)
              AND ($5::text IS NULL OR p.person_id > $5)
            ORDER BY p.person_id
            LIMIT $6
            """).WithValues(search.Prefix is { } prefix ? LikePrefix(prefix) : null, search.District, search.HouseholdId, search.CompoundId, afterPersonId, limit);
        var persons = new List<PersonRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            persons.Add(ReadPerson(reader));
        }

        return persons;
    }

    public async Task<IReadOnlyList<HouseholdMember>> GetHouseholdAsync(string householdId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var persons = new List<PersonRow>();
        await using (var command = connection.Command(null, """
            SELECT p.person_id, p.district, p.household_id, p.name, p.phone, p.compound_id, m.category, m.since, m.until, m.case_id
            FROM persons p LEFT JOIN managements m ON m.person_id = p.person_id
            WHERE p.household_id = $1
            ORDER BY p.person_id
            """, householdId))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                persons.Add(ReadPerson(reader));
            }
        }

        var assignments = new List<Assignment>();
        await using (var command = connection.Command(null, """
            SELECT assignment_id, person_id, case_id, kind, hotel_id, starts_at, ends_at, status
            FROM assignments WHERE person_id = ANY($1)
            """, (object)persons.Select(p => p.PersonId).ToArray()))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                assignments.Add(ReadAssignment(reader));
            }
        }

        var byPerson = assignments.ToLookup(a => a.PersonId, StringComparer.Ordinal);
        return [.. persons.Select(p => new HouseholdMember(p, HouseholdMember.CurrentOf(byPerson[p.PersonId])))];
    }

    public async Task<IReadOnlyList<VenueVisit>> ReadVenueVisitsAsync(
        string venueId, DateTimeOffset from, DateTimeOffset to, ListKey? after, int limit, CancellationToken cancellationToken = default)
    {
        // The day bounds let PostgreSQL search only the partitions of the days concerned.
        await using var command = dataSource.CreateCommand("""
            SELECT scan_id, person_id, scanned_at, left_at
            FROM scans
            WHERE venue_key = $1 AND venue_id = $2 AND scanned_at >= $3 AND scanned_at < $4
              AND scan_day >= $5 AND scan_day <= $6
              AND ($7::timestamptz IS NULL OR (scanned_at, scan_id) > ($7, $8::text))
            ORDER BY scanned_at, scan_id
            LIMIT $9
            """).WithValues(StableKeys.Of(venueId), venueId, from.Utc(), to.Utc(),
                DateOnly.FromDateTime(from.UtcDateTime), DateOnly.FromDateTime(to.UtcDateTime), after?.At.Utc(), after?.Id, limit);
        var visits = new List<VenueVisit>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            visits.Add(new VenueVisit(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetNullableTime(3)));
        }

        return visits;
    }

    public async Task<IReadOnlyList<HotelRow>> ListHotelsAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT h.hotel_id, h.name, h.district, h.capacity,
                   (SELECT count(*) FROM assignments a
                    WHERE a.hotel_id = h.hotel_id AND a.takes_room)
            FROM hotels h
            ORDER BY h.hotel_id
            """);
        var hotels = new List<HotelRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            hotels.Add(new HotelRow(reader.GetString(0), new HotelProfile(reader.GetString(1), reader.GetString(2), reader.GetInt32(3)), (int)reader.GetInt64(4)));
        }

        return hotels;
    }

    public async Task<IReadOnlyList<WaitingAssignment>> ListAwaitingAsync(string? district, ListKey? after, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT a.assignment_id, a.person_id, a.case_id, a.kind, a.hotel_id, a.starts_at, a.ends_at, a.status,
                   a.queued_at, p.district, p.household_id
            FROM assignments a LEFT JOIN persons p ON p.person_id = a.person_id
            WHERE a.status = 'awaiting-capacity'
              AND ($1::text IS NULL OR p.district = $1)
              AND ($2::timestamptz IS NULL OR (a.queued_at, a.assignment_id) > ($2, $3::text))
            ORDER BY a.queued_at, a.assignment_id
            LIMIT $4
            """).WithValues(district, after?.At.Utc(), after?.Id, limit);
        var waiting = new List<WaitingAssignment>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            waiting.Add(new WaitingAssignment(ReadAssignment(reader), reader.GetNullableString(9), reader.GetNullableString(10), reader.GetFieldValue<DateTimeOffset>(8)));
        }

        return waiting;
    }

    public async Task<string?> GetClusterIdAsync(string caseId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT cluster_id FROM cases WHERE case_id = $1").WithValues(caseId);
        return (string?)await command.ExecuteScalarAsync(cancellationToken);
    }

    public async Task<CaseStanding?> GetStandingAsync(string caseId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT k.cluster_id,
                   (SELECT count(*) FROM contacts c WHERE c.case_id = k.case_id
                      AND EXISTS (SELECT 1 FROM cases b WHERE b.person_id = c.person_id AND b.case_id <> k.case_id AND b.withdrawn_at IS NULL))
            FROM cases k WHERE k.case_id = $1
            """).WithValues(caseId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new CaseStanding(reader.GetString(0), (int)reader.GetInt64(1)) : null;
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
                contacts.Add((ContactRows.ReadContact(reader), reader.GetNullableString(6), ContactRows.ReadWindow(reader, 7)));
            }
        }

        var ids = contacts.Select(c => c.Finding.PersonId).ToArray();
        var exposures = (await ContactRows.ReadExposuresAsync(connection, "e.case_id = $1 AND e.person_id = ANY($2)", cancellationToken, caseId, ids))
            .ToLookup(e => e.PersonId, e => e.Exposure, StringComparer.Ordinal);
        var assignments = (await ManagementRows.ReadAssignmentsAsync(connection, null, "person_id = ANY($1)", cancellationToken, [ids]))
            .ToLookup(a => a.PersonId, StringComparer.Ordinal);
        return [.. contacts.Select(c => new ContactItem(
            c.Finding with { Exposures = [.. exposures[c.Finding.PersonId]] },
            ContactItem.CurrentAssignment([.. assignments[c.Finding.PersonId]], caseId),
            c.BecameCaseId,
            c.Sought))];
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

        var exposures = (await ContactRows.ReadExposuresAsync(connection, "e.person_id = $1", cancellationToken, personId))
            .ToLookup(e => e.CaseId, e => e.Exposure, StringComparer.Ordinal);
        return [.. reached.Select(r => new PersonExposure(r.CaseId, r.CasePersonId, r.Tier, r.Category, [.. exposures[r.CaseId]]))];
    }

    /// <summary>A LIKE pattern matching what starts with <paramref name="prefix"/>, its own wildcards escaped.</summary>
    internal static string LikePrefix(string prefix) =>
        prefix.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal) + "%";

    private static CaseRow ReadCase(NpgsqlDataReader reader)
    {
        var convertedAt = reader.GetNullableTime(3);
        return new CaseRow(
            reader.GetString(0),
            reader.GetString(1),
            convertedAt is null ? reader.GetString(2) : Classifications.Confirmed,
            reader.GetString(4),
            reader.GetString(5),
            reader.GetFieldValue<DateTimeOffset>(6),
            reader.GetFieldValue<DateTimeOffset>(7),
            reader.GetNullableTime(8),
            convertedAt,
            [.. reader.GetFieldValue<string[]>(9)],
            reader.GetString(10),
            new TraceSummary(reader.GetString(11), reader.GetInt32(12), reader.GetInt32(13), reader.GetInt32(14), reader.GetNullableTime(15), reader.GetInt32(16)),
            reader.GetNullableTime(17));
    }

    private static PersonRow ReadPerson(NpgsqlDataReader reader)
    {
        var personId = reader.GetString(0);
        var profile = new PersonProfile(reader.GetString(1), reader.GetNullableString(2), reader.GetNullableString(3), reader.GetNullableString(4), reader.GetNullableString(5));
        var management = reader.IsDBNull(6)
            ? PersonManagement.None(personId)
            : new PersonManagement(personId, reader.GetString(6), reader.GetNullableTime(7), reader.GetNullableTime(8), reader.GetNullableString(9));
        return new PersonRow(personId, profile, management);
    }

    private static Assignment ReadAssignment(NpgsqlDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetNullableString(4),
        reader.GetFieldValue<DateTimeOffset>(5), reader.GetFieldValue<DateTimeOffset>(6), reader.GetString(7));
}
