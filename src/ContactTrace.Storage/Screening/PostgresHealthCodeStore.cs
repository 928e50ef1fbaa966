using ContactTrace.Screening;

namespace ContactTrace.Storage.Screening;

/// <summary>
/// Health codes in PostgreSQL. One refresh is one transaction under an advisory lock (one silo refreshes at a
/// time; the others find the lock taken and leave the work to it): it takes a batch of marked and due persons,
/// reads their facts with one query per table, applies the rules, writes what changed and appends each change to
/// the feed under the feed row's lock, and deletes the marks it read.
/// </summary>
public sealed class PostgresHealthCodeStore(NpgsqlDataSource dataSource) : IHealthCodeStore
{
    // An arbitrary constant that names "the health-code refresh" among advisory locks.
    private const long RefreshLockKey = 0x48436F6465526566;

    private static readonly string[] MarkingContexts = [SamplingContexts.KeyPopulationClosed, SamplingContexts.KeyPopulationOpen, SamplingContexts.Arrival];

    public async Task MarkTestedAsync(IReadOnlyList<TestResult> tests, CancellationToken cancellationToken = default)
    {
        if (tests.Count == 0)
        {
            return;
        }

        await using var command = dataSource.CreateCommand("""
            WITH marked AS (
                INSERT INTO health_code_marks (person_id)
                SELECT DISTINCT t.person_id
                FROM unnest($1::text[], $2::text[]) AS t(person_id, context)
                LEFT JOIN managements m ON m.person_id = t.person_id
                LEFT JOIN health_codes h ON h.person_id = t.person_id
                WHERE t.context = ANY($3) OR m.category = 'venue-exposed' OR h.code <> 'green' OR h.next_check_at IS NOT NULL
                RETURNING 1)
            SELECT CASE WHEN count(*) > 0 THEN pg_notify('contacttrace_screening', '') END FROM marked
            """).WithValues(tests.Select(t => t.PersonId).ToArray(), tests.Select(t => t.Context).ToArray(), MarkingContexts);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> RefreshAsync(DateTimeOffset now, DateTimeOffset testsSince, int limit, Func<HealthFacts, HealthVerdict> evaluate, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = connection.Command(transaction, "SELECT pg_try_advisory_xact_lock($1)", RefreshLockKey))
        {
            if (!(bool)(await lockCommand.ExecuteScalarAsync(cancellationToken))!)
            {
                return 0;
            }
        }

        var (markIds, persons) = await ClaimAsync(connection, transaction, now, limit, cancellationToken);
        if (persons.Length == 0)
        {
            await transaction.CommitAsync(cancellationToken);
            return 0;
        }

        var stored = await ReadCodesAsync(connection, transaction, persons, cancellationToken);
        var facts = await ReadFactsAsync(connection, transaction, persons, testsSince, cancellationToken);
        var steps = persons.Select(p => HealthCodeRules.Step(p, stored.GetValueOrDefault(p), evaluate(facts[p]), now)).ToList();
        await WriteCodesAsync(connection, transaction, [.. steps.Where(s => s.Write)], cancellationToken);
        await AppendChangesAsync(connection, transaction, [.. steps.Where(s => s.Changed).Select(s => s.Code)], now, cancellationToken);
        await using (var delete = connection.Command(transaction, "DELETE FROM health_code_marks WHERE id = ANY($1)", (object)markIds))
        {
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return persons.Length;
    }

    public async Task<IReadOnlyDictionary<string, HealthFacts>> ReadFactsAsync(
        IReadOnlyCollection<string> personIds, DateTimeOffset testsSince, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ReadFactsAsync(connection, null, [.. personIds.Distinct(StringComparer.Ordinal)], testsSince, cancellationToken);
    }

    public async Task<DateTimeOffset?> GetNextCheckAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT min(next_check_at) FROM health_codes WHERE next_check_at IS NOT NULL");
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime next ? new DateTimeOffset(next, TimeSpan.Zero) : null;
    }

