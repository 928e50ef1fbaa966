namespace ContactTrace.Bench.Api;

/// <summary>A page of <c>GET /api/hotels/{hotelId}/assignments</c>.</summary>
internal sealed record class FeedPage(IReadOnlyList<FeedEntry> Items, string? Next);
