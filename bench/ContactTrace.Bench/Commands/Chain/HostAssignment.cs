using ContactTrace.Hotels;

namespace ContactTrace.Bench.Commands.Chain;

/// <summary>
/// An <c>assignments</c> row as the host leaves it at load time (see <see cref="AssignmentHistory"/>): the record
/// the lifecycle left, when it last changed, and the feed items its changes at a hotel produced.
/// </summary>
internal sealed record class HostAssignment(AssignmentRecord Record, DateTimeOffset UpdatedAt, IReadOnlyList<HostFeedItem> Feed);