    public async Task<HealthCodeSnapshot> ReadSnapshotAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        long cursor;
        await using (var feed = connection.Command(transaction, "SELECT cursor FROM health_code_feed WHERE id = 1"))
        {
            cursor = (long)(await feed.ExecuteScalarAsync(cancellationToken))!;
        }

        var flagged = new List<HealthCode>();
        await using (var select = connection.Command(transaction, "SELECT person_id, code, reasons::text, since FROM health_codes WHERE code <> 'green'"))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                flagged.Add(ReadCode(reader, 0));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return new HealthCodeSnapshot(cursor, flagged);
    }

    public async Task<IReadOnlyList<HealthCodeChange>> ReadChangesAsync(long after, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT cursor, person_id, code, reasons::text, since, recorded_at FROM health_code_changes
            WHERE cursor > $1 ORDER BY cursor LIMIT $2
            """).WithValues(after, limit);
        var changes = new List<HealthCodeChange>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            changes.Add(new HealthCodeChange(reader.GetInt64(0), ReadCode(reader, 1), reader.GetFieldValue<DateTimeOffset>(5)));
        }

        return changes;
    }

    public async Task<int> PurgeChangesBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM health_code_changes WHERE recorded_at < $1").WithValues(cutoff.Utc());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // person_id, code, reasons, since from the column at ordinal on.
    private static HealthCode ReadCode(NpgsqlDataReader reader, int ordinal) =>
        new(reader.GetString(ordinal), reader.GetString(ordinal + 1), HealthReasonsJson.Read(reader.GetString(ordinal + 2)), reader.GetNullableTime(ordinal + 3));

    private static async Task<(long[] MarkIds, string[] Persons)> ClaimAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        var markIds = new List<long>();
        var persons = new HashSet<string>(StringComparer.Ordinal);
        await using (var marks = connection.Command(transaction, "SELECT id, person_id FROM health_code_marks ORDER BY id LIMIT $1", limit))
        await using (var reader = await marks.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                markIds.Add(reader.GetInt64(0));
                persons.Add(reader.GetString(1));
            }
        }

        await using (var due = connection.Command(transaction,
            "SELECT person_id FROM health_codes WHERE next_check_at <= $1 ORDER BY next_check_at LIMIT $2", now.Utc(), limit))
        await using (var reader = await due.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                persons.Add(reader.GetString(0));
            }
        }

        return ([.. markIds], [.. persons.Order(StringComparer.Ordinal)]);
    }

    private static async Task<Dictionary<string, StoredHealthCode>> ReadCodesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string[] persons, CancellationToken cancellationToken)
    {
        var codes = new Dictionary<string, StoredHealthCode>(StringComparer.Ordinal);
        await using var select = connection.Command(transaction,
            "SELECT person_id, code, reasons::text, since, next_check_at FROM health_codes WHERE person_id = ANY($1)", (object)persons);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            codes[reader.GetString(0)] = new StoredHealthCode(ReadCode(reader, 0), reader.GetNullableTime(4));
        }

        return codes;
    }

    private static async Task WriteCodesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<HealthCodeStep> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var upsert = connection.Command(transaction, """
            INSERT INTO health_codes (person_id, code, reasons, since, next_check_at)
            SELECT person_id, code, reasons::jsonb, since, next_check_at
            FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[]) AS u(person_id, code, reasons, since, next_check_at)
            ON CONFLICT (person_id) DO UPDATE
            SET code = excluded.code, reasons = excluded.reasons, since = excluded.since, next_check_at = excluded.next_check_at, updated_at = now()
            """,
            rows.Select(r => r.Code.PersonId).ToArray(),
            rows.Select(r => r.Code.Code).ToArray(),
            rows.Select(r => HealthReasonsJson.Write(r.Code.Reasons)).ToArray(),
            rows.Select(r => r.Code.Since?.Utc()).ToArray(),
            rows.Select(r => r.NextCheckAt?.Utc()).ToArray());
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    // The cursors are taken from the feed row, locked until this transaction commits: gapless and in commit order.
    private static async Task AppendChangesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<HealthCode> changes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (changes.Count == 0)
        {
            return;
        }

        long last;
        await using (var take = connection.Command(transaction, "UPDATE health_code_feed SET cursor = cursor + $1 WHERE id = 1 RETURNING cursor", (long)changes.Count))
        {
            last = (long)(await take.ExecuteScalarAsync(cancellationToken))!;
        }

        var first = last - changes.Count + 1;
        await using var insert = connection.Command(transaction, """
            INSERT INTO health_code_changes (cursor, person_id, code, reasons, since, recorded_at)
            SELECT cursor, person_id, code, reasons::jsonb, since, $6
            FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::timestamptz[]) AS u(cursor, person_id, code, reasons, since)
            """,
            changes.Select((_, i) => first + i).ToArray(),
            changes.Select(c => c.PersonId).ToArray(),
            changes.Select(c => c.Code).ToArray(),
            changes.Select(c => HealthReasonsJson.Write(c.Reasons)).ToArray(),
            changes.Select(c => c.Since?.Utc()).ToArray(),
            now.Utc());
        await insert.ExecuteNonQueryAsync(cancellationToken);
        await using var notify = connection.Command(transaction, "SELECT pg_notify('contacttrace_health_codes', $1)", last.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await notify.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The facts of a batch of persons: one query each for managements, assignments, zones and results.</summary>
    private static async Task<Dictionary<string, HealthFacts>> ReadFactsAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string[] persons, DateTimeOffset testsSince, CancellationToken cancellationToken)
    {
        var managements = new Dictionary<string, PersonManagement>(StringComparer.Ordinal);
        await using (var select = connection.Command(transaction,
            "SELECT person_id, category, since, until, case_id FROM managements WHERE person_id = ANY($1)", (object)persons))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                managements[reader.GetString(0)] = new PersonManagement(reader.GetString(0), reader.GetString(1),
                    reader.GetNullableTime(2), reader.GetNullableTime(3), reader.GetNullableString(4));
            }
        }

        var assignments = new List<Assignment>();
        await using (var select = connection.Command(transaction, """
            SELECT assignment_id, person_id, case_id, kind, hotel_id, starts_at, ends_at, status
            FROM assignments WHERE person_id = ANY($1) AND status <> 'superseded'
            """, (object)persons))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                assignments.Add(new Assignment(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    reader.GetNullableString(4), reader.GetFieldValue<DateTimeOffset>(5), reader.GetFieldValue<DateTimeOffset>(6), reader.GetString(7)));
            }
        }

        var zones = new Dictionary<string, ZoneResidence>(StringComparer.Ordinal);
        await using (var select = connection.Command(transaction, """
            SELECT p.person_id, z.zone_id, z.since
            FROM persons p JOIN zones z ON z.compound_id = p.compound_id AND z.status = 'active'
            WHERE p.person_id = ANY($1)
            """, (object)persons))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                zones[reader.GetString(0)] = new ZoneResidence(reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2));
            }
        }

        var wanted = persons.ToHashSet(StringComparer.Ordinal);
        var tests = new List<(string PersonId, TestSample Sample)>();
        await using (var select = connection.Command(transaction, """
            SELECT person_id, sampled_at, positive, context FROM tests WHERE person_key = ANY($1) AND sampled_at >= $2
            """, persons.Select(StableKeys.Of).ToArray(), testsSince.Utc()))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (wanted.Contains(reader.GetString(0)))
                {
                    tests.Add((reader.GetString(0), new TestSample(reader.GetFieldValue<DateTimeOffset>(1), reader.GetBoolean(2), reader.GetString(3))));
                }
            }
        }

        var assignmentsOf = assignments.ToLookup(a => a.PersonId, StringComparer.Ordinal);
        var testsOf = tests.ToLookup(t => t.PersonId, t => t.Sample, StringComparer.Ordinal);
        return persons.ToDictionary(p => p, p => new HealthFacts(
            p,
            managements.GetValueOrDefault(p) ?? PersonManagement.None(p),
            [.. assignmentsOf[p]],
            zones.GetValueOrDefault(p),
            [.. testsOf[p]]), StringComparer.Ordinal);
    }
}
