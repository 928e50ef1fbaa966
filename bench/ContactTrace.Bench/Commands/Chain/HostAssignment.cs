using ContactTrace.Tracing;

namespace ContactTrace.Bench.Commands.Chain;

/// <summary>
/// An <c>assignments</c> row as the host leaves it at load time (see <see cref="AssignmentHistory"/>), with the
/// feed items its changes at a hotel produced.
/// </summary>
internal sealed record class HostAssignment(
    Assignment Planned,
    string? HotelId,
    string Status,
    DateTimeOffset? CheckedInAt,
    DateTimeOffset? CheckedOutAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset QueuedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? PlacedAt,
    DateTimeOffset? EndedAt,
    IReadOnlyList<HostFeedItem> Feed);
