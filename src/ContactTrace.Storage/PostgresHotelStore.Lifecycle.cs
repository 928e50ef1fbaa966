using ContactTrace.Hotels;
using ContactTrace.Tracing;

namespace ContactTrace.Storage;

public sealed partial class PostgresHotelStore
{
    public Task<LifecycleOutcome> CheckInAsync(string hotelId, string assignmentId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        TransitionAsync(hotelId, assignmentId, """
            UPDATE assignments SET status = 'checked-in', checked_in_at = $3, updated_at = now()
            WHERE assignment_id = $1 AND hotel_id = $2 AND status = 'assigned'
            """, at, current => current.Status == AssignmentStatuses.CheckedIn, cancellationToken);

    // Only a guest who checked in can check out (an assigned person who never arrived is refused: their room and
    // their isolation stay as they are). A converted person's room frees on check-out, so check-out applies to them
    // too; their status stays converted.
    public Task<LifecycleOutcome> CheckOutAsync(string hotelId, string assignmentId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        TransitionAsync(hotelId, assignmentId, """
            UPDATE assignments
            SET status = CASE WHEN status = 'converted-to-case' THEN status ELSE 'released' END, checked_out_at = $3, updated_at = now()
            WHERE assignment_id = $1 AND hotel_id = $2 AND checked_out_at IS NULL
              AND (status = 'checked-in' OR (status = 'converted-to-case' AND checked_in_at IS NOT NULL))
            """, at, current => current.Status is AssignmentStatuses.Released or AssignmentStatuses.ConvertedToCase, cancellationToken);

    public async Task<HotelWebhook?> GetWebhookAsync(string hotelId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT url, secret, delivered_cursor FROM hotel_webhooks WHERE hotel_id = $1").WithValues(hotelId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new HotelWebhook(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)) : null;
    }

    public async Task SetWebhookAsync(string hotelId, string? url, string? secret, CancellationToken cancellationToken = default)
    {
        await using var command = url is null
            ? dataSource.CreateCommand("DELETE FROM hotel_webhooks WHERE hotel_id = $1").WithValues(hotelId)
            : dataSource.CreateCommand("""
                INSERT INTO hotel_webhooks (hotel_id, url, secret) VALUES ($1, $2, $3)
                ON CONFLICT (hotel_id) DO UPDATE SET url = excluded.url, secret = excluded.secret, updated_at = now()
                """).WithValues(hotelId, url, secret);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task MarkDeliveredAsync(string hotelId, long cursor, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE hotel_webhooks SET delivered_cursor = $2, updated_at = now() WHERE hotel_id = $1 AND delivered_cursor < $2
            """).WithValues(hotelId, cursor);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>> GetWebhookHotelsAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT hotel_id FROM hotel_webhooks ORDER BY hotel_id");
        var hotels = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            hotels.Add(reader.GetString(0));
        }

        return hotels;
    }

    private async Task<LifecycleOutcome> TransitionAsync(
        string hotelId, string assignmentId, string update, DateTimeOffset at, Func<Assignment, bool> alreadyDone, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(update).WithValues(assignmentId, hotelId, at.Utc());
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 1)
        {
            return LifecycleOutcome.Done;
        }

        return await GetAssignmentAsync(assignmentId, cancellationToken) switch
        {
            null => LifecycleOutcome.NotFound,
            { HotelId: var hotel } when hotel != hotelId => LifecycleOutcome.NotAtThisHotel,
            var current when alreadyDone(current) => LifecycleOutcome.AlreadyDone,
            _ => LifecycleOutcome.InvalidState,
        };
    }
}
