using ContactTrace.Bench.Loading;
using ContactTrace.Bench.Report;
using Npgsql;
using NpgsqlTypes;

namespace ContactTrace.Bench.Commands.Chain;

/// <summary>
/// Writes an outbreak into the host's tables as the host would have after tracing every case (columns of the
/// 0002/0004/0005/0006 migrations, values as the host's PostgreSQL stores write them): persons; cases with their
/// resolved window, source and cluster; contacts with identified_at; exposures keyed as the host keys them,
/// including the evidence of each link (a case's person stays in its source's exposures but, being a case, not
/// in its contacts: reporting the case re-traces its source); managements; and the assignments ManagementRules
/// plans, with what the host did to them since (<see cref="AssignmentHistory"/>) and the hotel feed that made.
/// </summary>
internal static partial class OutbreakCopy
{
    public static string HotelOf(string district) => $"oc-hotel-{district}";

    public static async Task WriteAsync(NpgsqlDataSource data, Outbreak outbreak, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = await data.OpenConnectionAsync(ct);
        await PersonsAsync(connection, outbreak, ct);
        await CasesAsync(connection, outbreak, ct);
        await ContactsAsync(connection, outbreak, ct);
        await ExposuresAsync(connection, outbreak, ct);
        await ManagementsAsync(connection, outbreak, ct);
        var assignments = await AssignmentsAsync(connection, outbreak, ct);
        await using (var analyze = new NpgsqlCommand("ANALYZE persons; ANALYZE cases; ANALYZE contacts; ANALYZE exposures; ANALYZE managements; ANALYZE assignments; ANALYZE assignment_feed;", connection))
        {
            await analyze.ExecuteNonQueryAsync(ct);
        }

        Console.WriteLine($"outbreak: {Figures.Count(outbreak.Cases.Count)} cases, {Figures.Count(outbreak.Contacts.Count)} contacts, {Figures.Count(assignments.Rows)} assignments, {Figures.Count(assignments.FeedItems)} feed items by COPY (and ANALYZE) in {Figures.Seconds(clock.Elapsed)}");
    }

    private static async Task PersonsAsync(NpgsqlConnection connection, Outbreak outbreak, CancellationToken ct)
    {
        var rows = outbreak.Cases.Select(c => (c.PersonId, c.District, c.HouseholdId))
            .Concat(outbreak.Contacts.Select(c => (c.PersonId, c.District, c.HouseholdId)));
        await CopyAsync(connection, "persons (person_id, district, household_id)", rows, async (w, r) =>
        {
            await w.WriteAsync(r.PersonId, NpgsqlDbType.Text, ct);
            await w.WriteAsync(r.District, NpgsqlDbType.Text, ct);
            await w.WriteAsync(r.HouseholdId, NpgsqlDbType.Text, ct);
        }, ct);
    }

