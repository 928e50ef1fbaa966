using ContactTrace.Bench.Commands.Trace;
using ContactTrace.Bench.Report;
using Npgsql;

namespace ContactTrace.Bench.Commands.Dense;

/// <summary>
/// The SQL oracle on the dense case, within one time budget: first tier 1 alone (the oracle's policy without tier 2:
/// close contacts and venue-exposed, with their assignment rows — the baseline of "tier 1 durable"), then, its rows
/// deleted again, the full two-tier run (the baseline of "completed"), whose sets are compared person by person with
/// the host's <c>contacts</c> when the host finished.
/// </summary>
internal sealed record class DenseOracle(OracleRun? Tier1, OracleRun? Full, int? Mismatches, TimeSpan Budget, bool OutOfTime)
{
    public bool Skipped => Budget == TimeSpan.Zero;

    public static async Task<DenseOracle> RunAsync(NpgsqlDataSource data, string caseId, TimeSpan budget, bool compare, CancellationToken ct)
    {
        if (budget == TimeSpan.Zero)
        {
            Console.WriteLine("sql: oracle skipped (--oracle-budget 0s)");
            return new DenseOracle(null, null, null, budget, false);
        }

        var oracle = new OracleBaseline(data);
        await oracle.PrepareAsync(ct);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(budget);
        OracleRun? tier1 = null;
        try
        {
            Console.WriteLine($"sql: the oracle on {caseId}, tier 1 alone and then both tiers (budget {Figures.Seconds(budget)})…");
            tier1 = await oracle.RunAsync(caseId, deadline.Token, OracleBaseline.Policy with { TraceSecondaryContacts = false });
            Console.WriteLine($"sql: tier 1 in {Figures.Seconds(tier1.Elapsed)} ({Figures.Count(tier1.Contacts.Count)} persons, {Figures.Count(tier1.Inserted)} assignment rows)");
            await oracle.ForgetAssignmentsAsync(caseId, deadline.Token);
            var full = await oracle.RunAsync(caseId, deadline.Token);
            Console.WriteLine($"sql: both tiers in {Figures.Seconds(full.Elapsed)} ({Figures.Count(full.Contacts.Count)} persons, {Figures.Count(full.Inserted)} assignment rows)");
            var mismatches = compare ? await oracle.CountMismatchesAsync(full, ct) : (int?)null;
            return new DenseOracle(tier1, full, mismatches, budget, false);
        }
        catch (Exception e) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested && e is OperationCanceledException or NpgsqlException)
        {
            Console.WriteLine($"sql: did not finish within {Figures.Seconds(budget)}");
            return new DenseOracle(tier1, null, null, budget, true);
        }
    }
}
