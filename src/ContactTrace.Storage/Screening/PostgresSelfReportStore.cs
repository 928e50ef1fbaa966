using ContactTrace.Queries;
using ContactTrace.Screening;

namespace ContactTrace.Storage.Screening;

/// <summary>Self-reports in PostgreSQL, keyed by report id; the open ones are read oldest first through their own index.</summary>
public sealed class PostgresSelfReportStore(NpgsqlDataSource dataSource) : ISelfReportStore
{
    private const string Columns = """
        report_id, phone, person_id, venue_id, at, note, case_id, received_at, status,
        resolved_at, resolved_by, resolved_case_id, resolved_person_id, reason
        """;

    public async Task<SelfReport> AddAsync(SelfReport report, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var insert = connection.Command(null, """
            INSERT INTO self_reports (report_id, phone, person_id, venue_id, at, note, case_id, received_at, status)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (report_id) DO NOTHING
            """, report.ReportId, report.Phone, report.PersonId, report.VenueId, report.At.Utc(), report.Note, report.CaseId, report.ReceivedAt.Utc(), report.Status))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        return (await ReadAsync(connection, "report_id = $1", cancellationToken, report.ReportId)).Single();
    }

    public async Task<SelfReport?> GetAsync(string reportId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await ReadAsync(connection, "report_id = $1", cancellationToken, reportId)).SingleOrDefault();
    }

    public async Task<IReadOnlyList<SelfReport>> ListAsync(string? status, ListKey? after, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ReadAsync(connection, """
            ($1::text IS NULL OR status = $1) AND ($2::timestamptz IS NULL OR (received_at, report_id) > ($2, $3))
            ORDER BY received_at, report_id LIMIT $4
            """, cancellationToken, status, after?.At.Utc(), after?.Id, limit);
    }

    public async Task<SelfReport?> ResolveAsync(SelfReport resolved, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var update = connection.Command(null, """
            UPDATE self_reports SET status = $2, resolved_at = $3, resolved_by = $4, resolved_case_id = $5, resolved_person_id = $6, reason = $7
            WHERE report_id = $1 AND status = 'open'
            """, resolved.ReportId, resolved.Status, resolved.ResolvedAt?.Utc(), resolved.ResolvedBy, resolved.ResolvedCaseId, resolved.ResolvedPersonId, resolved.Reason))
        {
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        return (await ReadAsync(connection, "report_id = $1", cancellationToken, resolved.ReportId)).SingleOrDefault();
    }

    private static async Task<List<SelfReport>> ReadAsync(NpgsqlConnection connection, string where, CancellationToken cancellationToken, params object?[] values)
    {
        await using var select = connection.Command(null, $"SELECT {Columns} FROM self_reports WHERE {where}", values);
        var reports = new List<SelfReport>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            reports.Add(new SelfReport(reader.GetString(0), reader.GetNullableString(1), reader.GetNullableString(2), reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.GetNullableString(5), reader.GetNullableString(6), reader.GetFieldValue<DateTimeOffset>(7),
                reader.GetString(8), reader.GetNullableTime(9), reader.GetNullableString(10), reader.GetNullableString(11), reader.GetNullableString(12),
                reader.GetNullableString(13)));
        }

        return reports;
    }
}
