namespace ContactTrace.Storage;

/// <summary>Each hotel's feed (numbered by <see cref="AssignmentRows"/> as changes are written) and its webhook, in PostgreSQL.</summary>
public sealed class PostgresHotelFeedStore(NpgsqlDataSource dataSource) : IHotelFeedStore
{
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
}
