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
internal sealed partial class TraceComputation(
    CaseRecord record,
    ImmutableArray<ReportedContact> reported,
    TracingPolicy policy,
    IGrainFactory grains,
    IScanStore scans,
    IRegistryStore registry,
    ITraceStore traces,
    TimeSpan longestStay,
    int venueFanOut)
{
    private readonly ContactSetBuilder _contacts = new();
    private readonly List<SourcePresence> _sources = [];
    private readonly HashSet<string> _notContacts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _becameCases = new(StringComparer.Ordinal);
    private readonly HashSet<string> _classified = new(StringComparer.Ordinal);

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

        foreach (var member in await HouseholdMembersAsync([CasePersonId]))
        {
            _contacts.Add(member.PersonId, 1, ManagementCategory.CloseContact,
                new Exposure(ExposureKinds.Household, null, window.From, window.To, null, null));
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
        return new TraceResult(CaseId, found, [.. _sources.Skip(sourcesBefore)], [.. found, .. venueExposed]);
    }

    /// <summary>The figures of everything found, each person counted once in their most severe category.</summary>
    public TraceSummary Summarize(string status, DateTimeOffset? completedAt, DateTimeOffset? tierOneCompletedAt)
    {
        var findings = _contacts.Build(_notContacts);
        int Count(string category) => findings.Count(f => f.Category == category);
        return new TraceSummary(status, Count(ManagementCategory.CloseContact), Count(ManagementCategory.SecondaryContact),
            Count(ManagementCategory.VenueExposed), completedAt, Count(ManagementCategory.HomeIsolation),
            findings.Count(f => _becameCases.Contains(f.PersonId)), tierOneCompletedAt);
    }

    /// <summary>True when tier 1 found close contacts, who wait for rooms.</summary>
    public bool FoundCloseContacts => _contacts.CloseContacts().Any(c => !_notContacts.Contains(c.PersonId));

    // Contacts of close contacts: everyone a close contact C met from C's first exposure to the case until C
    // was isolated, which is when the case was isolated or reported (the end of the case's window). A close
    // contact who was a case before this trace found them is not a contact at all, so not expanded either.
    private async Task AddContactsOfCloseContactsAsync()
    {
        var closeContacts = _contacts.CloseContacts()
            .Where(c => c.PersonId != CasePersonId && !_notContacts.Contains(c.PersonId))
            .Select(c => (c.PersonId, Window: new PresenceWindow(_contacts.FirstDirectExposure(c.PersonId), record.WindowEnd)))
            .Where(c => c.Window.To > c.Window.From)
            .ToList();
        if (closeContacts.Count == 0)
        {
            return;
        }

        await WatchAsync([.. closeContacts.Select(c => new TraceWatch(TraceWatch.PersonKind, c.PersonId, c.Window.From, c.Window.To))]);
        var presence = await PresenceOfAsync(closeContacts);
        await QueryVenuesAsync(presence, closeOnly: true, (source, _, found) =>
            _contacts.Add(found.PersonId, 2, ManagementCategory.SecondaryContact, VenueExposure(source, found, via: source.PersonId)));

        var windows = closeContacts.ToDictionary(c => c.PersonId, c => c.Window, StringComparer.Ordinal);
        foreach (var member in await HouseholdMembersAsync(windows.Keys))
        {
            foreach (var (via, window) in member.Via.Select(v => (v, windows[v])))
            {
                _contacts.Add(member.PersonId, 2, ManagementCategory.SecondaryContact,
                    new Exposure(ExposureKinds.Household, null, window.From, window.To, via, null));
            }
        }
    }

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
            foreach (var via in member.Via.Select(v => isolating[v]))
            {
                _contacts.Add(member.PersonId, 2, ManagementCategory.HomeIsolation,
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
}
