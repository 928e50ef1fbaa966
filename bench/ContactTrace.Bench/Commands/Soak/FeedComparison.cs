using ContactTrace.Bench.Api;

namespace ContactTrace.Bench.Commands.Soak;

/// <summary>
/// The hotel's whole feed read page by page (<c>GET /api/hotels/{id}/assignments</c>) beside what the event stream
/// delivered during the soak, item by item in order (cursor, assignment, status): equal, or where they first differ.
/// The stream is given <see cref="CatchUp"/> to deliver what the pages already show.
/// </summary>
internal sealed record class FeedComparison(int Paged, int Streamed, int Reconnections, string? FirstDifference)
{
    private const int PageSize = 1000;
    private static readonly TimeSpan CatchUp = TimeSpan.FromSeconds(30);

    public bool Equal => FirstDifference is null;

    public static async Task<FeedComparison> CompareAsync(TracingClient hotelClient, string hotelId, HotelStreamRecorder stream, CancellationToken ct)
    {
        var paged = new List<FeedEntry>();
        string? after = null;
        while (true)
        {
            var page = await hotelClient.GetFeedAsync(hotelId, after, PageSize, ct);
            paged.AddRange(page.Items);
            if (page.Next is null || page.Items.Count == 0)
            {
                break;
            }

            after = page.Next;
        }

        var clock = Stopwatch.StartNew();
        while (stream.Count < paged.Count && clock.Elapsed < CatchUp)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
        }

        var streamed = stream.Items();
        return new FeedComparison(paged.Count, streamed.Count, stream.Reconnections, FindDifference(paged, streamed));
    }

    private static string? FindDifference(List<FeedEntry> paged, IReadOnlyList<FeedEntry> streamed)
    {
        for (var i = 0; i < Math.Max(paged.Count, streamed.Count); i++)
        {
            var page = i < paged.Count ? paged[i] : null;
            var sse = i < streamed.Count ? streamed[i] : null;
            if (page is null || sse is null || page.Cursor != sse.Cursor || page.AssignmentId != sse.AssignmentId || page.Status != sse.Status)
            {
                return $"item {i + 1}: paged {Describe(page)}, streamed {Describe(sse)}";
            }
        }

        return null;
    }

    private static string Describe(FeedEntry? item) => item is null ? "nothing" : $"cursor {item.Cursor} {item.AssignmentId} {item.Status}";
}
