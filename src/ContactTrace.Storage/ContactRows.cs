namespace ContactTrace.Storage;

/// <summary>
/// Rows of <c>contacts</c>, <c>exposures</c> and <c>trace_sources</c> as the trace's writer and the read side both
/// read them, and the stable keys that identify evidence, sources and watches.
/// </summary>
internal static class ContactRows
{
    public static ContactFinding ReadContact(NpgsqlDataReader reader) =>
        new(reader.GetString(0), reader.GetInt16(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4), [], reader.GetInt32(5));

    public static ContactWindow? ReadWindow(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null
            : new ContactWindow(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(ordinal), reader.GetNullableTime(ordinal + 1), reader.GetString(ordinal + 2));

    /// <summary>Evidence rows with the sources they refer to, oldest first.</summary>
    public static async Task<List<(string CaseId, string PersonId, Exposure Exposure)>> ReadExposuresAsync(
        NpgsqlConnection connection, string where, CancellationToken cancellationToken, params object?[] values)
    {
        await using var command = connection.Command(null, $"""
            SELECT e.case_id, e.person_id, e.kind, e.venue_id, e.exposed_from, e.exposed_until, e.via_person_id, e.setting,
                   e.source_count, e.visit_from, s.person_id, s.venue_id, s.source_from, s.source_until
            FROM exposures e LEFT JOIN trace_sources s ON s.case_id = e.case_id AND s.source_key = e.source_key
            WHERE {where}
            ORDER BY e.exposed_from, e.exposure_key
            """, values);
        var rows = new List<(string, string, Exposure)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var source = reader.IsDBNull(10) ? null : new SourcePresence(reader.GetString(10), reader.GetString(11),
                reader.GetFieldValue<DateTimeOffset>(12), reader.GetFieldValue<DateTimeOffset>(13));
            rows.Add((reader.GetString(0), reader.GetString(1), new Exposure(reader.GetString(2), reader.GetNullableString(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.GetFieldValue<DateTimeOffset>(5), reader.GetNullableString(6), reader.GetNullableString(7),
                reader.GetInt32(8), source, reader.GetNullableTime(9))));
        }

        return rows;
    }

    public static long ExposureKey(Exposure e) => StableKeys.Of(e.Identity);

    public static long SourceKey(SourcePresence s) => StableKeys.Of(s.Identity);

    public static long WatchKey(string kind, string id) => StableKeys.Of($"{kind}:{id}");
}
