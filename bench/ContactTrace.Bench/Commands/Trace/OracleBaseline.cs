using ContactTrace.Oracle;
using Npgsql;

namespace ContactTrace.Bench.Commands.Trace;

/// <summary>
/// The plain-PostgreSQL baseline of <c>bench trace</c>: bench/ContactTrace.Oracle computes the same two-tier
/// sets with one set-based statement (ComputeAsync) and inserts the same kind of assignment rows
/// (InsertAssignmentsAsync), on the host's own tables and indexes, in the same run. Its co-presence lookups are
/// bounded by the host's own longest stay (ContactTrace:Scans:MaxStayHours, 24 h), as a hand-written job would
/// be; scans with longer stays are rejected on ingest, so the answer is still exact.
/// </summary>
internal sealed class OracleBaseline(NpgsqlDataSource data)
{
    public static OraclePolicy Policy { get; } = OraclePolicy.NationalV9 with { MaxStay = TimeSpan.FromHours(24) };

    public async Task PrepareAsync(CancellationToken ct)
    {
        await using var connection = await data.OpenConnectionAsync(ct);
        await TraceOracle.EnsureAssignmentTableAsync(connection, ct);
    }

    /// <summary>
    /// Times ComputeAsync + InsertAssignmentsAsync on a pooled connection that is already open, under
    /// <see cref="Policy"/> or, e.g. for tier 1 alone, <paramref name="policy"/>.
    /// </summary>
    public async Task<OracleRun> RunAsync(string caseId, CancellationToken ct, OraclePolicy? policy = null)
    {
        await using var connection = await data.OpenConnectionAsync(ct);
        var clock = Stopwatch.StartNew();
        var contacts = await TraceOracle.ComputeAsync(connection, caseId, policy ?? Policy, [], ct);
        var inserted = await TraceOracle.InsertAssignmentsAsync(connection, caseId, policy ?? Policy, contacts, ct);
        return new OracleRun(caseId, clock.Elapsed, contacts, inserted);
    }

    /// <summary>Deletes the oracle's assignment rows of a case, so that a second run inserts them all again.</summary>
    public async Task ForgetAssignmentsAsync(string caseId, CancellationToken ct)
    {
        await using var command = data.CreateCommand("DELETE FROM oracle_assignments WHERE case_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = caseId });
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Runs the oracle on many cases, <paramref name="concurrency"/> at a time, for at most <paramref name="budget"/>;
    /// <paramref name="done"/> is told each case's time since the start. A case that fails is counted (and the first
    /// failure printed), not fatal. Returns how many finished and failed, the wall time, and whether time ran out.
    /// </summary>
    public async Task<OracleBatch> RunManyAsync(
        IReadOnlyList<string> caseIds, int concurrency, TimeSpan budget, Action<TimeSpan>? done, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(budget);
        var finished = 0;
        var failed = 0;
        var clock = Stopwatch.StartNew();
        try
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = deadline.Token };
            await Parallel.ForEachAsync(caseIds, parallel, async (caseId, token) =>
            {
                try
                {
                    await RunAsync(caseId, token);
                    Interlocked.Increment(ref finished);
                    done?.Invoke(clock.Elapsed);
                }
                catch (Exception e) when (!token.IsCancellationRequested && e is NpgsqlException or InvalidOperationException)
                {
                    if (Interlocked.Increment(ref failed) == 1)
                    {
                        Console.Error.WriteLine($"sql: oracle on {caseId} failed (further failures only counted): {e.Message}");
                    }
                }
            });
            return new OracleBatch(finished, failed, clock.Elapsed, false);
        }
        catch (Exception e) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested && e is OperationCanceledException or NpgsqlException)
        {
            return new OracleBatch(finished, failed, clock.Elapsed, true);
        }
    }

    public async Task<IReadOnlyList<string>> StoredCasesAsync(string[] caseIds, CancellationToken ct)
    {
        await using var command = data.CreateCommand("SELECT case_id FROM cases WHERE case_id = ANY($1) ORDER BY case_id");
        command.Parameters.Add(new NpgsqlParameter { Value = caseIds });
        var stored = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            stored.Add(reader.GetString(0));
        }

        return stored;
    }

    /// <summary>
    /// Persons on which the grain trace (its <c>contacts</c> rows) and the oracle disagree: present in one only, or
    /// with another tier or category.
    /// </summary>
    public async Task<int> CountMismatchesAsync(OracleRun oracle, CancellationToken ct)
    {
        var grain = new Dictionary<string, (int Tier, string Category)>(StringComparer.Ordinal);
        await using (var command = data.CreateCommand("SELECT person_id, tier, category FROM contacts WHERE case_id = $1"))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = oracle.CaseId });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                grain[reader.GetString(0)] = (reader.GetInt16(1), reader.GetString(2));
            }
        }

        var expected = oracle.Contacts.ToDictionary(c => c.PersonId, StringComparer.Ordinal);
        return expected.Keys.Union(grain.Keys, StringComparer.Ordinal)
            .Count(id => !expected.TryGetValue(id, out var e) || !grain.TryGetValue(id, out var g) || e.Tier != g.Tier || e.Category != g.Category);
    }
}
