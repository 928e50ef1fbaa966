namespace ContactTrace.Queries;

/// <summary>
/// The case list's filters, each optional: <see cref="Status"/> is a trace status (<c>pending</c>, <c>running</c>,
/// <c>completed</c>) of a case that stands, or <c>withdrawn</c>; <see cref="From"/>/<see cref="To"/> bound the report time, <c>[from, to)</c>.
/// </summary>
public sealed record class CaseFilter(
    string? District = null,
    string? Channel = null,
    string? Classification = null,
    string? ClusterId = null,
    string? Status = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null)
{
    public const string Withdrawn = "withdrawn";

    /// <summary><c>pending</c> and <c>running</c> are both "not completed" to the rows: the case grain tells them apart.</summary>
    public bool WantsUnfinished => Status is Cases.TraceStatus.Pending or Cases.TraceStatus.Running;

    public static bool IsKnownStatus(string? status) =>
        status is Cases.TraceStatus.Pending or Cases.TraceStatus.Running or Cases.TraceStatus.Completed or Withdrawn;
}
