using ContactTrace.Cases;

namespace ContactTrace.Grains.Cases;

internal sealed partial class TraceComputation
{
    /// <summary>Where each owner was within their window: their scans read in one query, clipped to the window.</summary>
    private async Task<List<VenuePresence>> PresenceOfAsync(IReadOnlyList<(string PersonId, PresenceWindow Window)> owners)
    {
        var windows = owners.ToDictionary(o => o.PersonId, o => o.Window, StringComparer.Ordinal);
        var from = owners.Min(o => o.Window.From) - longestStay;
        var to = owners.Max(o => o.Window.To);
        var ownScans = await scans.ReadPersonScansAsync(windows.Keys, from, to);
        var kinds = await registry.FindVenueKindsAsync(ownScans.Select(s => s.VenueId).ToHashSet(StringComparer.Ordinal));

        var presence = new List<VenuePresence>();
        foreach (var scan in ownScans)
        {
            var venueClass = kinds.TryGetValue(scan.VenueId, out var kind) ? VenueKinds.ClassOf(kind) : VenueClass.Open;
            var window = windows[scan.PersonId];
            var start = scan.ScannedAt > window.From ? scan.ScannedAt : window.From;
            var end = Presence.End(scan.ScannedAt, scan.LeftAt, policy.DwellFor(venueClass));
            end = end < window.To ? end : window.To;
            if (end > start)
            {
                presence.Add(new VenuePresence(scan.PersonId, scan.VenueId, venueClass, new PresenceWindow(start, end)));
            }
        }

        return presence;
    }

    private Task WatchAsync(IReadOnlyCollection<TraceWatch> watches) => traces.AddWatchesAsync(record.Report.CaseId, watches);

    /// <summary>Asks each venue once, with every window of interest there, at most <c>venueFanOut</c> venues at a time.</summary>
    private async Task QueryVenuesAsync(List<VenuePresence> presence, bool closeOnly, Action<string, string, VenueClass, CoPresence> found)
    {
        var byVenue = presence
            .Where(p => !closeOnly || p.VenueClass == VenueClass.Close)
            .GroupBy(p => p.VenueId, StringComparer.Ordinal)
            .Select(g => g.ToList())
            .ToList();
        await WatchAsync([.. byVenue.SelectMany(g => g).Select(p => new TraceWatch(TraceWatch.VenueKind, p.VenueId, p.Window.From, p.Window.To))]);

        await Bounded.ForEachAsync(byVenue, venueFanOut, async group =>
        {
            var venueId = group[0].VenueId;
            var windows = group.Select(p => p.Window).ToImmutableArray();
            var present = await grains.GetGrain<IVenueGrain>(venueId).FindCoPresentAsync(windows, closeOnly ? null : CasePersonId);
            foreach (var co in present)
            {
                var owner = group[co.Window].PersonId;
                if (co.PersonId != owner)
                {
                    found(owner, venueId, group[co.Window].VenueClass, co);
                }
            }
        });
    }

    /// <summary>The household members of <paramref name="personIds"/>, each with whose household member they are.</summary>
    private async Task<List<(string PersonId, List<string> Via)>> HouseholdMembersAsync(IEnumerable<string> personIds)
    {
        var ids = personIds.ToHashSet(StringComparer.Ordinal);
        var households = await registry.FindHouseholdsAsync(ids);
        if (households.Count == 0)
        {
            return [];
        }

        var byHousehold = households.GroupBy(h => h.Value, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(h => h.Key).ToList(), StringComparer.Ordinal);
        var members = await registry.FindHouseholdMembersAsync(byHousehold.Keys);
        return [.. members
            .Select(m => (m.PersonId, Via: byHousehold[m.HouseholdId].Where(v => v != m.PersonId).ToList()))
            .Where(m => m.Via.Count > 0)];
    }

    private sealed record class VenuePresence(string PersonId, string VenueId, VenueClass VenueClass, PresenceWindow Window);
}
