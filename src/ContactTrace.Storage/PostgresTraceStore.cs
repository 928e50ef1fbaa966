using ContactTrace.Cases;
using ContactTrace.Tracing;

namespace ContactTrace.Storage;

/// <summary>Cases, trace results, managements and assignments in PostgreSQL, written in bulk with arrays.</summary>
public sealed partial class PostgresTraceStore(NpgsqlDataSource dataSource) : ITraceStore
{
    // An arbitrary constant that names "cluster merges" among advisory locks.
    private const long ClusterMergeLockKey = 0x436c7573746572;

    public Task SaveCaseAsync(CaseRecord record, CancellationToken cancellationToken = default) =>
        InTransactionAsync((connection, transaction) => SaveCaseAsync(connection, transaction, record, cancellationToken), cancellationToken);

    private static async Task SaveCaseAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CaseRecord record, CancellationToken cancellationToken)
    {
        var report = record.Report;
        if (record.Sources.Length > 0)
        {
            // Merges relabel other cases' rows: taken one at a time, before any row lock, concurrent merges queue
            // instead of deadlocking on each other's cases (a burst of linked cases did, answering 500).
            await using var serialize = connection.Command(transaction, "SELECT pg_advisory_xact_lock($1)", ClusterMergeLockKey);
            await serialize.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var upsert = connection.Command(transaction, """
            INSERT INTO cases (case_id, person_id, classification, converted_at, district, discovery_channel, sampled_at, onset_at,
                               reported_at, window_start, window_end, sources, cluster_id, trace_status,
                               close_contacts, secondary_contacts, venue_exposed, trace_completed_at, home_isolation)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
            ON CONFLICT (case_id) DO UPDATE
            SET converted_at = excluded.converted_at, trace_status = excluded.trace_status,
                close_contacts = excluded.close_contacts, secondary_contacts = excluded.secondary_contacts,
                venue_exposed = excluded.venue_exposed, trace_completed_at = excluded.trace_completed_at,
                home_isolation = excluded.home_isolation
            """,
            report.CaseId, report.PersonId, report.Classification, record.ConvertedAt?.Utc(), record.District, record.DiscoveryChannel,
            report.SampledAt.Utc(), report.OnsetAt?.Utc(), record.ReportedAt.Utc(), record.WindowStart.Utc(), record.WindowEnd.Utc(),
            record.Sources.ToArray(), record.ClusterId, record.Trace.Status,
            record.Trace.CloseContacts, record.Trace.SecondaryContacts, record.Trace.VenueExposed, record.Trace.CompletedAt?.Utc(),
            record.Trace.HomeIsolation))
        {
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        if (record.Sources.Length > 0)
        {
            // A new link merges the source clusters into one: relabel their cases, nothing else is recomputed.
            await using var merge = connection.Command(transaction, """
                UPDATE cases SET cluster_id = $1
                WHERE cluster_id <> $1 AND cluster_id IN (SELECT cluster_id FROM cases WHERE case_id = ANY($2))
                """, record.ClusterId, record.Sources.ToArray());
            await merge.ExecuteNonQueryAsync(cancellationToken);
        }
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

    public async Task SaveTraceAsync(string caseId, TraceSummary trace, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE cases
            SET trace_status = $2, close_contacts = $3, secondary_contacts = $4, venue_exposed = $5, trace_completed_at = $6,
                home_isolation = $7, became_cases = $8, tier1_completed_at = $9, trace_attempts = $10, trace_error = $11, trace_retry_at = $12
            WHERE case_id = $1
            """).WithValues(caseId, trace.Status, trace.CloseContacts, trace.SecondaryContacts, trace.VenueExposed, trace.CompletedAt?.Utc(),
                trace.HomeIsolation, trace.BecameCases, trace.TierOneCompletedAt?.Utc(), trace.Attempts, trace.LastError, trace.RetryAt?.Utc());
        await command.ExecuteNonQueryAsync(cancellationToken);
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

    public async Task<IReadOnlyList<string>> FindUnfinishedCasesAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT case_id FROM cases WHERE trace_status <> 'completed' AND withdrawn_at IS NULL ORDER BY reported_at LIMIT $1").WithValues(limit);
        var cases = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            cases.Add(reader.GetString(0));
        }

        return cases;
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

    public async Task<string?> GetClusterIdAsync(string caseId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT cluster_id FROM cases WHERE case_id = $1").WithValues(caseId);
        return (string?)await command.ExecuteScalarAsync(cancellationToken);
    }
}
