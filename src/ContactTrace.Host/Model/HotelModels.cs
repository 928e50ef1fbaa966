using ContactTrace.Host.Auth;
using ContactTrace.Hotels;
using ContactTrace.Tracing;

namespace ContactTrace.Host.Model;

/// <summary>What the hotel feed handlers need, bundled for <c>[AsParameters]</c>.</summary>
public sealed class HotelServices(IGrainFactory grains, IPlacementStore placements, IHotelFeedStore feeds, IRegistryStore registry, FeedStreams streams, AuditTrail audit, WebhookTargets webhooks)
{
    public AuditTrail Audit { get; } = audit;

    public IGrainFactory Grains { get; } = grains;

    public IPlacementStore Placements { get; } = placements;

    public IHotelFeedStore Feeds { get; } = feeds;

    public IRegistryStore Registry { get; } = registry;

    public FeedStreams Streams { get; } = streams;

    public WebhookTargets Webhooks { get; } = webhooks;
}

/// <summary>The optional body of a check-in: when the guest arrived, for a check-in entered after the fact.</summary>
public sealed record class CheckInRequest(string? At);

/// <summary>The optional body of a check-out: when the guest left, for a check-out entered after the fact.</summary>
public sealed record class CheckOutRequest(string? At);

public sealed record class AssignmentView(string AssignmentId, string PersonId, string CaseId, string Kind, string? HotelId, DateTimeOffset Start, DateTimeOffset End, string Status)
{
    public static AssignmentView Of(Assignment a) => new(a.AssignmentId, a.PersonId, a.CaseId, a.Kind, a.HotelId, a.Start, a.End, a.Status);
}

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

/// <summary>The body of <c>PUT /api/hotels/{hotelId}/webhook</c>.</summary>
public sealed record class WebhookInput(string? Url, string? Secret);

/// <summary>A registered webhook; the secret is never echoed back.</summary>
public sealed record class WebhookView(string HotelId, string Url);
