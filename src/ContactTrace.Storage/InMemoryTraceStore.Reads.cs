using ContactTrace.Cases;
using ContactTrace.Scans;
using ContactTrace.Tracing;

namespace ContactTrace.Storage;

public sealed partial class InMemoryTraceStore
{
    public Task<PersonManagement> GetManagementAsync(string personId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_managements.GetValueOrDefault(personId) ?? PersonManagement.None(personId));
        }
    }

    public Task<IReadOnlyList<Assignment>> GetAssignmentsAsync(string personId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<Assignment> found = [.. AssignmentsOf(personId)];
            return Task.FromResult(found);
        }
    }

    public Task<IReadOnlyList<ContactItem>> GetContactsAsync(
        string caseId, int? tier, string? category, string? afterPersonId, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var persons = _contactsByCase.GetValueOrDefault(caseId) ?? [];
            IReadOnlyList<ContactItem> page = [.. persons
                .Where(p => afterPersonId is null || string.CompareOrdinal(p, afterPersonId) > 0)
                .Select(p => _contacts[(caseId, p)])
                .Where(c => (tier is null || c.Finding.Tier == tier) && (category is null || c.Finding.Category == category))
                .Take(limit)
                .Select(c => new ContactItem(c.WithEvidence(), PostgresTraceStore.CurrentAssignment([.. AssignmentsOf(c.Finding.PersonId)], caseId),
                    BecameCase(c.Finding.PersonId, caseId), c.Sought))];
            return Task.FromResult(page);
        }
    }

    public Task<IReadOnlyList<PersonExposure>> GetPersonExposuresAsync(string personId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<PersonExposure> found = [.. (_contactsByPerson.GetValueOrDefault(personId) ?? [])
                .Where(_cases.ContainsKey)
                .Select(caseId => (Case: _cases[caseId], Contact: _contacts[(caseId, personId)]))
                .OrderBy(c => c.Case.ReportedAt).ThenBy(c => c.Case.Report.CaseId, StringComparer.Ordinal)
                .Select(c => new PersonExposure(c.Case.Report.CaseId, c.Case.Report.PersonId, c.Contact.Finding.Tier, c.Contact.Finding.Category,
                    c.Contact.WithEvidence().Exposures))];
            return Task.FromResult(found);
        }
    }

    /// <summary>
    /// The cases watching a window that one of <paramref name="scans"/> falls in, each with the close contacts whose
    /// tier 2 alone is concerned (<c>null</c>: the whole trace) — the in-memory twin of the watch join.
    /// </summary>
    internal IReadOnlyDictionary<string, ImmutableArray<string>?> FindWatchingCases(IReadOnlyList<Scan> scans, TimeSpan longestStay)
    {
        lock (_gate)
        {
            var found = new Dictionary<string, ImmutableArray<string>?>(StringComparer.Ordinal);
            foreach (var (caseId, watches) in _watches)
            {
                var matched = watches.Where(watch => scans.Any(scan => Watches(watch, scan, longestStay))).ToList();
                if (matched.Count > 0)
                {
                    found[caseId] = matched.All(w => w.Kind == TraceWatch.ContactKind)
                        ? [.. matched.Select(w => w.Id).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]
                        : null;
                }
            }

            return found;
        }
    }

    /// <summary>The twin of the household-change request: the person's own cases in whole, open close contacts among <paramref name="members"/> scoped.</summary>
    internal IReadOnlyDictionary<string, ImmutableArray<string>?> FindHouseholdRetraces(string personId, IReadOnlySet<string> members, DateTimeOffset now)
    {
        lock (_gate)
        {
            var found = new Dictionary<string, ImmutableArray<string>?>(FindOpenContactWindows(members, now), StringComparer.Ordinal);
            foreach (var caseId in StandingCasesOf(personId))
            {
                found[caseId] = null;
            }

            return found;
        }
    }

    /// <summary>The cases with a still-open window of one of <paramref name="persons"/>, each with those persons.</summary>
    internal IReadOnlyDictionary<string, ImmutableArray<string>?> FindOpenContactWindows(IReadOnlySet<string> persons, DateTimeOffset now)
    {
        lock (_gate)
        {
            var found = new Dictionary<string, ImmutableArray<string>?>(StringComparer.Ordinal);
            foreach (var (caseId, watches) in _watches)
            {
                var open = watches.Where(w => w.Kind == TraceWatch.ContactKind && w.To > now && persons.Contains(w.Id)).Select(w => w.Id).Distinct(StringComparer.Ordinal).ToList();
                if (open.Count > 0)
                {
                    found[caseId] = [.. open.Order(StringComparer.Ordinal)];
                }
            }

            return found;
        }
    }

    public Task<IReadOnlyList<Isolation>> FindIsolationsAsync(IReadOnlyCollection<string> personIds, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var isolations = new List<Isolation>();
            foreach (var personId in personIds.Distinct(StringComparer.Ordinal))
            {
                foreach (var r in RecordsOf(personId))
                {
                    var a = r.Assignment;
                    if (a.Kind == AssignmentKinds.CentralizedIsolation && r.CheckedInAt is { } checkedIn)
                    {
                        isolations.Add(new Isolation(personId, checkedIn, r.CheckedOutAt ?? r.EndedAt, ContactWindow.CheckIn));
                    }
                    else if (a.Kind == AssignmentKinds.HomeIsolation && (r.EndedAt is null || r.EndedAt > a.Start))
                    {
                        isolations.Add(new Isolation(personId, a.Start, r.EndedAt is { } ended && ended < a.End ? ended : a.End, ContactWindow.HomeIsolation));
                    }
                }

                isolations.AddRange(StandingCasesOf(personId).Select(id => new Isolation(personId, _cases[id].ReportedAt, null, ContactWindow.BecameCase)));
            }

            return Task.FromResult<IReadOnlyList<Isolation>>(isolations);
        }
    }

    public Task<IReadOnlyList<ContactItem>> FindContactsAsync(string caseId, IReadOnlyCollection<string> personIds, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<ContactItem> found = [.. personIds.Distinct(StringComparer.Ordinal)
                .Where(p => _contacts.ContainsKey((caseId, p)))
                .Select(p => _contacts[(caseId, p)])
                .Select(c => new ContactItem(c.Finding, null, null, c.Sought))];
            return Task.FromResult(found);
        }
    }

    public Task<TraceSummary> CountContactsAsync(string caseId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var contacts = (_contactsByCase.GetValueOrDefault(caseId) ?? []).Select(p => _contacts[(caseId, p)].Finding).ToList();
            int Count(string category) => contacts.Count(c => c.Category == category);
            return Task.FromResult(new TraceSummary(TraceStatus.Completed, Count(ManagementCategory.CloseContact), Count(ManagementCategory.SecondaryContact),
                Count(ManagementCategory.VenueExposed), null, Count(ManagementCategory.HomeIsolation),
                contacts.Count(c => BecameCase(c.PersonId, caseId) is not null)));
        }
    }

    private static bool Watches(TraceWatch watch, Scan scan, TimeSpan longestStay)
    {
        var id = watch.Kind == TraceWatch.VenueKind ? scan.VenueId : scan.PersonId;
        var to = scan.LeftAt ?? scan.ScannedAt + longestStay;
        return watch.Id == id && watch.To > scan.ScannedAt && watch.From < to;
    }

    // The earliest case of the person other than this one: a contact who became a case.
    private string? BecameCase(string personId, string caseId) =>
        StandingCasesOf(personId)
            .Where(id => id != caseId)
            .OrderBy(id => _cases[id].ReportedAt).ThenBy(id => id, StringComparer.Ordinal)
            .FirstOrDefault();

    /// <summary>The cases of a person that were not withdrawn: a false positive is no case.</summary>
    private IEnumerable<string> StandingCasesOf(string personId) =>
        (_casesByPerson.GetValueOrDefault(personId) ?? []).Where(id => _cases[id].Withdrawal is null);

    private IEnumerable<AssignmentRecord> RecordsOf(string personId) =>
        (_assignmentsByPerson.GetValueOrDefault(personId) ?? [])
            .Select(id => _assignments[id])
            .OrderBy(r => r.Assignment.Start).ThenBy(r => r.Assignment.AssignmentId, StringComparer.Ordinal);

    private IEnumerable<Assignment> AssignmentsOf(string personId) => RecordsOf(personId).Select(r => r.Assignment);
}
