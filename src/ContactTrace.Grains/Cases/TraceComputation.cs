using ContactTrace.Cases;

namespace ContactTrace.Grains.Cases;

/// <summary>
/// One run of a case's two-tier trace. It reads in bulk (the case's and the close contacts' scans, households,
/// venue kinds, which persons are cases) and asks each venue grain once per tier with every window of interest,
/// a bounded number at a time. It returns data; writing it is the store's job — except the windows it is about to
/// read, which it stores first (live re-tracing: a scan stored meanwhile is either read or finds the watch).
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

    private string CasePersonId => record.Report.PersonId;

    public async Task<TraceResult> RunAsync()
    {
        await AddTierOneAsync();
        if (policy.TraceSecondaryContacts)
        {
            await AddTierTwoAsync();
            await AddSharedHomeIsolationAsync();
        }

        var cases = await traces.FindCasePersonsAsync([.. _contacts.PersonIds]);
        var excluded = new HashSet<string>(cases, StringComparer.Ordinal) { CasePersonId };
        return new TraceResult(record.Report.CaseId, _contacts.Build(excluded));
    }

    private async Task AddTierOneAsync()
    {
        var window = new PresenceWindow(record.WindowStart, record.WindowEnd);
        await WatchAsync([new TraceWatch(TraceWatch.PersonKind, CasePersonId, window.From, window.To)]);
        var presence = await PresenceOfAsync([(CasePersonId, window)]);
        await QueryVenuesAsync(presence, closeOnly: false, (owner, venueId, venueClass, found) =>
        {
            var category = venueClass == VenueClass.Close ? ManagementCategory.CloseContact : ManagementCategory.VenueExposed;
            _contacts.Add(found.PersonId, 1, category, new Exposure(ExposureKinds.Venue, venueId, found.OverlapFrom, found.OverlapTo, null, null));
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
    }

    // Contacts of close contacts: everyone a close contact C met from C's first exposure to the case until C
    // was isolated, which is when the case was isolated or reported (the end of the case's window).
    private async Task AddTierTwoAsync()
    {
        // A close contact who is a case is not a contact at all, so not expanded either.
        var close = _contacts.CloseContacts();
        var cases = await traces.FindCasePersonsAsync([.. close.Select(c => c.PersonId)]);
        var closeContacts = close
            .Where(c => c.PersonId != CasePersonId && !cases.Contains(c.PersonId))
            .Select(c => (c.PersonId, Window: new PresenceWindow(_contacts.FirstDirectExposure(c.PersonId), record.WindowEnd)))
            .Where(c => c.Window.To > c.Window.From)
            .ToList();
        if (closeContacts.Count == 0)
        {
            return;
        }

        await WatchAsync([.. closeContacts.Select(c => new TraceWatch(TraceWatch.PersonKind, c.PersonId, c.Window.From, c.Window.To))]);
        var presence = await PresenceOfAsync(closeContacts);
        await QueryVenuesAsync(presence, closeOnly: true, (owner, venueId, _, found) =>
            _contacts.Add(found.PersonId, 2, ManagementCategory.SecondaryContact,
                new Exposure(ExposureKinds.Venue, venueId, found.OverlapFrom, found.OverlapTo, owner, null)));

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
        var secondary = _contacts.WithCategory(ManagementCategory.SecondaryContact);
        var cases = await traces.FindCasePersonsAsync([.. secondary.Select(s => s.PersonId)]);
        var isolating = secondary
            .Where(s => !cases.Contains(s.PersonId))
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
}