    private static async Task CasesAsync(NpgsqlConnection connection, Outbreak outbreak, CancellationToken ct)
    {
        // Reporting a case re-traces its source: the source's trace last completed just after its last such report.
        var retraced = outbreak.Cases.Where(c => c.Source is not null).GroupBy(c => c.Source!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Max(c => c.ReportedAt) + OutbreakCase.TraceTime, StringComparer.Ordinal);
        var counts = outbreak.Contacts.GroupBy(c => c.CaseId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (Close: g.Count(c => c.Tier == 1), Secondary: g.Count(c => c.Tier == 2)), StringComparer.Ordinal);
        await CopyAsync(connection, """
            cases (case_id, person_id, classification, converted_at, district, discovery_channel, sampled_at, onset_at, reported_at,
                   window_start, window_end, sources, cluster_id, trace_status, close_contacts, secondary_contacts, venue_exposed, trace_completed_at)
            """, outbreak.Cases, async (w, c) =>
        {
            await w.WriteAsync(c.CaseId, NpgsqlDbType.Text, ct);
            await w.WriteAsync(c.PersonId, NpgsqlDbType.Text, ct);
            await w.WriteAsync(c.Classification, NpgsqlDbType.Text, ct);
            await WriteTimeAsync(w, c.ConvertedAt, ct);
            await w.WriteAsync(c.District, NpgsqlDbType.Text, ct);
            await w.WriteAsync(c.Channel, NpgsqlDbType.Text, ct);
            await WriteTimeAsync(w, c.SampledAt, ct);
            await w.WriteNullAsync(ct);
            await WriteTimeAsync(w, c.ReportedAt, ct);
            await WriteTimeAsync(w, c.WindowStart, ct);
            await WriteTimeAsync(w, c.WindowEnd, ct);
            await w.WriteAsync(c.Source is null ? Array.Empty<string>() : [c.Source], NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
            await w.WriteAsync(outbreak.ClusterId, NpgsqlDbType.Text, ct);
            await w.WriteAsync("completed", NpgsqlDbType.Text, ct);
            var (close, secondary) = counts.GetValueOrDefault(c.CaseId);
            await w.WriteAsync(close, NpgsqlDbType.Integer, ct);
            await w.WriteAsync(secondary, NpgsqlDbType.Integer, ct);
            await w.WriteAsync(0, NpgsqlDbType.Integer, ct);
            await WriteTimeAsync(w, retraced.TryGetValue(c.CaseId, out var last) && last > c.TracedAt ? last : c.TracedAt, ct);
        }, ct);
    }

    private static async Task ContactsAsync(NpgsqlConnection connection, Outbreak outbreak, CancellationToken ct)
    {
        var tracedAt = outbreak.Cases.ToDictionary(c => c.CaseId, c => c.TracedAt, StringComparer.Ordinal);
        await CopyAsync(connection, "contacts (case_id, person_id, tier, category, first_exposure, last_exposure, identified_at)", outbreak.Contacts, async (w, c) =>
        {
            await w.WriteAsync(c.CaseId, NpgsqlDbType.Text, ct);
            await w.WriteAsync(c.PersonId, NpgsqlDbType.Text, ct);
            await w.WriteAsync((short)c.Tier, NpgsqlDbType.Smallint, ct);
            await w.WriteAsync(c.Category, NpgsqlDbType.Text, ct);
            await WriteTimeAsync(w, c.Exposure.From, ct);
            await WriteTimeAsync(w, c.Exposure.Until, ct);
            await WriteTimeAsync(w, tracedAt[c.CaseId], ct);
        }, ct);
    }

    private static async Task ExposuresAsync(NpgsqlConnection connection, Outbreak outbreak, CancellationToken ct)
    {
        var links = outbreak.Cases.Where(c => c.Source is not null).Select(c => (CaseId: c.Source!, c.PersonId, Exposure: c.SourceExposure!));
        var rows = outbreak.Contacts.Select(c => (c.CaseId, c.PersonId, c.Exposure)).Concat(links);
        await CopyAsync(connection, "exposures (case_id, person_id, exposure_key, kind, venue_id, via_person_id, setting, exposed_from, exposed_until)", rows, async (w, r) =>
        {
            var e = r.Exposure;
            await w.WriteAsync(r.CaseId, NpgsqlDbType.Text, ct);
            await w.WriteAsync(r.PersonId, NpgsqlDbType.Text, ct);
            await w.WriteAsync(HostKeys.Exposure(e.Kind, e.VenueId, e.ViaPersonId, null, e.From, e.Until), NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(e.Kind, NpgsqlDbType.Text, ct);
            await WriteTextAsync(w, e.VenueId, ct);
            await WriteTextAsync(w, e.ViaPersonId, ct);
            await w.WriteNullAsync(ct);
            await WriteTimeAsync(w, e.From, ct);
            await WriteTimeAsync(w, e.Until, ct);
        }, ct);
    }

    private static async Task CopyAsync<T>(NpgsqlConnection connection, string target, IEnumerable<T> rows, Func<NpgsqlBinaryImporter, T, Task> write, CancellationToken ct)
    {
        await using var writer = await connection.BeginBinaryImportAsync($"COPY {target} FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows)
        {
            await writer.StartRowAsync(ct);
            await write(writer, row);
        }

        await writer.CompleteAsync(ct);
    }

    private static Task WriteTimeAsync(NpgsqlBinaryImporter writer, DateTimeOffset? time, CancellationToken ct) =>
        time is { } t ? writer.WriteAsync(t.UtcDateTime, NpgsqlDbType.TimestampTz, ct) : writer.WriteNullAsync(ct);

    private static Task WriteTextAsync(NpgsqlBinaryImporter writer, string? text, CancellationToken ct) =>
        text is null ? writer.WriteNullAsync(ct) : writer.WriteAsync(text, NpgsqlDbType.Text, ct);
}
