using ContactTrace.Hotels;
using ContactTrace.Tracing;

namespace ContactTrace.Storage;

/// <summary>Rooms, placements, lifecycle and feeds in PostgreSQL; capacity and feed order are enforced in the database.</summary>
public sealed partial class PostgresHotelStore(NpgsqlDataSource dataSource) : IHotelStore
{
    private const string TakesRoom = "assignment_takes_room(a.status, a.checked_in_at, a.checked_out_at)";

    public async Task<IReadOnlyList<string>> PlaceAsync(string hotelId, IReadOnlyList<string> assignmentIds, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT * FROM hotel_place($1, $2)").WithValues(hotelId, assignmentIds.ToArray());
        var placed = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            placed.Add(reader.GetString(0));
        }

        return placed;
    }

    public async Task<HotelOccupancy> GetOccupancyAsync(string hotelId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT (SELECT count(*) FROM assignments a WHERE a.hotel_id = h.hotel_id AND {TakesRoom}),
                   (SELECT count(*) FROM assignments a JOIN persons p ON p.person_id = a.person_id
                    WHERE a.status = 'awaiting-capacity' AND p.district = h.district)
            FROM hotels h WHERE h.hotel_id = $1
            """).WithValues(hotelId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new HotelOccupancy((int)reader.GetInt64(0), (int)reader.GetInt64(1)) : new HotelOccupancy(0, 0);
    }

    public async Task<IReadOnlyList<HotelAvailability>> GetAvailabilityAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT h.hotel_id, h.district, h.capacity - count(a.assignment_id)
            FROM hotels h LEFT JOIN assignments a ON a.hotel_id = h.hotel_id AND {TakesRoom}
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

    public async Task<int> ReleaseEndedAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE assignments
            SET status = 'released', updated_at = now(),
                checked_out_at = CASE WHEN hotel_id IS NOT NULL THEN coalesce(checked_out_at, $1) END
            WHERE status IN ('assigned', 'checked-in', 'awaiting-capacity') AND ends_at <= $1
            """).WithValues(now.Utc());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<FeedItem>> ReadFeedAsync(string hotelId, long after, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT cursor, assignment_id, person_id, case_id, kind, status, starts_at, ends_at, recorded_at, reason
            FROM assignment_feed WHERE hotel_id = $1 AND cursor > $2 ORDER BY cursor LIMIT $3
            """).WithValues(hotelId, after, limit);
        var items = new List<FeedItem>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new FeedItem(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                reader.GetFieldValue<DateTimeOffset>(6), reader.GetFieldValue<DateTimeOffset>(7), reader.GetFieldValue<DateTimeOffset>(8), reader.GetNullableString(9)));
        }

        return items;
    }
}
