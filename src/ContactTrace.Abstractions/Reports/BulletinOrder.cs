using ContactTrace.Cases;

namespace ContactTrace.Reports;

/// <summary>
/// The bulletin's orderings, as pure code: channels and districts largest first; on a tie, channels in DESIGN.md's
/// order and districts in the official order, which puts districts (区) before counties and cities (县/市).
/// </summary>
public static class BulletinOrder
{
    public static ImmutableArray<LabeledCount> Channels(IReadOnlyDictionary<string, int> counts) =>
        [.. DiscoveryChannels.All
            .Select((c, order) => (Count: new LabeledCount(c.Code, c.Label, counts.GetValueOrDefault(c.Code)), Order: order))
            .Where(c => c.Count.Count > 0)
            .OrderByDescending(c => c.Count.Count).ThenBy(c => c.Order)
            .Select(c => c.Count)];

    public static ImmutableArray<LabeledCount> Districts(IReadOnlyDictionary<string, int> counts) =>
        [.. ContactTrace.Districts.All
            .Select(d => (Count: new LabeledCount(d.Code, d.Label, counts.GetValueOrDefault(d.Code)), d.Order))
            .Where(d => d.Count.Count > 0)
            .OrderByDescending(d => d.Count.Count).ThenBy(d => d.Order)
            .Select(d => d.Count)];
}
