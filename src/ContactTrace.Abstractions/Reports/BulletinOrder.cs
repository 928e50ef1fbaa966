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

    /// <summary>
    /// Each classification with new cases, confirmed first, with its own channels and districts ordered like the
    /// whole day's; counts are keyed by (classification, channel or district code).
    /// </summary>
    public static ImmutableArray<ClassificationCounts> Classes(
        IReadOnlyDictionary<(string Classification, string Code), int> byChannel, IReadOnlyDictionary<(string Classification, string Code), int> byDistrict) =>
        [.. ((string[])[Classifications.Confirmed, Classifications.Asymptomatic])
            .Select(c => new ClassificationCounts(c, byChannel.Where(k => k.Key.Classification == c).Sum(k => k.Value),
                Channels(Of(byChannel, c)), Districts(Of(byDistrict, c))))
            .Where(c => c.Count > 0)];

    private static Dictionary<string, int> Of(IReadOnlyDictionary<(string Classification, string Code), int> counts, string classification) =>
        counts.Where(k => k.Key.Classification == classification).ToDictionary(k => k.Key.Code, k => k.Value, StringComparer.Ordinal);

    public static ImmutableArray<LabeledCount> Districts(IReadOnlyDictionary<string, int> counts) =>
        [.. ContactTrace.Districts.All
            .Select(d => (Count: new LabeledCount(d.Code, d.Label, counts.GetValueOrDefault(d.Code)), d.Order))
            .Where(d => d.Count.Count > 0)
            .OrderByDescending(d => d.Count.Count).ThenBy(d => d.Order)
            .Select(d => d.Count)];
}
