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

    private Task WatchAsync(IReadOnlyCollection<TraceWatch> watches) => traces.AddWatchesAsync(CaseId, watches);

    /// <summary>
    /// Records each presence as a source of this trace and asks each venue once, with every source there, at most
    /// <c>venueFanOut</c> venues at a time; <paramref name="found"/> gets each exposed visit with its first source.
    /// </summary>
    private async Task QueryVenuesAsync(List<VenuePresence> presence, bool closeOnly, Action<SourcePresence, VenueClass, CoPresence> found)
    {
        var byVenue = presence
            .Where(p => !closeOnly || p.VenueClass == VenueClass.Close)
            .GroupBy(p => p.VenueId, StringComparer.Ordinal)
            .Select(g => g.Select(AddSource).ToList())
            .ToList();
        await WatchAsync([.. byVenue.SelectMany(g => g).Select(s => new TraceWatch(TraceWatch.VenueKind, s.Presence.VenueId, s.Presence.Window.From, s.Presence.Window.To))]);

        var gate = new Lock();
        await Bounded.ForEachAsync(byVenue, venueFanOut, async group =>
        {
            var venue = group[0].Presence;
            var exposed = await grains.GetGrain<IVenueGrain>(venue.VenueId)
                .FindExposedAsync([.. group.Select(s => new ExposureSource(s.Number, s.Presence.PersonId, s.Presence.Window))]);
            lock (gate)
            {
                foreach (var co in exposed)
                {
                    found(_sources[co.Source], venue.VenueClass, co);
                }
            }
        });
    }

    private (int Number, VenuePresence Presence) AddSource(VenuePresence presence)
    {
        _sources.Add(new SourcePresence(presence.PersonId, presence.VenueId, presence.Window.From, presence.Window.To));
        return (_sources.Count - 1, presence);
    }

    /// <summary>The household members of <paramref name="personIds"/>, each with whose household member they are.</summary>
    private async Task<List<(HouseholdMembership Member, List<string> Via)>> HouseholdMembersAsync(IEnumerable<string> personIds)
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
            .Select(m => (Member: m, Via: byHousehold[m.HouseholdId].Where(v => v != m.PersonId).ToList()))
            .Where(m => m.Via.Count > 0)];
    }

    private sealed record class VenuePresence(string PersonId, string VenueId, VenueClass VenueClass, PresenceWindow Window);
}
