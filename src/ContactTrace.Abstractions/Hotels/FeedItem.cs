namespace ContactTrace.Hotels;

/// <summary>
/// One change of one assignment at a hotel, at its place (<see cref="Cursor"/>) in the hotel's gapless feed;
/// <see cref="Reason"/> says why when it is not a step of the lifecycle (<c>extended</c>: the period moved).
/// </summary>
[GenerateSerializer, Immutable, Alias("ContactTrace.FeedItem")]
public sealed record class FeedItem(
    long Cursor,
    string AssignmentId,
    string PersonId,
    string CaseId,
    string Kind,
    string Status,
    DateTimeOffset Start,
    DateTimeOffset End,
    DateTimeOffset RecordedAt,
    string? Reason = null);
