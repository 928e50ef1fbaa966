using ContactTrace.Cases;

namespace ContactTrace.Grains.Cases;

/// <summary>
/// One run of a case's two-tier trace, in two phases so that tier 1 can be made durable before tier 2 is computed.
/// It reads in bulk (the case's and the close contacts' scans, households, venue kinds, which persons are cases) and
/// asks each venue grain once per tier with every source interval there, a bounded number at a time; venues answer
/// one item per visit, so nothing here grows with pairs of people. It returns data; writing it is the store's job —
/// except the windows it is about to read, which it stores first (live re-tracing: a scan stored meanwhile is either
/// read or finds the watch). It runs off the case grain's turn, on the thread pool.
/// </summary>
internal sealed class TraceComputation(
    CaseRecord record,
    ImmutableArray<ReportedContact> reported,
    TracingPolicy policy,
    IGrainFactory grains,
    IScanStore scans,
    IRegistryStore registry,
    ITraceResults traces,
    TimeSpan longestStay,
    int venueFanOut,
    DateTimeOffset now)
{
    private readonly ContactSetBuilder _contacts = new();
    private readonly List<SourcePresence> _sources = [];
    private readonly HashSet<string> _notContacts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _becameCases = new(StringComparer.Ordinal);
    private readonly HashSet<string> _classified = new(StringComparer.Ordinal);
    private readonly List<ContactWindow> _windows = [];

    private string CaseId => record.Report.CaseId;

    private string CasePersonId => record.Report.PersonId;

    /// <summary>Close contacts (household, close-class venues, interviews) and venue-exposed persons.</summary>
    public async Task<TraceResult> TierOneAsync()
    {
        var window = new PresenceWindow(record.WindowStart, record.WindowEnd);
        await WatchAsync([new TraceWatch(TraceWatch.PersonKind, CasePersonId, window.From, window.To)]);
        var presence = await PresenceOfAsync([(CasePersonId, window)]);
        await QueryVenuesAsync(presence, closeOnly: false, (source, venueClass, found) =>
        {
            var category = venueClass == VenueClass.Close ? ManagementCategory.CloseContact : ManagementCategory.VenueExposed;
            _contacts.Add(found.PersonId, 1, category, VenueExposure(source, found, via: null));
        });

        // A household member counts from when they and the case's person lived together, if that began within the
        // case's window.
        foreach (var (member, via) in await HouseholdMembersAsync([CasePersonId]))
        {
            var together = Later(member.Since, via[0].Since);
            if (together is null || together < window.To)
            {
                _contacts.Add(member.PersonId, 1, ManagementCategory.CloseContact,
                    new Exposure(ExposureKinds.Household, null, Later(window.From, together), window.To, null, null));
            }
        }

        foreach (var contact in reported)
        {
            _contacts.Add(contact.PersonId, 1, ManagementCategory.CloseContact,
                new Exposure(ExposureKinds.Reported, null, contact.At, contact.Until ?? contact.At, null, contact.Setting));
        }

        await ClassifyCasesAsync(_contacts.PersonIds);
        var found = _contacts.Build(_notContacts, tier: 1);
        return new TraceResult(CaseId, found, [.. _sources], [.. found.Where(f => f.Category == ManagementCategory.CloseContact)]);
    }

    /// <summary>Contacts of the close contacts, and the households that share a secondary contact's home isolation.</summary>
    public async Task<TraceResult> TierTwoAsync()
    {
        var sourcesBefore = _sources.Count;
        if (policy.TraceSecondaryContacts)
        {
            await AddContactsOfCloseContactsAsync();
            await AddSharedHomeIsolationAsync();
            await ClassifyCasesAsync(_contacts.PersonIds);
        }

        // Venue-exposed persons are managed now, once tier 2 can no longer find them contacts of a close contact.
        var found = _contacts.Build(_notContacts, tier: 2);
        var venueExposed = _contacts.WithCategory(ManagementCategory.VenueExposed).Where(f => !_notContacts.Contains(f.PersonId));
        return new TraceResult(CaseId, found, [.. _sources.Skip(sourcesBefore)], [.. found, .. venueExposed], [.. _windows]);
    }

    /// <summary>
    /// Extends tier 2 through <paramref name="closeContactIds"/> only — their windows, presence and households as they
    /// are now — after a scan of theirs or a household change while they were not isolated; the rest of the trace stands.
    /// </summary>
    public async Task<TraceResult> ExtendAsync(IReadOnlyCollection<string> closeContactIds)
    {
        var closeContacts = (await traces.FindContactsAsync(CaseId, closeContactIds))
            .Where(c => c.Finding.Category == ManagementCategory.CloseContact)
            .Select(c => (c.Finding.PersonId, FirstExposure: c.Sought?.From ?? c.Finding.FirstExposure))
            .ToList();
        await ClassifyCasesAsync([.. closeContacts.Select(c => c.PersonId)]);
        await AddContactsOfCloseContactsAsync([.. closeContacts.Where(c => !_notContacts.Contains(c.PersonId))]);
        await AddSharedHomeIsolationAsync();
        await ClassifyCasesAsync(_contacts.PersonIds);

        // Persons the case already holds in a more severe category (close contacts met again) are left as they are.
        var found = _contacts.Build(_notContacts, tier: 2);
        var held = (await traces.FindContactsAsync(CaseId, [.. found.Select(f => f.PersonId)]))
            .Where(c => Severity.Of(c.Finding.Category) > Severity.Of(ManagementCategory.SecondaryContact))
            .Select(c => c.Finding.PersonId)
            .ToHashSet(StringComparer.Ordinal);
        ImmutableArray<ContactFinding> extended = [.. found.Where(f => !held.Contains(f.PersonId))];
        return new TraceResult(CaseId, extended, [.. _sources], extended, [.. _windows]);
    }

    /// <summary>True when tier 1 found close contacts, who wait for rooms.</summary>
    public bool FoundCloseContacts => _contacts.CloseContacts().Any(c => !_notContacts.Contains(c.PersonId));

    private Task AddContactsOfCloseContactsAsync() =>
        AddContactsOfCloseContactsAsync([.. _contacts.CloseContacts()
            .Where(c => c.PersonId != CasePersonId && !_notContacts.Contains(c.PersonId))
            .Select(c => (c.PersonId, _contacts.FirstDirectExposure(c.PersonId)))]);

    // Contacts of close contacts: everyone a close contact C met from C's first exposure to the case until C was
    // isolated — checked in at a hotel, home isolation begun, or a case — or, while C is not, until now, the window
    // left open (a contact watch) so that C's later scans extend it. A close contact who was a case before this trace
    // found them is not a contact at all, so not expanded either.
    private async Task AddContactsOfCloseContactsAsync(IReadOnlyList<(string PersonId, DateTimeOffset FirstExposure)> closeContacts)
    {
        if (closeContacts.Count == 0)
        {
            return;
        }

        var isolations = (await traces.FindIsolationsAsync([.. closeContacts.Select(c => c.PersonId)])).ToLookup(i => i.PersonId, StringComparer.Ordinal);
        var windows = closeContacts
            .Select(c => ContactWindow.For(c.PersonId, c.FirstExposure, isolations[c.PersonId], now))
            .Where(w => w.ReadUntil(now) > w.From)
            .ToDictionary(w => w.PersonId, StringComparer.Ordinal);
        _windows.AddRange(windows.Values);
        if (windows.Count == 0)
        {
            return;
        }

        await WatchAsync([.. windows.Values.Select(TraceWatch.Of)]);
        var presence = await PresenceOfAsync([.. windows.Values.Select(w => (w.PersonId, new PresenceWindow(w.From, w.ReadUntil(now))))]);
        await QueryVenuesAsync(presence, closeOnly: true, (source, _, found) =>
            _contacts.Add(found.PersonId, 2, ManagementCategory.SecondaryContact, VenueExposure(source, found, via: source.PersonId)));

        // A household member counts from when they and C lived together, if that began before C was isolated.
        foreach (var (member, via) in await HouseholdMembersAsync(windows.Keys))
        {
            foreach (var (window, together) in via.Select(v => (windows[v.PersonId], Later(member.Since, v.Since))))
            {
                if (together is null || together < window.ReadUntil(now))
                {
                    _contacts.Add(member.PersonId, 2, ManagementCategory.SecondaryContact,
                        new Exposure(ExposureKinds.Household, null, Later(window.From, together), window.ReadUntil(now), window.PersonId, null));
                }
            }
        }
    }

    private static DateTimeOffset Later(DateTimeOffset time, DateTimeOffset? since) => since is { } s && s > time ? s : time;

    // Since when two members lived together: the later of their joining (null: both before any record).
    private static DateTimeOffset? Later(DateTimeOffset? one, DateTimeOffset? other) => one is null ? other : other is null ? one : Later(one.Value, other);

    // Household members of someone in home isolation share it (DESIGN.md): each secondary contact's household gets
    // the same period, counted from the secondary contact's last exposure. They are not contacts of anyone, so
    // they are expanded no further, and any more severe finding of theirs wins.
    private async Task AddSharedHomeIsolationAsync()
    {
        await ClassifyCasesAsync(_contacts.PersonIds);
        var isolating = _contacts.WithCategory(ManagementCategory.SecondaryContact)
            .Where(s => !_notContacts.Contains(s.PersonId))
            .ToDictionary(s => s.PersonId, StringComparer.Ordinal);
        if (isolating.Count == 0)
        {
            return;
        }

        foreach (var member in await HouseholdMembersAsync(isolating.Keys))
        {
            foreach (var via in member.Via.Select(v => isolating[v.PersonId]))
            {
                _contacts.Add(member.Member.PersonId, 2, ManagementCategory.HomeIsolation,
                    new Exposure(ExposureKinds.Household, null, via.FirstExposure, via.LastExposure, via.PersonId, null));
            }
        }
    }

    // Asks the store only about persons not classified yet: a person's case status is read once per run.
    private async Task ClassifyCasesAsync(IEnumerable<string> personIds)
    {
        var unknown = personIds.Where(p => !_classified.Contains(p)).ToList();
        if (unknown.Count == 0)
        {
            return;
        }

        var cases = await traces.FindCasePersonsAsync(CaseId, unknown);
        _notContacts.UnionWith(cases.NotContacts);
        _becameCases.UnionWith(cases.BecameCases);
        _classified.UnionWith(unknown);
        _notContacts.Add(CasePersonId);
    }

    private static Exposure VenueExposure(SourcePresence source, CoPresence found, string? via) =>
        new(ExposureKinds.Venue, source.VenueId, found.OverlapFrom, found.OverlapTo, via, null, found.Sources, source, found.From);

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
        // Tier 2 reads venues through close contacts: someone new there concerns only that close contact's tier 2.
        await WatchAsync([.. byVenue.SelectMany(g => g).Select(s => new TraceWatch(
            TraceWatch.VenueKind, s.Presence.VenueId, s.Presence.Window.From, s.Presence.Window.To, closeOnly ? s.Presence.PersonId : null))]);

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

    /// <summary>
    /// The household members of <paramref name="personIds"/>, each with whose household member they are and since when
    /// that person belongs to the household: someone who moved in joins the others from then on.
    /// </summary>
    private async Task<List<(HouseholdMembership Member, List<HouseholdMembership> Via)>> HouseholdMembersAsync(IEnumerable<string> personIds)
    {
        var ids = personIds.ToHashSet(StringComparer.Ordinal);
        var households = await registry.FindHouseholdsAsync(ids);
        if (households.Count == 0)
        {
            return [];
        }

        var byHousehold = households.GroupBy(h => h.Value, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(h => h.Key).ToList(), StringComparer.Ordinal);
        var members = await registry.FindHouseholdMembersAsync(byHousehold.Keys);
        var membership = members.Where(m => ids.Contains(m.PersonId)).ToDictionary(m => m.PersonId, StringComparer.Ordinal);
        return [.. members
            .Select(m => (Member: m, Via: byHousehold[m.HouseholdId].Where(v => v != m.PersonId && membership.ContainsKey(v)).Select(v => membership[v]).ToList()))
            .Where(m => m.Via.Count > 0)];
    }

    private sealed record class VenuePresence(string PersonId, string VenueId, VenueClass VenueClass, PresenceWindow Window);
}
