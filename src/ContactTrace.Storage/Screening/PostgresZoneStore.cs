using ContactTrace.Screening;

namespace ContactTrace.Storage.Screening;

/// <summary>
/// Zones in PostgreSQL: each change locks the zone's row (and the compound's open zone) and applies
/// <see cref="ZoneRules"/>; a partial unique index keeps one open zone per compound even when two cases of one
/// compound propose at once (the second sees the first's zone on its retry). A zone that becomes active or lifts
/// from active marks its residents' health codes in the same transaction.
/// </summary>
public sealed class PostgresZoneStore(NpgsqlDataSource dataSource) : IZoneStore
{
    private const string Columns = "zone_id, compound_id, district, status, proposed_at, since, until, lift_after, last_case_at, case_ids";

    public Task<Zone> AddCaseAsync(string compoundId, string district, string caseId, DateTimeOffset reportedAt, int liftDays, CancellationToken cancellationToken = default) =>
        RetryOnCollisionAsync(async (connection, transaction) =>
        {
            var open = await ReadOneAsync(connection, transaction, "compound_id = $1 AND status <> 'lifted' FOR UPDATE", compoundId, cancellationToken);
            if (ZoneRules.AddCase(open, compoundId, district, caseId, reportedAt, liftDays) is not { } next)
            {
                return open!;
            }

            await SaveAsync(connection, transaction, next, cancellationToken);
            return next;
        }, cancellationToken);

    public Task<(ZoneDeclaration Outcome, Zone? Zone)> DeclareAsync(
        string zoneId, string compoundId, string district, DateTimeOffset now, int liftDays, CancellationToken cancellationToken = default) =>
        RetryOnCollisionAsync(async (connection, transaction) =>
        {
            var existing = await ReadOneAsync(connection, transaction, "zone_id = $1 FOR UPDATE", zoneId, cancellationToken);
            var open = await ReadOneAsync(connection, transaction, "compound_id = $1 AND status <> 'lifted' FOR UPDATE", compoundId, cancellationToken);
            var (outcome, zone) = ZoneRules.Declare(existing, open, zoneId, compoundId, district, now, liftDays);
            if (outcome is ZoneDeclaration.Declared or ZoneDeclaration.Confirmed)
            {
                await SaveAsync(connection, transaction, zone!, cancellationToken);
                await MarkResidentsAsync(connection, transaction, compoundId, cancellationToken);
            }

            return (outcome, zone);
        }, cancellationToken);

    public Task<Zone?> LiftAsync(string zoneId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        RetryOnCollisionAsync(async (connection, transaction) =>
        {
            var existing = await ReadOneAsync(connection, transaction, "zone_id = $1 FOR UPDATE", zoneId, cancellationToken);
            if (existing is null || ZoneRules.Lift(existing, at) is not { } lifted)
            {
                return existing;
            }

            await LiftAsync(connection, transaction, existing, lifted, cancellationToken);
            return lifted;
        }, cancellationToken);

    public Task<int> LiftDueAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        RetryOnCollisionAsync(async (connection, transaction) =>
        {
            var due = await ReadAsync(connection, transaction, "status <> 'lifted' AND lift_after <= $1 ORDER BY lift_after LIMIT 1000 FOR UPDATE SKIP LOCKED",
                cancellationToken, now.Utc());
            foreach (var zone in due.Where(z => ZoneRules.IsDue(z, now)))
            {
                await LiftAsync(connection, transaction, zone, ZoneRules.Lift(zone, zone.LiftAfter)!, cancellationToken);
            }

            return due.Count;
        }, cancellationToken);

    public async Task<DateTimeOffset?> GetNextLiftAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT min(lift_after) FROM zones WHERE status <> 'lifted'");
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime next ? new DateTimeOffset(next, TimeSpan.Zero) : null;
    }

    public async Task<Zone?> GetAsync(string zoneId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ReadOneAsync(connection, null, "zone_id = $1", zoneId, cancellationToken);
    }

    public async Task<IReadOnlyList<Zone>> ListAsync(string? status, string? afterZoneId, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ReadAsync(connection, null, "($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR zone_id > $2) ORDER BY zone_id LIMIT $3",
            cancellationToken, status, afterZoneId, limit);
    }

    private static async Task LiftAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Zone before, Zone lifted, CancellationToken cancellationToken)
    {
        await SaveAsync(connection, transaction, lifted, cancellationToken);
        if (before.Status == ZoneStatuses.Active)
        {
            await MarkResidentsAsync(connection, transaction, before.CompoundId, cancellationToken);
        }
    }

    private static async Task SaveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Zone zone, CancellationToken cancellationToken)
    {
        await using var upsert = connection.Command(transaction, $"""
            INSERT INTO zones ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            ON CONFLICT (zone_id) DO UPDATE
            SET status = excluded.status, since = excluded.since, until = excluded.until, lift_after = excluded.lift_after,
                last_case_at = excluded.last_case_at, case_ids = excluded.case_ids, updated_at = now()
            """,
            zone.ZoneId, zone.CompoundId, zone.District, zone.Status, zone.ProposedAt.Utc(), zone.Since?.Utc(), zone.Until?.Utc(),
            zone.LiftAfter.Utc(), zone.LastCaseAt?.Utc(), zone.CaseIds.ToArray());
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task MarkResidentsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string compoundId, CancellationToken cancellationToken)
    {
        await using var mark = connection.Command(transaction, """
            WITH marked AS (INSERT INTO health_code_marks (person_id) SELECT person_id FROM persons WHERE compound_id = $1 RETURNING 1)
            SELECT pg_notify('contacttrace_screening', '') WHERE EXISTS (SELECT 1 FROM marked)
            """, compoundId);
        await mark.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<Zone?> ReadOneAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string where, string key, CancellationToken cancellationToken) =>
        (await ReadAsync(connection, transaction, where, cancellationToken, key)).SingleOrDefault();

    private static async Task<List<Zone>> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string where, CancellationToken cancellationToken, params object?[] values)
    {
        await using var select = connection.Command(transaction, $"SELECT {Columns} FROM zones WHERE {where}", values);
        var zones = new List<Zone>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            zones.Add(new Zone(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4),
                reader.GetNullableTime(5), reader.GetNullableTime(6), reader.GetFieldValue<DateTimeOffset>(7), reader.GetNullableTime(8),
                [.. reader.GetFieldValue<string[]>(9)]));
        }

        return zones;
    }

    // Two writers creating the compound's open zone at once: the second fails on the partial unique index, and on
    // its retry it finds the first one's zone and adds to it.
    private Task<T> RetryOnCollisionAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        dataSource.InTransactionAsync(work, cancellationToken, PostgresErrorCodes.UniqueViolation, attempts: 3);
}
