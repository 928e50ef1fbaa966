using ContactTrace.Screening;
using NpgsqlTypes;

namespace ContactTrace.Storage.Screening;

/// <summary>
/// Test results in the <c>tests</c> table. A batch goes in with one binary COPY straight into the table; only when it
/// collides with results stored before (a retry) does it take the staging path, which inserts what is new and
/// reads back what was stored under the other ids.
/// </summary>
public sealed class PostgresTestStore(NpgsqlDataSource dataSource) : ITestStore
{
    private const string UniqueViolation = "23505";
    private const string DeadlockDetected = "40P01";
    private const string Columns = "test_key, person_key, sampled_at, result_at, received_at, positive, context, test_id, person_id, round_id, site";

    public async Task<IReadOnlyList<StoredTest>> InsertAsync(IReadOnlyList<TestResult> tests, DateTimeOffset receivedAt, CancellationToken cancellationToken = default)
    {
        if (tests.Count == 0)
        {
            return [];
        }

        var received = StoredTime(receivedAt);
        // Rows go in key order, so that two overlapping batches take their index locks in the same order.
        var rows = tests.Select(t => (Test: t, Key: StableKeys.Of(t.TestId))).OrderBy(r => r.Key).ToArray();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await CopyAsync(connection, "tests", rows, received, cancellationToken);
            return [.. tests.Select(t => new StoredTest(true, t.PersonId, t.Positive, received, null, false))];
        }
        catch (PostgresException exception) when (exception.SqlState is UniqueViolation or DeadlockDetected)
        {
            return await InsertNewOnlyAsync(connection, tests, rows, received, cancellationToken);
        }
    }

    public async Task RecordCasesAsync(IReadOnlyList<PositiveOutcome> outcomes, CancellationToken cancellationToken = default)
    {
        if (outcomes.Count == 0)
        {
            return;
        }

        await using var command = dataSource.CreateCommand("""
            UPDATE tests AS t SET case_id = u.case_id, case_created = u.created
            FROM unnest($1::bigint[], $2::text[], $3::text[], $4::boolean[]) AS u(test_key, test_id, case_id, created)
            WHERE t.test_key = u.test_key AND t.test_id = u.test_id AND t.case_id IS NULL
            """).WithValues(
                outcomes.Select(o => StableKeys.Of(o.TestId)).ToArray(),
                outcomes.Select(o => o.TestId).ToArray(),
                outcomes.Select(o => o.CaseId).ToArray(),
                outcomes.Select(o => o.Created).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<PendingPositive>> FindPendingPositivesAsync(DateTimeOffset receivedBefore, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT test_id, person_id, sampled_at, result_at, context, round_id, site, received_at
            FROM tests WHERE positive AND case_id IS NULL AND received_at < $1
            ORDER BY received_at LIMIT $2
            """).WithValues(receivedBefore.Utc(), limit);
        var pending = new List<PendingPositive>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var test = new TestResult(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<DateTimeOffset>(3),
                true, reader.GetString(4), reader.GetNullableString(5), reader.GetNullableString(6));
            pending.Add(new PendingPositive(test, reader.GetFieldValue<DateTimeOffset>(7)));
        }

        return pending;
    }

    public async Task<IReadOnlySet<string>> FindRegisteredAsync(IReadOnlyCollection<string> personIds, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT person_id FROM persons WHERE person_id = ANY($1)").WithValues((object)personIds.ToArray());
        var registered = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            registered.Add(reader.GetString(0));
        }

        return registered;
    }

    // In slices, so that a purge after a long outage never holds one huge transaction.
    public async Task<int> PurgeBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        var purged = 0;
        while (true)
        {
            await using var command = dataSource.CreateCommand("""
                DELETE FROM tests WHERE ctid = ANY(ARRAY(SELECT ctid FROM tests WHERE sampled_at < $1 LIMIT 50000))
                """).WithValues(cutoff.Utc());
            var deleted = await command.ExecuteNonQueryAsync(cancellationToken);
            purged += deleted;
            if (deleted < 50_000)
            {
                return purged;
            }
        }
    }

    private static async Task CopyAsync(NpgsqlConnection connection, string table, (TestResult Test, long Key)[] rows, DateTime received, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync($"COPY {table} ({Columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var (test, key) in rows)
        {
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(key, NpgsqlDbType.Bigint, cancellationToken);
            await writer.WriteAsync(StableKeys.Of(test.PersonId), NpgsqlDbType.Bigint, cancellationToken);
            await writer.WriteAsync(StoredTime(test.SampledAt), NpgsqlDbType.TimestampTz, cancellationToken);
            await writer.WriteAsync(StoredTime(test.ResultAt), NpgsqlDbType.TimestampTz, cancellationToken);
            await writer.WriteAsync(received, NpgsqlDbType.TimestampTz, cancellationToken);
            await writer.WriteAsync(test.Positive, NpgsqlDbType.Boolean, cancellationToken);
            await writer.WriteAsync(test.Context, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(test.TestId, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(test.PersonId, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(writer, test.RoundId, cancellationToken);
            await WriteNullableAsync(writer, test.Site, cancellationToken);
        }

        await writer.CompleteAsync(cancellationToken);
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter writer, string? value, CancellationToken cancellationToken) =>
        value is null ? writer.WriteNullAsync(cancellationToken) : writer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);

    // A retried batch: stage it, insert what is new, and read what was stored before under the other ids.
    private static async Task<IReadOnlyList<StoredTest>> InsertNewOnlyAsync(
        NpgsqlConnection connection, IReadOnlyList<TestResult> tests, (TestResult Test, long Key)[] rows, DateTime received, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var create = connection.Command(transaction, $"CREATE TEMP TABLE test_stage ON COMMIT DROP AS SELECT {Columns} FROM tests WITH NO DATA"))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await CopyAsync(connection, "test_stage", rows, received, cancellationToken);
        var inserted = new HashSet<string>(StringComparer.Ordinal);
        await using (var insert = connection.Command(transaction,
            $"INSERT INTO tests ({Columns}) SELECT {Columns} FROM test_stage ORDER BY test_key ON CONFLICT DO NOTHING RETURNING test_id"))
        await using (var reader = await insert.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                inserted.Add(reader.GetString(0));
            }
        }

        var before = new Dictionary<string, StoredTest>(StringComparer.Ordinal);
        await using (var select = connection.Command(transaction, """
            SELECT t.test_id, t.person_id, t.positive, t.received_at, t.case_id, t.case_created
            FROM tests t JOIN test_stage s ON s.test_key = t.test_key AND s.test_id = t.test_id
            """))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (inserted.Contains(reader.GetString(0)))
                {
                    continue;
                }

                before[reader.GetString(0)] = new StoredTest(false, reader.GetString(1), reader.GetBoolean(2), reader.GetFieldValue<DateTimeOffset>(3),
                    reader.GetNullableString(4), reader.GetBoolean(5));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return [.. tests.Select(t => !before.TryGetValue(t.TestId, out var stored)
            ? new StoredTest(true, t.PersonId, t.Positive, received, null, false)
            : stored)];
    }

    // PostgreSQL keeps microseconds; truncate the same way so that what is answered equals what a retry reads back.
    internal static DateTime StoredTime(DateTimeOffset time) => ManagementRules.ToMicroseconds(time).UtcDateTime;
}
