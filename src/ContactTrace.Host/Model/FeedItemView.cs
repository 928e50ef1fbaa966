using ContactTrace.Hotels;

namespace ContactTrace.Host.Model;

/// <summary>
/// An item of a hotel's feed: ids, kind, status and dates — never a name or a phone number — and, when the item is
/// not a step of the lifecycle, why (<c>reason: "extended"</c>: the same stay with a new <c>end</c>).
/// </summary>
public sealed record class FeedItemView(string Cursor, string AssignmentId, string PersonId, string CaseId, string Kind, string Status, DateTimeOffset Start, DateTimeOffset End, string? Reason)
{
    public static FeedItemView Of(FeedItem item) => new(
        item.Cursor.ToString(System.Globalization.CultureInfo.InvariantCulture), item.AssignmentId, item.PersonId, item.CaseId, item.Kind, item.Status, item.Start, item.End, item.Reason);
}
