namespace ContactTrace.Storage;

/// <summary>
/// The <c>assignments</c> table under <see cref="AssignmentLifecycle"/>: rows locked and read as records, the rule's
/// changes written back, and each change at a hotel appended to the hotel's feed with the hotel's next cursor, taken
/// under the hotel's row lock in the same transaction (the feed has no gaps). The rule is the C#; this is the locking.
/// </summary>
internal static class AssignmentRows
{
    private const string Columns =
        "assignment_id, person_id, case_id, kind, hotel_id, starts_at, ends_at, status, created_at, queued_at, checked_in_at, checked_out_at, placed_at, ended_at";

    /// <summary>
    /// Locks the rows <paramref name="where"/> selects (in person order) and reads them, with the transaction's time:
    /// the database's clock, which stamps when an assignment was placed or ended.
    /// </summary>
    public static async Task<(DateTimeOffset Now, List<AssignmentRecord> Records)> LockAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string where, CancellationToken cancellationToken, params object?[] values)
    {
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("SELECT now()"),
                WithValues(new NpgsqlBatchCommand($"""
                    SELECT {Columns} FROM assignments WHERE {where}
                    ORDER BY person_id, starts_at, assignment_id
                    FOR UPDATE
                    """), values),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var now = reader.GetFieldValue<DateTimeOffset>(0);
        await reader.NextResultAsync(cancellationToken);
        var records = new List<AssignmentRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(Read(reader));
        }

        return (now, records);
    }

    /// <summary>Writes the changes back (the rows are locked) and appends those at a hotel to its feed, in their order.</summary>
    public static async Task WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyCollection<AssignmentTransition> changes, CancellationToken cancellationToken)
    {
        if (changes.Count == 0)
        {
            return;
        }

        var after = changes.Select(c => c.After).ToList();
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                WithValues(new NpgsqlBatchCommand("""
                    UPDATE assignments AS a
                    SET hotel_id = u.hotel_id, status = u.status, starts_at = u.starts_at, ends_at = u.ends_at,
                        checked_in_at = u.checked_in_at, checked_out_at = u.checked_out_at, placed_at = u.placed_at, ended_at = u.ended_at,
                        takes_room = u.takes_room, reason = coalesce(u.reason, a.reason), updated_at = now()
                    FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::timestamptz[],
                                $7::timestamptz[], $8::timestamptz[], $9::timestamptz[], $10::boolean[], $11::text[])
                         AS u(assignment_id, hotel_id, status, starts_at, ends_at, checked_in_at, checked_out_at, placed_at, ended_at, takes_room, reason)
                    WHERE a.assignment_id = u.assignment_id
                    """),
                    after.Select(r => r.Assignment.AssignmentId).ToArray(),
                    after.Select(r => r.Assignment.HotelId).ToArray(),
                    after.Select(r => r.Assignment.Status).ToArray(),
                    after.Select(r => r.Assignment.Start.Utc()).ToArray(),
                    after.Select(r => r.Assignment.End.Utc()).ToArray(),
                    after.Select(r => r.CheckedInAt?.Utc()).ToArray(),
                    after.Select(r => r.CheckedOutAt?.Utc()).ToArray(),
                    after.Select(r => r.PlacedAt?.Utc()).ToArray(),
                    after.Select(r => r.EndedAt?.Utc()).ToArray(),
                    after.Select(r => r.TakesRoom).ToArray(),
                    changes.Select(c => c.Reason).ToArray()),
            },
        };

        var feed = changes.Where(c => c.FeedHotelId is not null).ToList();
        if (feed.Count > 0)
        {
            string[] hotels = [.. feed.Select(c => c.FeedHotelId!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
            var items = feed.Select(c => c.After.Assignment).ToList();
            // Hotels locked in id order, so that two writers reaching the same hotels never wait on each other in a circle.
            batch.BatchCommands.Add(WithValues(new NpgsqlBatchCommand("SELECT hotel_id FROM hotels WHERE hotel_id = ANY($1) ORDER BY hotel_id FOR UPDATE"), (object)hotels));
            batch.BatchCommands.Add(WithValues(new NpgsqlBatchCommand("""
                WITH item AS (
                         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::timestamptz[], $9::text[])
                              WITH ORDINALITY AS i(hotel_id, assignment_id, person_id, case_id, kind, status, starts_at, ends_at, reason, position)),
                     counted AS (SELECT hotel_id, count(*) AS n FROM item GROUP BY hotel_id),
                     numbered AS (
                         UPDATE hotels AS h SET feed_cursor = h.feed_cursor + c.n FROM counted c WHERE h.hotel_id = c.hotel_id
                         RETURNING h.hotel_id, h.feed_cursor - c.n AS base)
                INSERT INTO assignment_feed (hotel_id, cursor, assignment_id, person_id, case_id, kind, status, starts_at, ends_at, reason)
                SELECT i.hotel_id, n.base + row_number() OVER (PARTITION BY i.hotel_id ORDER BY i.position),
                       i.assignment_id, i.person_id, i.case_id, i.kind, i.status, i.starts_at, i.ends_at, i.reason
                FROM item i JOIN numbered n ON n.hotel_id = i.hotel_id
                """),
                feed.Select(c => c.FeedHotelId).ToArray(),
                items.Select(a => a.AssignmentId).ToArray(),
                items.Select(a => a.PersonId).ToArray(),
                items.Select(a => a.CaseId).ToArray(),
                items.Select(a => a.Kind).ToArray(),
                items.Select(a => a.Status).ToArray(),
                items.Select(a => a.Start.Utc()).ToArray(),
                items.Select(a => a.End.Utc()).ToArray(),
                feed.Select(c => c.Reason).ToArray()));
            batch.BatchCommands.Add(WithValues(new NpgsqlBatchCommand("SELECT pg_notify('contacttrace_feed', hotel_id) FROM unnest($1::text[]) AS h(hotel_id)"), (object)hotels));
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Reads a row of <see cref="Columns"/> as a record.</summary>
    public static AssignmentRecord Read(NpgsqlDataReader reader) => new(
        new Assignment(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetNullableString(4),
            reader.GetFieldValue<DateTimeOffset>(5), reader.GetFieldValue<DateTimeOffset>(6), reader.GetString(7)),
        reader.GetFieldValue<DateTimeOffset>(8), reader.GetFieldValue<DateTimeOffset>(9),
        reader.GetNullableTime(10), reader.GetNullableTime(11), reader.GetNullableTime(12), reader.GetNullableTime(13));

    private static NpgsqlBatchCommand WithValues(NpgsqlBatchCommand command, params object?[] values)
    {
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }
}
