using System.Collections.Immutable;
using ContactTrace.Policy;
using ContactTrace.Registry;
using ContactTrace.Tracing;
using Npgsql;
using NpgsqlTypes;

namespace ContactTrace.Bench.Commands.Chain;

internal static partial class OutbreakCopy
{
    /// <summary>
    /// Every contact's management as its case's trace set it (updated at the trace's time), and every case's
    /// person as reporting the case set it (ManagementRules.BecomeCase: since the report, updated then).
    /// </summary>
    private static async Task ManagementsAsync(NpgsqlConnection connection, Outbreak outbreak, CancellationToken ct)
    {
        var tracedAt = TracedAt(outbreak);
        var managements = outbreak.Cases.Select(c => (c.PersonId, Category: ManagementCategory.Case, Since: c.ReportedAt, Until: (DateTimeOffset?)null, c.CaseId, Updated: c.ReportedAt))
            .Concat(outbreak.Contacts.Select(c => (Contact: c, Plan: Plan(c.PersonId, c.CaseId, c.Category, c.Exposure.Until)))
                .Select(p => (p.Contact.PersonId, p.Contact.Category, Since: p.Plan[0].Start, Until: (DateTimeOffset?)p.Plan[^1].End, p.Contact.CaseId, Updated: tracedAt[p.Contact.CaseId])));
        await CopyAsync(connection, "managements (person_id, category, since, until, case_id, updated_at)", managements, async (w, m) =>
        {
            await w.WriteAsync(m.PersonId, NpgsqlDbType.Text, ct);
            await w.WriteAsync(m.Category, NpgsqlDbType.Text, ct);
            await WriteTimeAsync(w, m.Since, ct);
            await WriteTimeAsync(w, m.Until, ct);
            await w.WriteAsync(m.CaseId, NpgsqlDbType.Text, ct);
            await WriteTimeAsync(w, m.Updated, ct);
        }, ct);
    }

    /// <summary>
    /// The assignments of every contact, and of every case's person from when it was its source's close contact
    /// (when that trace completed before the report), replayed up to now (<see cref="AssignmentHistory"/>). The
    /// feed items the host's store would have appended, change by change, go in after them, numbered per hotel in
    /// time order from the hotel's cursor, which is then moved on: the feed is what the host would serve.
    /// </summary>
    private static async Task<(int Rows, int FeedItems)> AssignmentsAsync(NpgsqlConnection connection, Outbreak outbreak, CancellationToken ct)
    {
        var now = ManagementRules.ToMicroseconds(DateTimeOffset.UtcNow);
        var tracedAt = TracedAt(outbreak);
        var cases = outbreak.Cases.ToDictionary(c => c.CaseId, StringComparer.Ordinal);
        var ofContacts = outbreak.Contacts.SelectMany(c => Plan(c.PersonId, c.CaseId, c.Category, c.Exposure.Until)
            .Select(a => AssignmentHistory.Replay(a, HotelOf(c.District), tracedAt[c.CaseId], null, now)));
        var ofCasePersons = outbreak.Cases.Where(c => c.Source is not null && tracedAt[c.Source] < c.ReportedAt)
            .SelectMany(c => Plan(c.PersonId, c.Source!, ManagementCategory.CloseContact, c.SourceExposure!.Until)
                .Select(a => AssignmentHistory.Replay(a, HotelOf(c.District), tracedAt[c.Source!], c.ReportedAt, now)));
        List<HostAssignment> rows = [.. ofContacts, .. ofCasePersons];

        await CopyAsync(connection, "assignments (assignment_id, person_id, case_id, kind, hotel_id, starts_at, ends_at, status, checked_in_at, checked_out_at, created_at, updated_at, queued_at, placed_at, ended_at, takes_room)", rows, async (w, row) =>
        {
            var (r, a) = (row.Record, row.Record.Assignment);
            await w.WriteAsync(a.AssignmentId, NpgsqlDbType.Text, ct);
            await w.WriteAsync(a.PersonId, NpgsqlDbType.Text, ct);
            await w.WriteAsync(a.CaseId, NpgsqlDbType.Text, ct);
            await w.WriteAsync(a.Kind, NpgsqlDbType.Text, ct);
            await WriteTextAsync(w, a.HotelId, ct);
            await WriteTimeAsync(w, a.Start, ct);
            await WriteTimeAsync(w, a.End, ct);
            await w.WriteAsync(a.Status, NpgsqlDbType.Text, ct);
            await WriteTimeAsync(w, r.CheckedInAt, ct);
            await WriteTimeAsync(w, r.CheckedOutAt, ct);
            await WriteTimeAsync(w, r.CreatedAt, ct);
            await WriteTimeAsync(w, row.UpdatedAt, ct);
            await WriteTimeAsync(w, r.QueuedAt, ct);
            await WriteTimeAsync(w, r.PlacedAt, ct);
            await WriteTimeAsync(w, r.EndedAt, ct);
            await w.WriteAsync(r.TakesRoom, NpgsqlDbType.Boolean, ct);
        }, ct);

        var feedItems = await FeedAsync(connection, rows, ct);
        return (rows.Count, feedItems);
    }

