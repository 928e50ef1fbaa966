using System.Globalization;
using System.Text;
using ContactTrace.Oracle;
using Npgsql;

namespace ContactTrace.Host.FunctionalTests;

/// <summary>
/// Compares what the grain trace wrote to the contacts table with what the SQL oracle computes from the same
/// tables, person by person, tier by tier, category by category; on a mismatch, says exactly where and why.
/// </summary>
internal static class OracleComparison
{
    private const int DetailedPersons = 12;

    /// <summary>
    /// Asserts agreement for every case. The trace may still be applying a late input (a reported contact, a late
    /// scan), so a mismatch is re-checked for a bounded time before it fails.
    /// </summary>
    public static async Task AssertAgreesAsync(
        string connectionString, IReadOnlyList<string> caseIds, OraclePolicy policy, IReadOnlyList<OracleReportedContact> reported, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            var diffs = new List<string>();
            foreach (var caseId in caseIds)
            {
                if (await DiffAsync(connectionString, caseId, policy, reported, ct) is { } diff)
                {
                    diffs.Add(diff);
                }
            }

            if (diffs.Count == 0)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"The grain trace and the SQL oracle disagree ({policy.Preset}):\n{string.Join("\n", diffs)}");
            }

            await Task.Delay(500, ct);
        }
    }

    /// <summary>Null when the contacts table and the oracle agree on the case; else a precise, readable diff.</summary>
    public static async Task<string?> DiffAsync(
        string connectionString, string caseId, OraclePolicy policy, IReadOnlyList<OracleReportedContact> reported, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        var expected = (await TraceOracle.ComputeAsync(connection, caseId, policy, reported, ct)).ToDictionary(c => c.PersonId, StringComparer.Ordinal);
        var actual = await GrainContactsAsync(connection, caseId, ct);
        Log($"{policy.Preset} {caseId}: grain {Counts(actual.Values.Select(a => a.Category))} · oracle {Counts(expected.Values.Select(e => e.Category))}");

        var differing = expected.Keys.Union(actual.Keys)
            .Where(id => !expected.TryGetValue(id, out var e) || !actual.TryGetValue(id, out var a) || e.Tier != a.Tier || e.Category != a.Category)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (differing.Count == 0)
        {
            return null;
        }

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"case {caseId}: {differing.Count} person(s) differ; {await WindowAsync(connection, caseId, ct)}");
        foreach (var personId in differing.Take(DetailedPersons))
        {
            var grain = actual.TryGetValue(personId, out var a) ? $"tier {a.Tier} {a.Category}" : "absent";
            var oracle = expected.TryGetValue(personId, out var e) ? $"tier {e.Tier} {e.Category} (evidence {e.FirstExposure:u} – {e.LastExposure:u})" : "absent";
            text.AppendLine(CultureInfo.InvariantCulture, $"  {personId}: grain {grain}; oracle {oracle}");
            text.Append(await EvidenceAsync(connection, caseId, personId, ct));
        }

        if (differing.Count > DetailedPersons)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  … and {differing.Count - DetailedPersons} more: {string.Join(", ", differing.Skip(DetailedPersons).Take(50))}");
        }

        return text.ToString();
    }

    public static async Task<Dictionary<string, (int Tier, string Category)>> GrainContactsAsync(NpgsqlConnection connection, string caseId, CancellationToken ct)
    {
        const string sql = """
            SELECT person_id, tier, category FROM contacts WHERE case_id = @case_id
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("case_id", caseId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new Dictionary<string, (int, string)>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
        {
            rows[reader.GetString(0)] = (reader.GetInt16(1), reader.GetString(2));
        }

        return rows;
    }

    private static async Task<string> WindowAsync(NpgsqlConnection connection, string caseId, CancellationToken ct)
    {
        const string sql = """
            SELECT person_id, window_start, window_end, trace_status FROM cases WHERE case_id = @case_id
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("case_id", caseId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? string.Create(CultureInfo.InvariantCulture, $"case person {reader.GetString(0)}, window {reader.GetFieldValue<DateTimeOffset>(1):u} – {reader.GetFieldValue<DateTimeOffset>(2):u}, trace {reader.GetString(3)}")
            : "no cases row";
    }

    /// <summary>The product's recorded exposures of the person for the case, and the person's scans.</summary>
    private static async Task<string> EvidenceAsync(NpgsqlConnection connection, string caseId, string personId, CancellationToken ct)
    {
        const string sql = """
            SELECT 'exposure ' || kind || coalesce(' at ' || venue_id, '') || coalesce(' via ' || via_person_id, '')
                   || ' ' || to_char(exposed_from AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' – '
                   || to_char(exposed_until AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')
              FROM exposures WHERE case_id = @case_id AND person_id = @person_id
            UNION ALL
            SELECT * FROM (
                SELECT 'scan at ' || s.venue_id || ' (' || coalesce(v.kind, '?') || ') '
                       || to_char(s.scanned_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' – '
                       || coalesce(to_char(s.left_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), 'no leftAt')
                  FROM scans AS s LEFT JOIN venues AS v ON v.venue_id = s.venue_id
                 WHERE s.person_id = @person_id
                 ORDER BY s.scanned_at
                 LIMIT 12) AS person_scans
            UNION ALL
            SELECT 'household ' || household_id FROM persons WHERE person_id = @person_id AND household_id IS NOT NULL
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("case_id", caseId);
        command.Parameters.AddWithValue("person_id", personId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var text = new StringBuilder();
        while (await reader.ReadAsync(ct))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"      {reader.GetString(0)}");
        }

        return text.ToString();
    }

    private static string Counts(IEnumerable<string> categories)
    {
        var list = categories.ToList();
        return string.Create(CultureInfo.InvariantCulture,
            $"{list.Count(c => c == OracleCategories.CloseContact)} close / {list.Count(c => c == OracleCategories.SecondaryContact)} secondary / {list.Count(c => c == OracleCategories.VenueExposed)} venue-exposed");
    }

    private static void Log(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);
}
