using ContactTrace.Tracing;

namespace ContactTrace.Bench.Commands.Chain;

/// <summary>
/// One row the host's <c>assignments_feed</c> trigger (migration 0005) appends when an assignment at a hotel
/// changes: the assignment as it is after the change, and when the change was made.
/// </summary>
internal sealed record class HostFeedItem(Assignment Assignment, string HotelId, string Status, DateTimeOffset RecordedAt);
