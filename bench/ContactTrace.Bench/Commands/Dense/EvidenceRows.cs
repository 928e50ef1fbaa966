using Npgsql;

namespace ContactTrace.Bench.Commands.Dense;

/// <summary>
/// The rows a trace wrote for one case: its <c>contacts</c> (one per person reached), its <c>exposures</c> (the
/// evidence), and its <c>trace_sources</c> when the schema has that table (the evidence model of issue 11). A
/// <c>trace_sources</c> without a <c>case_id</c> column is counted whole, which is the same in a run of one case.
/// </summary>
internal sealed record class EvidenceRows(long Contacts, long Exposures, long? TraceSources, string TraceSourcesNote)
{
    public long Evidence => Exposures + (TraceSources ?? 0);

    public static async Task<EvidenceRows> CountAsync(NpgsqlDataSource data, string caseId, CancellationToken ct)
    {
        var contacts = await CountAsync(data, "SELECT count(*) FROM contacts WHERE case_id = $1", caseId, ct);
        var exposures = await CountAsync(data, "SELECT count(*) FROM exposures WHERE case_id = $1", caseId, ct);
        if (await CountAsync(data, "SELECT count(*) FROM (SELECT to_regclass('trace_sources') AS t) AS r WHERE r.t IS NOT NULL", null, ct) == 0)
        {
            return new EvidenceRows(contacts, exposures, null, "no trace_sources table");
        }

        try
        {
            return new EvidenceRows(contacts, exposures, await CountAsync(data, "SELECT count(*) FROM trace_sources WHERE case_id = $1", caseId, ct), "trace_sources rows of the case");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedColumn)
        {
            return new EvidenceRows(contacts, exposures, await CountAsync(data, "SELECT count(*) FROM trace_sources", null, ct), "all trace_sources rows (no case_id column; one case in this run)");
        }
    }

    private static async Task<long> CountAsync(NpgsqlDataSource data, string sql, string? caseId, CancellationToken ct)
    {
        await using var command = data.CreateCommand(sql);
        if (caseId is not null)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = caseId });
        }

        return (long)(await command.ExecuteScalarAsync(ct))!;
    }
}
