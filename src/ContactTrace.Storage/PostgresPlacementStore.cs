namespace ContactTrace.Storage;

/// <summary>
/// Rooms, placements and the guests' stays in PostgreSQL. Each step locks what it changes — the hotel's row for a
/// placement, the assignments' rows — lets <see cref="AssignmentLifecycle"/> decide, and writes the change with its
/// feed item (<see cref="AssignmentRows"/>): capacity and feed order are enforced in the database.
/// </summary>
public sealed class PostgresPlacementStore(NpgsqlDataSource dataSource) : IPlacementStore
{
    // The hotel's row lock makes concurrent placements at one hotel queue, whoever calls; the rooms taken are
    // counted under it, the waiting assignments locked, and the rule places as many as there are free rooms.
    public Task<IReadOnlyList<string>> PlaceAsync(string hotelId, IReadOnlyList<string> assignmentIds, CancellationToken cancellationToken = default) =>
        dataSource.InTransactionAsync<IReadOnlyList<string>>(async (connection, transaction) =>
        {
            int capacity, taken;
            await using (var hotel = connection.Command(transaction, "SELECT capacity FROM hotels WHERE hotel_id = $1 FOR UPDATE", hotelId))
            {
                if (await hotel.ExecuteScalarAsync(cancellationToken) is not int rooms)
                {
                    return [];
                }

                capacity = rooms;
            }

            await using (var count = connection.Command(transaction, "SELECT count(*) FROM assignments WHERE hotel_id = $1 AND takes_room", hotelId))
            {
                taken = (int)(long)(await count.ExecuteScalarAsync(cancellationToken))!;
            }

            if (taken >= capacity)
            {
                return [];
            }

            var ids = assignmentIds.Distinct(StringComparer.Ordinal).ToArray();
            var (now, waiting) = await AssignmentRows.LockAsync(connection, transaction, "assignment_id = ANY($1)", cancellationToken, (object)ids);
            var order = ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i, StringComparer.Ordinal);
            var placed = AssignmentLifecycle.Place(hotelId, capacity, taken, waiting.OrderBy(r => order[r.Assignment.AssignmentId]), now);
            await AssignmentRows.WriteAsync(connection, transaction, placed, cancellationToken);
            return [.. placed.Select(t => t.After.Assignment.AssignmentId)];
        }, cancellationToken);

    public async Task<HotelOccupancy> GetOccupancyAsync(string hotelId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT (SELECT count(*) FROM assignments a WHERE a.hotel_id = h.hotel_id AND a.takes_room),
                   (SELECT count(*) FROM assignments a JOIN persons p ON p.person_id = a.person_id
                    WHERE a.status = 'awaiting-capacity' AND p.district = h.district)
            FROM hotels h WHERE h.hotel_id = $1
            """).WithValues(hotelId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new HotelOccupancy((int)reader.GetInt64(0), (int)reader.GetInt64(1)) : new HotelOccupancy(0, 0);
    }

    public async Task<IReadOnlyList<HotelAvailability>> GetAvailabilityAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT h.hotel_id, h.district, h.capacity - count(a.assignment_id)
            FROM hotels h LEFT JOIN assignments a ON a.hotel_id = h.hotel_id AND a.takes_room
            GROUP BY h.hotel_id, h.district, h.capacity
            ORDER BY h.hotel_id
            """);
        var hotels = new List<HotelAvailability>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            hotels.Add(new HotelAvailability(reader.GetString(0), reader.GetString(1), (int)reader.GetInt64(2)));
        }

        return hotels;
    }

    public async Task<IReadOnlyList<AwaitingPlacement>> GetAwaitingAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT a.assignment_id, a.person_id, p.district, p.household_id, a.queued_at
            FROM assignments a LEFT JOIN persons p ON p.person_id = a.person_id
            WHERE a.status = 'awaiting-capacity'
            ORDER BY a.queued_at, a.assignment_id
            LIMIT $1
            """).WithValues(limit);
        var awaiting = new List<AwaitingPlacement>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            awaiting.Add(new AwaitingPlacement(reader.GetString(0), reader.GetString(1), reader.GetNullableString(2), reader.GetNullableString(3), reader.GetFieldValue<DateTimeOffset>(4)));
        }

        return awaiting;
    }

    public async Task<Assignment?> GetAssignmentAsync(string assignmentId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT assignment_id, person_id, case_id, kind, hotel_id, starts_at, ends_at, status FROM assignments WHERE assignment_id = $1
            """).WithValues(assignmentId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new Assignment(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetNullableString(4),
                reader.GetFieldValue<DateTimeOffset>(5), reader.GetFieldValue<DateTimeOffset>(6), reader.GetString(7))
            : null;
    }

    public Task<LifecycleOutcome> CheckInAsync(string hotelId, string assignmentId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        StepAsync(assignmentId, (current, now) => AssignmentLifecycle.CheckIn(current, hotelId, at, now), cancellationToken);

    public Task<LifecycleOutcome> CheckOutAsync(string hotelId, string assignmentId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        StepAsync(assignmentId, (current, now) => AssignmentLifecycle.CheckOut(current, hotelId, at, now), cancellationToken);

    // A running measure has no end stamp yet: those whose period is over are locked and released by the rule.
    public Task<int> ReleaseEndedAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        dataSource.InTransactionAsync(async (connection, transaction) =>
        {
            var (clock, ending) = await AssignmentRows.LockAsync(connection, transaction, "ended_at IS NULL AND ends_at <= $1", cancellationToken, now.Utc());
            var released = ending.Select(r => AssignmentLifecycle.Release(r, now, clock)).OfType<AssignmentTransition>().ToList();
            await AssignmentRows.WriteAsync(connection, transaction, released, cancellationToken);
            return released.Count;
        }, cancellationToken);

    // The assignment's row is locked, the rule decides, and its change is written with its feed item.
    private Task<LifecycleOutcome> StepAsync(string assignmentId, Func<AssignmentRecord?, DateTimeOffset, LifecycleStep> rule, CancellationToken cancellationToken) =>
        dataSource.InTransactionAsync(async (connection, transaction) =>
        {
            var (now, rows) = await AssignmentRows.LockAsync(connection, transaction, "assignment_id = $1", cancellationToken, assignmentId);
            var step = rule(rows.SingleOrDefault(), now);
            await AssignmentRows.WriteAsync(connection, transaction, step.Transition is { } change ? [change] : [], cancellationToken);
            return step.Outcome;
        }, cancellationToken);
}
