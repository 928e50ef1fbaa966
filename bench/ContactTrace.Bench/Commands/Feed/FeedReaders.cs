using ContactTrace.Bench.Api;

namespace ContactTrace.Bench.Commands.Feed;

/// <summary>
/// The hotel's two readers, with the hotel's own key: one polls <c>GET /api/hotels/{id}/assignments</c> from its
/// last cursor (at once again when a page was full, else after the poll interval), the other reads the
/// server-sent event stream continuously. Each notes when it first saw an item of each case.
/// </summary>
internal sealed class FeedReaders(TracingClient hotelClient, string hotelId, TimeSpan poll, FeedSightings polled, FeedSightings streamed)
{
    private const int PageSize = 1000;

    public async Task PollAsync(CancellationToken ct)
    {
        string? after = null;
        while (!ct.IsCancellationRequested)
        {
            var page = await hotelClient.GetFeedAsync(hotelId, after, PageSize, ct);
            foreach (var item in page.Items)
            {
                polled.Saw(item.CaseId);
                after = item.Cursor;
            }

            if (page.Items.Count < PageSize)
            {
                await Task.Delay(poll, ct);
            }
        }
    }

    /// <summary>Reads the stream until cancelled; <paramref name="connected"/> completes once the stream is open.</summary>
    public Task StreamAsync(TaskCompletionSource connected, CancellationToken ct) =>
        AssignmentStream.ReadAsync(hotelClient, hotelId, null, item => streamed.Saw(item.CaseId), () => connected.TrySetResult(), ct);
}
