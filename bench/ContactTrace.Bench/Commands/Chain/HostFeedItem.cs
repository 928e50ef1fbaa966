using ContactTrace.Tracing;

namespace ContactTrace.Bench.Commands.Chain;

/// <summary>
/// One item the host's store appends to a hotel's feed when an assignment there changes: the assignment as it is
/// after the change, and when the change was made.
/// </summary>
internal sealed record class HostFeedItem(Assignment Assignment, string HotelId, DateTimeOffset RecordedAt);