    private static async Task<int> FeedAsync(NpgsqlConnection connection, List<HostAssignment> rows, CancellationToken ct)
    {
        var cursors = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var read = new NpgsqlCommand("SELECT hotel_id, feed_cursor FROM hotels", connection))
        await using (var reader = await read.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                cursors[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        // Stable sort: one assignment's changes keep their order even at the same instant.
        var items = new List<(HostFeedItem Item, long Cursor)>();
        foreach (var item in rows.SelectMany(r => r.Feed).OrderBy(f => f.RecordedAt).ThenBy(f => f.Assignment.AssignmentId, StringComparer.Ordinal))
        {
            var cursor = cursors.GetValueOrDefault(item.HotelId) + 1;
            cursors[item.HotelId] = cursor;
            items.Add((item, cursor));
        }

        await CopyAsync(connection, "assignment_feed (hotel_id, cursor, assignment_id, person_id, case_id, kind, status, starts_at, ends_at, recorded_at)", items, async (w, x) =>
        {
            var (f, a) = (x.Item, x.Item.Assignment);
            await w.WriteAsync(f.HotelId, NpgsqlDbType.Text, ct);
            await w.WriteAsync(x.Cursor, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(a.AssignmentId, NpgsqlDbType.Text, ct);
            await w.WriteAsync(a.PersonId, NpgsqlDbType.Text, ct);
            await w.WriteAsync(a.CaseId, NpgsqlDbType.Text, ct);
            await w.WriteAsync(a.Kind, NpgsqlDbType.Text, ct);
            await w.WriteAsync(a.Status, NpgsqlDbType.Text, ct);
            await WriteTimeAsync(w, a.Start, ct);
            await WriteTimeAsync(w, a.End, ct);
            await WriteTimeAsync(w, f.RecordedAt, ct);
        }, ct);

        await using var move = new NpgsqlCommand("""
            UPDATE hotels AS h SET feed_cursor = u.cursor
            FROM unnest($1::text[], $2::bigint[]) AS u(hotel_id, cursor)
            WHERE h.hotel_id = u.hotel_id AND h.feed_cursor < u.cursor
            """, connection);
        move.Parameters.Add(new NpgsqlParameter { Value = cursors.Keys.ToArray() });
        move.Parameters.Add(new NpgsqlParameter { Value = cursors.Values.ToArray() });
        await move.ExecuteNonQueryAsync(ct);
        return items.Count;
    }

    // As ManagementRules.Apply plans it: from the last exposure in whole microseconds, under the default policy.
    private static ImmutableArray<Assignment> Plan(string personId, string caseId, string category, DateTimeOffset lastExposure) =>
        ManagementRules.Plan(personId, caseId, category, ManagementRules.ToMicroseconds(lastExposure), TracingPolicies.NationalV9);

    private static Dictionary<string, DateTimeOffset> TracedAt(Outbreak outbreak) =>
        outbreak.Cases.ToDictionary(c => c.CaseId, c => c.TracedAt, StringComparer.Ordinal);
}
