using ContactTrace.Tracing;

namespace ContactTrace.Storage;

public sealed partial class PostgresTraceStore
{
    private const string DeadlockDetected = "40P01";

    public Task WriteTraceAsync(TraceResult result, TracingPolicy policy, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        InTransactionAsync(async (connection, transaction) =>
        {
            var findings = result.Findings.ToDictionary(f => f.PersonId, StringComparer.Ordinal);
            await WriteContactsAsync(connection, transaction, result, cancellationToken);
            await WriteExposuresAsync(connection, transaction, result, cancellationToken);
            await ApplyManagementAsync(connection, transaction, findings.Keys,
                (current, active) => ManagementRules.Apply(current, active, findings[current.PersonId], result.CaseId, policy, now),
                cancellationToken);
        }, cancellationToken);

    public Task BecomeCaseAsync(string personId, string caseId, DateTimeOffset reportedAt, CancellationToken cancellationToken = default) =>
        InTransactionAsync((connection, transaction) => ApplyManagementAsync(connection, transaction, [personId],
            (current, active) => ManagementRules.BecomeCase(current, active, caseId, reportedAt), cancellationToken), cancellationToken);

    private static async Task WriteContactsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, TraceResult result, CancellationToken cancellationToken)
    {
        var f = result.Findings;

        // A run replaces the case's contact list: someone who has become a case since is not a contact any more.
        // Their exposure evidence stays, so links between cases keep their evidence.
        await using (var stale = connection.Command(transaction, "DELETE FROM contacts WHERE case_id = $1 AND NOT (person_id = ANY($2))",
            result.CaseId, f.Select(x => x.PersonId).ToArray()))
        {
            await stale.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var command = connection.Command(transaction, """
            INSERT INTO contacts (case_id, person_id, tier, category, first_exposure, last_exposure)
            SELECT $1, * FROM unnest($2::text[], $3::smallint[], $4::text[], $5::timestamptz[], $6::timestamptz[])
            ON CONFLICT (case_id, person_id) DO UPDATE
            SET tier = excluded.tier, category = excluded.category,
                first_exposure = excluded.first_exposure, last_exposure = excluded.last_exposure
            WHERE (contacts.tier, contacts.category, contacts.first_exposure, contacts.last_exposure)
                  IS DISTINCT FROM (excluded.tier, excluded.category, excluded.first_exposure, excluded.last_exposure)
            """,
            result.CaseId,
            f.Select(x => x.PersonId).ToArray(),
            f.Select(x => (short)x.Tier).ToArray(),
            f.Select(x => x.Category).ToArray(),
            f.Select(x => x.FirstExposure.Utc()).ToArray(),
            f.Select(x => x.LastExposure.Utc()).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task WriteExposuresAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, TraceResult result, CancellationToken cancellationToken)
    {
        var rows = result.Findings.SelectMany(f => f.Exposures.Select(e => (f.PersonId, Exposure: e))).ToList();
        await using var command = connection.Command(transaction, """
            INSERT INTO exposures (case_id, person_id, exposure_key, kind, venue_id, via_person_id, setting, exposed_from, exposed_until)
            SELECT $1, * FROM unnest($2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::timestamptz[])
            ON CONFLICT DO NOTHING
            """,
            result.CaseId,
            rows.Select(r => r.PersonId).ToArray(),
            rows.Select(r => ExposureKey(r.Exposure)).ToArray(),
            rows.Select(r => r.Exposure.Kind).ToArray(),
            rows.Select(r => r.Exposure.VenueId).ToArray(),
            rows.Select(r => r.Exposure.ViaPersonId).ToArray(),
            rows.Select(r => r.Exposure.Setting).ToArray(),
            rows.Select(r => r.Exposure.From.Utc()).ToArray(),
            rows.Select(r => r.Exposure.Until.Utc()).ToArray());
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
        await using var command = connection.Command(null, """
            INSERT INTO trace_watches (case_id, watch_key, kind, watched_id, watch_from, watch_to)
            SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[])
            ON CONFLICT DO NOTHING
            """,
            caseId,
            w.Select(x => WatchKey(x.Kind, x.Id)).ToArray(),
            w.Select(x => x.Kind).ToArray(),
            w.Select(x => x.Id).ToArray(),
            w.Select(x => x.From.Utc()).ToArray(),
            w.Select(x => x.To.Utc()).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    internal static long ExposureKey(Exposure e) =>
        StableKeys.Of($"{e.Kind}|{e.VenueId}|{e.ViaPersonId}|{e.Setting}|{e.From.UtcTicks}|{e.Until.UtcTicks}");

    internal static long WatchKey(string kind, string id) => StableKeys.Of($"{kind}:{id}");

    // Concurrent traces lock managements in person order, so they queue rather than deadlock; should the
    // database still pick this transaction as a deadlock victim, the whole idempotent write is simply retried.
    private async Task InTransactionAsync(Func<NpgsqlConnection, NpgsqlTransaction, Task> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            try
            {
                await work(connection, transaction);
                await transaction.CommitAsync(cancellationToken);
                return;
            }
            catch (PostgresException exception) when (exception.SqlState == DeadlockDetected && attempt < 5)
            {
                await transaction.RollbackAsync(cancellationToken);
            }
        }
    }
}
