namespace ContactTrace.Oracle;

/// <summary>
/// An independent, set-based SQL implementation of DESIGN.md's tracing rules over the product's own tables
/// (cases, persons, venues, scans). It is the correctness oracle the functional tests compare the grain trace with,
/// and the plain-PostgreSQL baseline the trace benchmark times. See README.md for the rules and resolved points.
/// </summary>
public static partial class TraceOracle
{
    /// <summary>Every person the case reaches, one row each with its most severe category, ordered by person.</summary>
    public static async Task<IReadOnlyList<OracleContact>> ComputeAsync(
        NpgsqlConnection connection,
        string caseId,
        OraclePolicy policy,
        IReadOnlyList<OracleReportedContact> reported,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(reported);

        var tracedCase = await ReadCaseAsync(connection, caseId, cancellationToken);
        var ours = reported.Where(r => r.CaseId == caseId).ToArray();
        var keyed = tracedCase.Household.Concat(ours.Select(r => r.PersonId)).Distinct(StringComparer.Ordinal).ToArray();

        await using var command = new NpgsqlCommand(TraceSql, connection);
        var p = command.Parameters;
        p.AddWithValue("case_person", tracedCase.PersonId);
        p.AddWithValue("case_person_key", OracleKeys.Of(tracedCase.PersonId));
        p.AddWithValue("window_start", NpgsqlDbType.TimestampTz, tracedCase.WindowStart);
        p.AddWithValue("window_end", NpgsqlDbType.TimestampTz, tracedCase.WindowEnd);
        p.Add(new NpgsqlParameter("scan_floor", NpgsqlDbType.TimestampTz)
        {
            Value = policy.MaxStay is { } maxStay ? tracedCase.WindowStart - maxStay : DBNull.Value,
        });
        p.AddWithValue("close_kinds", NpgsqlDbType.Array | NpgsqlDbType.Text, policy.CloseClassKinds.ToArray());
        p.AddWithValue("close_dwell", NpgsqlDbType.Interval, TimeSpan.FromMinutes(policy.CloseVenueDwellMinutes));
        p.AddWithValue("open_dwell", NpgsqlDbType.Interval, TimeSpan.FromMinutes(policy.OpenVenueDwellMinutes));
        p.AddWithValue("min_overlap", NpgsqlDbType.Interval, TimeSpan.FromMinutes(policy.MinOverlapMinutes));
        p.AddWithValue("trace_secondary", policy.TraceSecondaryContacts);
        p.AddWithValue("reported_ids", NpgsqlDbType.Array | NpgsqlDbType.Text, ours.Select(r => r.PersonId).ToArray());
        p.AddWithValue("reported_at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, ours.Select(r => r.At.UtcDateTime).ToArray());
        p.AddWithValue("reported_until", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, ours.Select(r => (r.Until ?? r.At).UtcDateTime).ToArray());
        p.AddWithValue("key_ids", NpgsqlDbType.Array | NpgsqlDbType.Text, keyed);
        p.AddWithValue("key_values", NpgsqlDbType.Array | NpgsqlDbType.Bigint, keyed.Select(OracleKeys.Of).ToArray());

        var contacts = new List<OracleContact>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            contacts.Add(new OracleContact(
                caseId,
                reader.GetString(0),
                reader.GetInt32(1),
                reader.GetString(2),
                reader.GetFieldValue<DateTimeOffset>(3),
                reader.GetFieldValue<DateTimeOffset>(4)));
        }

        return contacts;
    }

    /// <summary>Creates <c>oracle_assignments</c> (the baseline's own table, shaped like <c>assignments</c>) if missing.</summary>
    public static async Task EnsureAssignmentTableAsync(NpgsqlConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = new NpgsqlCommand(CreateAssignmentTableSql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Inserts the assignment rows a hand-written SQL job would produce for the contacts into
    /// <c>oracle_assignments</c>, idempotently; returns how many rows were new.
    /// </summary>
    public static async Task<int> InsertAssignmentsAsync(
        NpgsqlConnection connection,
        string caseId,
        OraclePolicy policy,
        IReadOnlyList<OracleContact> contacts,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(contacts);

        await EnsureAssignmentTableAsync(connection, cancellationToken);
        await using var command = new NpgsqlCommand(InsertAssignmentsSql, connection);
        var p = command.Parameters;
        p.AddWithValue("case_id", caseId);
        p.AddWithValue("person_ids", NpgsqlDbType.Array | NpgsqlDbType.Text, contacts.Select(c => c.PersonId).ToArray());
        p.AddWithValue("categories", NpgsqlDbType.Array | NpgsqlDbType.Text, contacts.Select(c => c.Category).ToArray());
        p.AddWithValue("last_exposures", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, contacts.Select(c => c.LastExposure.UtcDateTime).ToArray());
        p.AddWithValue("centralized_days", policy.CloseContactCentralizedDays);
        p.AddWithValue("follow_up_days", policy.CloseContactFollowUpDays);
        p.AddWithValue("follow_up_kind", policy.CloseContactFollowUpKind);
        p.AddWithValue("secondary_days", policy.SecondaryContactHomeIsolationDays);
        p.AddWithValue("test_days", NpgsqlDbType.Array | NpgsqlDbType.Integer, policy.VenueExposedTestDays.ToArray());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<TracedCase> ReadCaseAsync(NpgsqlConnection connection, string caseId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(CaseSql, connection);
        command.Parameters.AddWithValue("case_id", caseId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException($"No case '{caseId}' in the cases table.");
        }

        return new TracedCase(
            reader.GetString(0),
            reader.GetFieldValue<DateTime>(1),
            reader.GetFieldValue<DateTime>(2),
            reader.GetFieldValue<string[]>(3));
    }
}
