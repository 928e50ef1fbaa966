using ContactTrace.Cases;

namespace ContactTrace.Storage;

/// <summary>
/// What traces write, in PostgreSQL: each phase in one transaction, in bulk with array parameters — sources,
/// contacts merged by <see cref="ContactMerge"/>, evidence keyed by what it is about, the close contacts' windows,
/// and the managements and assignments they lead to (<see cref="ManagementRows"/>) — and what a running trace reads back.
/// </summary>
public sealed class PostgresTraceResults(NpgsqlDataSource dataSource) : ITraceResults
{
    public Task WriteTraceAsync(TraceResult result, TracingPolicy policy, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        dataSource.InTransactionAsync(async (connection, transaction) =>
        {
            if (await IsWithdrawnAsync(connection, transaction, result.CaseId, cancellationToken))
            {
                return; // a false positive writes nothing more
            }

            var findings = result.Managed.ToDictionary(f => f.PersonId, StringComparer.Ordinal);
            await WriteSourcesAsync(connection, transaction, result, cancellationToken);
            var changed = await WriteContactsAsync(connection, transaction, result, cancellationToken);
            await WriteEvidenceAsync(connection, transaction, result.CaseId, changed, cancellationToken);
            await WriteWindowsAsync(connection, transaction, result, cancellationToken);
            await ManagementRows.ApplyAsync(connection, transaction, findings.Keys,
                (current, active) => ManagementRules.Apply(current, active, findings[current.PersonId], result.CaseId, policy, now),
                cancellationToken);
        }, cancellationToken);

    private static async Task<bool> IsWithdrawnAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string caseId, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(transaction, "SELECT withdrawn_at IS NOT NULL FROM cases WHERE case_id = $1 FOR SHARE", caseId);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    private static async Task WriteSourcesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, TraceResult result, CancellationToken cancellationToken)
    {
        if (result.Sources.Length == 0)
        {
            return;
        }

        var s = result.Sources.DistinctBy(x => x.Identity).ToList();
        await using var command = connection.Command(transaction, """
            INSERT INTO trace_sources (case_id, source_key, person_id, venue_id, source_from, source_until)
            SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[])
            ON CONFLICT DO NOTHING
            """,
            result.CaseId,
            s.Select(ContactRows.SourceKey).ToArray(),
            s.Select(x => x.PersonId).ToArray(),
            s.Select(x => x.VenueId).ToArray(),
            s.Select(x => x.From.Utc()).ToArray(),
            s.Select(x => x.Until.Utc()).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // The rule of what changes is ContactMerge's: read the rows the phase touches, merge, write back what changed.
    // A contact is never deleted — one who became a case stays in the list, and the evidence linking them stays.
    private static async Task<List<ContactFinding>> WriteContactsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, TraceResult result, CancellationToken cancellationToken)
    {
        var existing = new Dictionary<string, ContactFinding>(StringComparer.Ordinal);
        await using (var select = connection.Command(transaction, """
            SELECT person_id, tier, category, first_exposure, last_exposure, evidence_count FROM contacts
            WHERE case_id = $1 AND person_id = ANY($2)
            """, result.CaseId, result.Findings.Select(f => f.PersonId).ToArray()))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                existing[reader.GetString(0)] = new ContactFinding(reader.GetString(0), reader.GetInt16(1), reader.GetString(2),
                    reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4), [], reader.GetInt32(5));
            }
        }

        var f = result.Findings.Select(x => ContactMerge.Merge(existing.GetValueOrDefault(x.PersonId), x)).OfType<ContactFinding>().ToList();
        if (f.Count == 0)
        {
            return f;
        }

        // A contact raised to a more severe category keeps only that category's evidence, as the trace does.
        var raised = f.Where(x => existing.TryGetValue(x.PersonId, out var before) && before.Category != x.Category).Select(x => x.PersonId).ToArray();
        if (raised.Length > 0)
        {
            await using var drop = connection.Command(transaction, "DELETE FROM exposures WHERE case_id = $1 AND person_id = ANY($2)", result.CaseId, raised);
            await drop.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var command = connection.Command(transaction, """
            INSERT INTO contacts (case_id, person_id, tier, category, first_exposure, last_exposure, evidence_count)
            SELECT $1, * FROM unnest($2::text[], $3::smallint[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::integer[])
            ON CONFLICT (case_id, person_id) DO UPDATE
            SET tier = excluded.tier, category = excluded.category, first_exposure = excluded.first_exposure,
                last_exposure = excluded.last_exposure, evidence_count = excluded.evidence_count
            """,
            result.CaseId,
            f.Select(x => x.PersonId).ToArray(),
            f.Select(x => (short)x.Tier).ToArray(),
            f.Select(x => x.Category).ToArray(),
            f.Select(x => x.FirstExposure.Utc()).ToArray(),
            f.Select(x => x.LastExposure.Utc()).ToArray(),
            f.Select(x => x.TotalEvidence).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
        return f;
    }

    // One row per kept evidence item, keyed by what it is about (the visit, the household link, the interview), so a
    // re-run that sees more sources updates the row instead of adding one.
    private static async Task WriteEvidenceAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string caseId, List<ContactFinding> contacts, CancellationToken cancellationToken)
    {
        var rows = contacts.SelectMany(f => f.Exposures.DistinctBy(e => e.Identity).Select(e => (f.PersonId, Exposure: e))).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        await using var command = connection.Command(transaction, """
            INSERT INTO exposures (case_id, person_id, exposure_key, kind, venue_id, via_person_id, setting, exposed_from, exposed_until,
                                   source_key, source_count, visit_from)
            SELECT $1, * FROM unnest($2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::timestamptz[],
                                     $10::bigint[], $11::integer[], $12::timestamptz[])
            ON CONFLICT (case_id, person_id, exposure_key) DO UPDATE
            SET via_person_id = excluded.via_person_id, exposed_from = excluded.exposed_from, exposed_until = excluded.exposed_until,
                source_key = excluded.source_key, source_count = excluded.source_count
            WHERE (exposures.via_person_id, exposures.exposed_from, exposures.exposed_until, exposures.source_key, exposures.source_count)
                  IS DISTINCT FROM (excluded.via_person_id, excluded.exposed_from, excluded.exposed_until, excluded.source_key, excluded.source_count)
            """,
            caseId,
            rows.Select(r => r.PersonId).ToArray(),
            rows.Select(r => ContactRows.ExposureKey(r.Exposure)).ToArray(),
            rows.Select(r => r.Exposure.Kind).ToArray(),
            rows.Select(r => r.Exposure.VenueId).ToArray(),
            rows.Select(r => r.Exposure.ViaPersonId).ToArray(),
            rows.Select(r => r.Exposure.Setting).ToArray(),
            rows.Select(r => r.Exposure.From.Utc()).ToArray(),
            rows.Select(r => r.Exposure.Until.Utc()).ToArray(),
            rows.Select(r => r.Exposure.Source is { } source ? ContactRows.SourceKey(source) : (long?)null).ToArray(),
            rows.Select(r => r.Exposure.SourceCount).ToArray(),
            rows.Select(r => r.Exposure.VisitFrom?.Utc()).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // The window over which each close contact's own contacts were sought, on their row: why it ended, or that it is open.
    private static async Task WriteWindowsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, TraceResult result, CancellationToken cancellationToken)
    {
        if (result.Windows.Length == 0)
        {
            return;
        }

        var w = result.Windows;
        await using var command = connection.Command(transaction, """
            UPDATE contacts AS c SET sought_from = u.sought_from, sought_until = u.sought_until, sought_reason = u.sought_reason
            FROM unnest($2::text[], $3::timestamptz[], $4::timestamptz[], $5::text[]) AS u(person_id, sought_from, sought_until, sought_reason)
            WHERE c.case_id = $1 AND c.person_id = u.person_id
              AND (c.sought_from, c.sought_until, c.sought_reason) IS DISTINCT FROM (u.sought_from, u.sought_until, u.sought_reason)
            """,
            result.CaseId,
            w.Select(x => x.PersonId).ToArray(),
            w.Select(x => x.From.Utc()).ToArray(),
            w.Select(x => x.Until?.Utc()).ToArray(),
            w.Select(x => x.Reason).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task AddWatchesAsync(string caseId, IReadOnlyCollection<TraceWatch> watches, CancellationToken cancellationToken = default)
    {
        if (watches.Count == 0)
        {
            return;
        }

        var w = watches.Distinct().ToList();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var contacts = w.Where(x => x.Kind == TraceWatch.ContactKind).Select(x => x.Id).Distinct(StringComparer.Ordinal).ToArray();
        if (contacts.Length > 0)
        {
            // A close contact's window replaces the one before: it closes when they are isolated.
            await using var replace = connection.Command(transaction, """
                DELETE FROM trace_watches WHERE case_id = $1 AND kind = 'contact' AND watched_id = ANY($2)
                """, caseId, contacts);
            await replace.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var command = connection.Command(transaction, """
            INSERT INTO trace_watches (case_id, watch_key, kind, watched_id, watch_from, watch_to, via)
            SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::text[])
            ON CONFLICT DO NOTHING
            """,
            caseId,
            w.Select(x => ContactRows.WatchKey(x.Kind, x.Id)).ToArray(),
            w.Select(x => x.Kind).ToArray(),
            w.Select(x => x.Id).ToArray(),
            w.Select(x => x.From.Utc()).ToArray(),
            w.Select(x => x.To.Utc()).ToArray(),
            w.Select(x => x.Via ?? "").ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
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
            found.Add(new ContactItem(ContactRows.ReadContact(reader), null, null, ContactRows.ReadWindow(reader, 7)));
        }

        return found;
    }

    public async Task<CasePersons> FindCasePersonsAsync(string caseId, IReadOnlyCollection<string> personIds, CancellationToken cancellationToken = default)
    {
        if (personIds.Count == 0)
        {
            return CasePersons.None;
        }

        await using var command = dataSource.CreateCommand("""
            SELECT DISTINCT k.person_id, EXISTS (SELECT 1 FROM contacts c WHERE c.case_id = $1 AND c.person_id = k.person_id)
            FROM cases k WHERE k.person_id = ANY($2) AND k.case_id <> $1 AND k.withdrawn_at IS NULL
            """).WithValues(caseId, personIds.ToArray());
        var notContacts = new HashSet<string>(StringComparer.Ordinal);
        var becameCases = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            (reader.GetBoolean(1) ? becameCases : notContacts).Add(reader.GetString(0));
        }

        notContacts.ExceptWith(becameCases);
        return new CasePersons(notContacts, becameCases);
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

    public async Task<IReadOnlyList<(string CaseId, string ClusterId)>> FindSourcesAsync(string personId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT c.case_id, k.cluster_id
            FROM contacts c JOIN cases k ON k.case_id = c.case_id
            WHERE c.person_id = $1 AND k.withdrawn_at IS NULL
            ORDER BY c.case_id
            """).WithValues(personId);
        var sources = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            sources.Add((reader.GetString(0), reader.GetString(1)));
        }

        return sources;
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

    public async Task<int> PurgeBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            WITH exposures_gone AS (
                     DELETE FROM exposures e WHERE e.exposed_until < $1
                       AND NOT EXISTS (SELECT 1 FROM cases k WHERE k.person_id = e.person_id)
                     RETURNING 1),
                 sources_gone AS (
                     DELETE FROM trace_sources s WHERE s.source_until < $1
                       AND NOT EXISTS (SELECT 1 FROM exposures e WHERE e.case_id = s.case_id AND e.source_key = s.source_key)
                     RETURNING 1),
                 watches_gone AS (DELETE FROM trace_watches WHERE watch_to < $1 RETURNING 1)
            SELECT (SELECT count(*) FROM exposures_gone) + (SELECT count(*) FROM sources_gone) + (SELECT count(*) FROM watches_gone)
            """).WithValues(cutoff.Utc());
        return (int)(long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
