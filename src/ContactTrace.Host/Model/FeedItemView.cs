using ContactTrace.Hotels;

namespace ContactTrace.Host.Model;

/// <summary>
/// An item of a hotel's feed: ids, kind, status and dates; the guest as the hotel needs them to receive the person
/// (name, phone, household) — served to that hotel only, audited, never logged; and, when the item is not a step of
/// the lifecycle, why (<c>reason: "extended"</c>: the same stay with a new <c>end</c>).
/// </summary>
public sealed record class FeedItemView(
    string Cursor, string AssignmentId, string PersonId, string CaseId, string Kind, string Status, DateTimeOffset Start, DateTimeOffset End, FeedGuest? Guest, string? Reason)
{
    public static FeedItemView Of(FeedItem item, IReadOnlyDictionary<string, FeedGuest> guests) => new(
        item.Cursor.ToString(System.Globalization.CultureInfo.InvariantCulture), item.AssignmentId, item.PersonId, item.CaseId, item.Kind, item.Status, item.Start, item.End,
        guests.GetValueOrDefault(item.PersonId), item.Reason);
}
