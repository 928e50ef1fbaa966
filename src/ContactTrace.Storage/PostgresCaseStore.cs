using ContactTrace.Cases;

namespace ContactTrace.Storage;

/// <summary>Cases in PostgreSQL: the case row, its trace's status and figures, cluster merges, withdrawal.</summary>
public sealed class PostgresCaseStore(NpgsqlDataSource dataSource) : ICaseStore
{
    // An arbitrary constant that names "cluster merges" among advisory locks.
    private const long ClusterMergeLockKey = 0x436c7573746572;

    public Task SaveCaseAsync(CaseRecord record, CancellationToken cancellationToken = default) =>
        dataSource.InTransactionAsync((connection, transaction) => SaveCaseAsync(connection, transaction, record, cancellationToken), cancellationToken);

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

    public async Task<IReadOnlyList<string>> WithdrawAsync(string caseId, CaseWithdrawal withdrawal, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<string> ended = [];
        await dataSource.InTransactionAsync(async (connection, transaction) =>
        {
            // The case row's lock orders this against a phase of its trace being written (which checks it first).
            await using (var mark = connection.Command(transaction, """
                UPDATE cases SET withdrawn_at = $2, withdrawal_reason = $3 WHERE case_id = $1 AND withdrawn_at IS NULL
                """, caseId, withdrawal.At.Utc(), withdrawal.Reason))
            {
                if (await mark.ExecuteNonQueryAsync(cancellationToken) == 0)
                {
                    ended = [];
                    return;
                }
            }

            var reached = new Dictionary<string, bool>(StringComparer.Ordinal);
            await using (var select = connection.Command(transaction, """
                SELECT p.person_id, EXISTS (
                    SELECT 1 FROM contacts o JOIN cases k ON k.case_id = o.case_id
                    WHERE o.person_id = p.person_id AND o.case_id <> $1 AND k.withdrawn_at IS NULL)
                FROM (SELECT person_id FROM contacts WHERE case_id = $1
                      UNION SELECT person_id FROM cases WHERE case_id = $1) p
                """, caseId))
            await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    reached[reader.GetString(0)] = reader.GetBoolean(1);
                }
            }

            var changed = new List<string>();
            await ManagementRows.ApplyAsync(connection, transaction, reached.Keys, (current, active) =>
            {
                var change = WithdrawalRules.Withdraw(current, active, caseId, reached[current.PersonId]);
                if (change is not null)
                {
                    changed.Add(current.PersonId);
                }

                return change;
            }, cancellationToken);
            ended = changed.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        }, cancellationToken);
        return ended;
    }
}
