using ContactTrace.Hotels;
using ContactTrace.Tracing;

namespace ContactTrace.Storage;

public sealed partial class PostgresHotelStore
{
    public Task<LifecycleOutcome> CheckInAsync(string hotelId, string assignmentId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        StepAsync(assignmentId, (current, now) => AssignmentLifecycle.CheckIn(current, hotelId, at, now), cancellationToken);

    public Task<LifecycleOutcome> CheckOutAsync(string hotelId, string assignmentId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        StepAsync(assignmentId, (current, now) => AssignmentLifecycle.CheckOut(current, hotelId, at, now), cancellationToken);

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
