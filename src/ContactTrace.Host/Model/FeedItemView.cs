using ContactTrace.Hotels;

namespace ContactTrace.Host.Model;

/// <summary>An item of a hotel's feed: ids, kind, status and dates — never a name or a phone number.</summary>
public sealed record class FeedItemView(string Cursor, string AssignmentId, string PersonId, string CaseId, string Kind, string Status, DateTimeOffset Start, DateTimeOffset End)
{
    public static FeedItemView Of(FeedItem item) => new(
        item.Cursor.ToString(System.Globalization.CultureInfo.InvariantCulture), item.AssignmentId, item.PersonId, item.CaseId, item.Kind, item.Status, item.Start, item.End);
}
