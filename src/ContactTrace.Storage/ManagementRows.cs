using ContactTrace.Tracing;

namespace ContactTrace.Storage;

/// <summary>
/// The <c>managements</c> table under <see cref="ManagementRules"/> (and <see cref="WithdrawalRules"/>): whose
/// management a rule changes, their rows locked in person order, the rule applied to each with its running
/// assignments, and what changed written back — the assignments through <see cref="AssignmentRows"/>. Every writer of
/// managements (a trace's phase, a person becoming a case, a withdrawal) goes through <see cref="ApplyAsync"/>.
/// </summary>
internal static class ManagementRows
{
    private static readonly string[] ActiveStatuses = [.. AssignmentLifecycle.RunningStatuses];

    /// <summary>
    /// Finds whose management the rule would change (read without locks), then locks those persons' management rows
    /// (creating missing ones) in person order, applies the pure rule again to each with its running assignments,
    /// and writes back only what changed.
    /// </summary>
    public static async Task ApplyAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IEnumerable<string> persons,
        Func<PersonManagement, IReadOnlyList<Assignment>, ManagementChange?> rule, CancellationToken cancellationToken)
    {
        var ids = await WhoseManagementChangesAsync(connection, transaction, [.. persons.Order(StringComparer.Ordinal)], rule, cancellationToken);
        if (ids.Length == 0)
        {
            return;
        }

        var current = await LockManagementsAsync(connection, transaction, ids, cancellationToken);
        // Locked too: a check-out landing meanwhile must not be overwritten with "superseded".
        var (now, active) = await AssignmentRows.LockAsync(connection, transaction, "person_id = ANY($1) AND status = ANY($2)", cancellationToken, ids, ActiveStatuses);
        var activeByPerson = active.ToLookup(r => r.Assignment.PersonId, StringComparer.Ordinal);
        var changes = ids.Select(id => rule(current[id], [.. activeByPerson[id].Select(r => r.Assignment)])).OfType<ManagementChange>().ToList();
        if (changes.Count == 0)
        {
            return;
        }

        var records = active.ToDictionary(r => r.Assignment.AssignmentId, StringComparer.Ordinal);
        var ended = changes.SelectMany(c => c.Ended).ToList();
        await UpdateManagementsAsync(connection, transaction, changes, cancellationToken);
        await AssignmentRows.WriteAsync(connection, transaction,
        [
            .. ended.Select(e => AssignmentLifecycle.End(records[e.AssignmentId], e.Status, now)).OfType<AssignmentTransition>(),
            .. changes.SelectMany(c => c.Extended).Select(e => AssignmentLifecycle.Extend(records[e.AssignmentId], e.Start, e.End, e.Reason, now)).OfType<AssignmentTransition>(),
        ], cancellationToken);
        await InsertAssignmentsAsync(connection, transaction, changes.SelectMany(c => c.Added).ToList(), ended, cancellationToken);
    }

    // Locking every person a trace reaches made concurrent traces queue behind each other's locks, though a re-run
    // or an overlapping trace changes few of them. Managements only ever move up (more severe, longer) or to
    // "case", where the rule changes nothing, so a person it leaves unchanged now stays unchanged under the lock.
    private static async Task<string[]> WhoseManagementChangesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string[] ids,
        Func<PersonManagement, IReadOnlyList<Assignment>, ManagementChange?> rule, CancellationToken cancellationToken)
    {
        if (ids.Length == 0)
        {
            return ids;
        }

        var current = new Dictionary<string, PersonManagement>(StringComparer.Ordinal);
        await using (var select = connection.Command(transaction,
            "SELECT person_id, category, since, until, case_id FROM managements WHERE person_id = ANY($1)", (object)ids))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                current[reader.GetString(0)] = new PersonManagement(reader.GetString(0), reader.GetString(1),
                    reader.GetNullableTime(2), reader.GetNullableTime(3), reader.GetNullableString(4));
            }
        }

        var active = await ReadAssignmentsAsync(connection, transaction, "person_id = ANY($1) AND status = ANY($2)", cancellationToken, ids, ActiveStatuses);
        var activeByPerson = active.ToLookup(a => a.PersonId, StringComparer.Ordinal);
        return [.. ids.Where(id => rule(current.GetValueOrDefault(id) ?? PersonManagement.None(id), [.. activeByPerson[id]]) is not null)];
    }

    private static async Task<Dictionary<string, PersonManagement>> LockManagementsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string[] ids, CancellationToken cancellationToken)
    {
        await using (var create = connection.Command(transaction, """
            INSERT INTO managements (person_id, category)
            SELECT id, 'none' FROM unnest($1::text[]) AS t(id) ORDER BY id
            ON CONFLICT (person_id) DO NOTHING
            """, (object)ids))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var current = new Dictionary<string, PersonManagement>(StringComparer.Ordinal);
        await using var select = connection.Command(transaction, """
            SELECT person_id, category, since, until, case_id FROM managements
            WHERE person_id = ANY($1) ORDER BY person_id FOR UPDATE
            """, (object)ids);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            current[reader.GetString(0)] = new PersonManagement(reader.GetString(0), reader.GetString(1),
                reader.GetNullableTime(2), reader.GetNullableTime(3), reader.GetNullableString(4));
        }

        return current;
    }

    private static async Task UpdateManagementsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<ManagementChange> changes, CancellationToken cancellationToken)
    {
        var m = changes.Select(c => c.Management).ToList();
        object?[] values =
        [
            m.Select(x => x.PersonId).ToArray(),
            m.Select(x => x.Category).ToArray(),
            m.Select(x => x.Since?.Utc()).ToArray(),
            m.Select(x => x.Until?.Utc()).ToArray(),
            m.Select(x => x.CaseId).ToArray(),
        ];

        // Each change is also a version in management_history (the in-memory twin applies the same rule): a running
        // management only lengthened is extended in its open version, any other change closes that version and
        // opens a new one. Bulletins count those under management as recorded at their period's end. New versions
        // are inserted by a statement of their own: within one statement the open-version index still sees the old.
        await using (var update = connection.Command(transaction, """
            WITH u AS (
                SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::text[]) AS u(person_id, category, since, until, case_id)),
            previous AS (
                SELECT u.person_id, (m.category = u.category AND m.since IS NOT DISTINCT FROM u.since AND m.until > now()) AS lengthened
                FROM u JOIN managements m ON m.person_id = u.person_id),
            closed AS (
                UPDATE management_history AS h SET recorded_to = now()
                FROM previous p WHERE h.person_id = p.person_id AND h.recorded_to IS NULL AND NOT p.lengthened),
            lengthened AS (
                UPDATE management_history AS h SET until = u.until, case_id = u.case_id
                FROM previous p JOIN u ON u.person_id = p.person_id
                WHERE h.person_id = p.person_id AND h.recorded_to IS NULL AND p.lengthened)
            UPDATE managements AS m
            SET category = u.category, since = u.since, until = u.until, case_id = u.case_id, updated_at = now()
            FROM u WHERE m.person_id = u.person_id
            """, values))
        {
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var record = connection.Command(transaction, """
            INSERT INTO management_history (person_id, category, since, until, case_id, recorded_from)
            SELECT u.*, now() FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::text[]) AS u(person_id, category, since, until, case_id)
            WHERE NOT EXISTS (SELECT 1 FROM management_history h WHERE h.person_id = u.person_id AND h.recorded_to IS NULL)
            """, values);
        await record.ExecuteNonQueryAsync(cancellationToken);
    }

    // A replacement keeps its predecessor's place in the queue for a room: the earliest queued_at among the same
    // person's assignments of the same kind that this change ended.
    private static async Task InsertAssignmentsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<Assignment> added, List<AssignmentStatusChange> ended, CancellationToken cancellationToken)
    {
        if (added.Count == 0)
        {
            return;
        }

        // The predecessors are looked up once, by primary key, and joined: a per-row subquery over assignments was
        // planned as a scan per row and took seconds for a crowded venue's thousands of new assignments.
        await using var command = connection.Command(transaction, """
            WITH predecessor AS (
                SELECT person_id, kind, min(queued_at) AS queued_at FROM assignments
                WHERE assignment_id = ANY($9) GROUP BY person_id, kind)
            INSERT INTO assignments (assignment_id, person_id, case_id, kind, hotel_id, starts_at, ends_at, status, queued_at)
            SELECT n.*, coalesce(p.queued_at, now())
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[], $8::text[])
                 AS n(assignment_id, person_id, case_id, kind, hotel_id, starts_at, ends_at, status)
            LEFT JOIN predecessor p ON p.person_id = n.person_id AND p.kind = n.kind
            ON CONFLICT (assignment_id) DO NOTHING
            """,
            added.Select(a => a.AssignmentId).ToArray(),
            added.Select(a => a.PersonId).ToArray(),
            added.Select(a => a.CaseId).ToArray(),
            added.Select(a => a.Kind).ToArray(),
            added.Select(a => a.HotelId).ToArray(),
            added.Select(a => a.Start.Utc()).ToArray(),
            added.Select(a => a.End.Utc()).ToArray(),
            added.Select(a => a.Status).ToArray(),
            ended.Select(e => e.AssignmentId).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<List<Assignment>> ReadAssignmentsAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string where, CancellationToken cancellationToken, params object?[] values)
    {
        await using var command = connection.Command(transaction, $"""
            SELECT assignment_id, person_id, case_id, kind, hotel_id, starts_at, ends_at, status
            FROM assignments WHERE {where}
            ORDER BY person_id, starts_at, assignment_id
            """, values);
        var assignments = new List<Assignment>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            assignments.Add(new Assignment(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetNullableString(4), reader.GetFieldValue<DateTimeOffset>(5), reader.GetFieldValue<DateTimeOffset>(6), reader.GetString(7)));
        }

        return assignments;
    }
}
