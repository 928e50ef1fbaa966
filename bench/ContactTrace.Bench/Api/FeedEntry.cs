namespace ContactTrace.Bench.Api;

/// <summary>One item of a hotel's feed, as the page and the event stream both carry it.</summary>
internal sealed record class FeedEntry(string Cursor, string AssignmentId, string PersonId, string CaseId, string Kind, string Status);
