using System.Text.Json;

namespace ContactTrace.Bench.Api;

/// <summary>
/// Reads a hotel's assignment feed as server-sent events (<c>GET /api/hotels/{id}/assignments/stream</c>) until the
/// host closes it or the token is cancelled, handing each item over as it arrives.
/// </summary>
internal static class AssignmentStream
{
    /// <param name="lastEventId">The cursor of the last item seen, to resume after it; null reads from the start.</param>
    /// <param name="connected">Called once the stream is open.</param>
    public static async Task ReadAsync(
        TracingClient hotelClient, string hotelId, string? lastEventId, Action<FeedEntry> item, Action? connected, CancellationToken ct)
    {
        using var response = await hotelClient.OpenStreamAsync(hotelId, ct, lastEventId);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        using var reader = new StreamReader(body);
        connected?.Invoke();
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                item(JsonSerializer.Deserialize(line.AsSpan(6), TracingJsonContext.Default.FeedEntry)
                    ?? throw new InvalidOperationException("An event without an item."));
            }
        }
    }
}
