using ContactTrace.Host.Auth;

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
