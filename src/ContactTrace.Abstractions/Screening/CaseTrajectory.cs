namespace ContactTrace.Screening;

/// <summary>
/// Where a case was within its window, from its scans: each presence <c>[scannedAt, leftAt ?? scannedAt + dwell]</c>
/// at its venue, oldest first (the public trajectory, 活动轨迹), and each venue's first-to-last span (the venue tasks).
/// </summary>
public static class CaseTrajectory
{
    public static IReadOnlyList<VisitedVenue> Presences(IEnumerable<Scan> scans, IReadOnlyDictionary<string, string> venueKinds, TracingPolicy policy) =>
        [.. scans
            .Select(s => new VisitedVenue(s.VenueId, s.ScannedAt,
                Presence.End(s.ScannedAt, s.LeftAt, policy.DwellFor(VenueKinds.ClassOf(venueKinds.GetValueOrDefault(s.VenueId) ?? "other")))))
            .OrderBy(v => v.From).ThenBy(v => v.VenueId, StringComparer.Ordinal)];

    public static IReadOnlyList<VisitedVenue> Venues(IEnumerable<VisitedVenue> presences) =>
        [.. presences
            .GroupBy(p => p.VenueId, StringComparer.Ordinal)
            .Select(g => new VisitedVenue(g.Key, g.Min(p => p.From), g.Max(p => p.Until)))
            .OrderBy(v => v.VenueId, StringComparer.Ordinal)];
}
